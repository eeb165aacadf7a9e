"""Background jobs: run, progress, result download (owner only), clear failures, resume."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent
from jobs import services
from jobs.choices import JobStatus
from jobs.models import Job
from people.models import Person

pytestmark = pytest.mark.django_db
SAMPLE = "jobs.tests.sample_tasks"


def start(owner, task, **params):
    return services.start_job(owner=owner, kind="test", label="Thử nghiệm", task=f"{SAMPLE}.{task}",
                              params=params)


def test_it_runs_and_keeps_the_result_encrypted(world):
    job = start(world.officer_a, "write_report", text="Báo cáo năm 2.611 lượt")
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.result_name == "ket-qua.txt" and job.result_size == len("Báo cáo năm 2.611 lượt".encode())
    assert b"".join(services.read_result(job)) == "Báo cáo năm 2.611 lượt".encode()
    # At rest the file is ciphertext: the plain text is nowhere in it.
    from documents.storage import final_path

    assert b"2.611" not in final_path(job.result_storage_key).read_bytes()


def test_owner_downloads_the_result_and_the_download_is_logged(client, world):
    job = start(world.officer_a, "write_report", text="Nội dung")
    client.force_login(world.officer_a)
    response = client.get(reverse("jobs:download", kwargs={"job_id": job.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "Nội dung".encode()
    assert "ket-qua.txt" in response["Content-Disposition"]
    assert AuditEvent.objects.filter(action="EXPORT", target_type="jobs.job",
                                     target_id=str(job.pk), actor=world.officer_a).exists()


@pytest.mark.parametrize("persona", ["officer_b", "admin", "viewer_a"])
def test_nobody_else_sees_or_downloads_a_job(client, world, persona):
    job = start(world.officer_a, "write_report", text="bí mật")
    client.force_login(getattr(world, persona))
    for name in ("detail", "progress", "download"):
        assert client.get(reverse(f"jobs:{name}", kwargs={"job_id": job.pk})).status_code == 404
    assert client.post(reverse("jobs:resume", kwargs={"job_id": job.pk})).status_code == 404
    assert "Thử nghiệm" not in client.get(reverse("jobs:list")).content.decode()


def test_a_clear_failure_is_shown_as_written(client, world):
    job = start(world.officer_a, "refuse")
    assert job.status == JobStatus.FAILED
    assert job.error == "Tệp không đúng mẫu: thiếu cột «Họ và tên»."
    client.force_login(world.officer_a)
    page = client.get(reverse("jobs:detail", kwargs={"job_id": job.pk})).content.decode()
    assert "thiếu cột «Họ và tên»" in page and "Chạy tiếp" in page


def test_an_unexpected_failure_gives_a_sentence_not_a_traceback(world):
    job = start(world.officer_a, "crash")
    assert job.status == JobStatus.FAILED
    assert "ZeroDivisionError" in job.error and f"số {job.pk}" in job.error
    assert "boom" not in job.error


def test_progress_block_polls_until_finished(client, world):
    job = Job.objects.create(owner=world.officer_a, kind="test", label="Đang chạy",
                             task=f"{SAMPLE}.write_report", status=JobStatus.RUNNING, done=40,
                             total=100)
    client.force_login(world.officer_a)
    running = client.get(reverse("jobs:progress", kwargs={"job_id": job.pk})).content.decode()
    assert 'hx-trigger="every 1s"' in running and 'value="40"' in running
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    done = client.get(reverse("jobs:progress", kwargs={"job_id": job.pk})).content.decode()
    assert "hx-trigger" not in done


def test_resume_continues_after_the_last_committed_batch(client, world):
    people = [world.person_a.pk, world.person_a_secret.pk, world.person_a_top.pk]
    before = {pk: Person.objects.get(pk=pk).post for pk in people}
    job = start(world.officer_a, "rename_in_batches", person_ids=people, fail_after=2)
    assert job.status == JobStatus.FAILED and job.checkpoint == {"next": 2}
    client.force_login(world.officer_a)
    client.post(reverse("jobs:resume", kwargs={"job_id": job.pk}))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2
    # Every person touched exactly once, across the two attempts.
    assert {pk: Person.objects.get(pk=pk).post for pk in people} == {
        pk: (value or "") + "x" for pk, value in before.items()}


def test_a_finished_job_cannot_be_resumed(client, world):
    job = start(world.officer_a, "write_report", text="x")
    client.force_login(world.officer_a)
    response = client.post(reverse("jobs:resume", kwargs={"job_id": job.pk}), follow=True)
    assert "không bị gián đoạn" in response.content.decode()
    job.refresh_from_db()
    assert job.attempts == 1


def test_a_stale_running_job_counts_as_interrupted(world):
    from datetime import timedelta

    from django.utils import timezone

    job = Job.objects.create(owner=world.officer_a, kind="test", label="x", task="x",
                             status=JobStatus.RUNNING,
                             heartbeat_at=timezone.now() - timedelta(minutes=10))
    assert services.is_interrupted(job)
    job.heartbeat_at = timezone.now()
    assert not services.is_interrupted(job)


def test_an_unknown_task_is_refused_at_once(world):
    with pytest.raises(ValueError):
        start(world.officer_a, "no_such_task")
    assert not Job.objects.exists()


def test_the_database_worker_runs_a_queued_job(world, monkeypatch):
    """The real path of `make run`: the job waits in the database queue until db_worker runs it."""
    monkeypatch.setattr(services, "BACKEND", "database")
    # The worker closes "old" connections when it wakes; inside this test's transaction (no
    # autocommit) Django counts the connection as unusable and would close it under the test.
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    job = start(world.officer_a, "write_report", text="nền")
    assert job.status == JobStatus.QUEUED
    call_command("db_worker", "--batch", "--backend", "database", "--no-startup-delay",
                 "--interval", "0")
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert b"".join(services.read_result(job)) == "nền".encode()


def test_api_lists_only_the_callers_jobs(client, world):
    mine = start(world.officer_a, "write_report", text="a")
    start(world.officer_b, "write_report", text="b")
    client.force_login(world.officer_a)
    body = client.get("/api/v1/jobs/").json()
    assert [row["id"] for row in body] == [mine.pk]
    assert client.get(f"/api/v1/jobs/{mine.pk}").json()["percent"] == 100
