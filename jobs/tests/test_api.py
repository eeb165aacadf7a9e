"""Jobs API: a caller reads only their own jobs (lists, filters, detail); others' are 404."""

from core.tests.api_client import call
from jobs.choices import JobStatus
from jobs.services import start_job


def start(owner, task: str, **params):
    return start_job(owner=owner, kind="test", label="Tác vụ thử", params=params,
                     task=f"jobs.tests.sample_tasks.{task}")


def test_lists_and_filters_only_the_callers_jobs(client, world):
    done = start(world.officer_a, "write_report", text="a")
    failed = start(world.officer_a, "refuse")
    theirs = start(world.officer_b, "write_report", text="b")
    body = call(client, "GET", "/jobs/", world.officer_a).json()
    assert {row["id"] for row in body} == {done.pk, failed.pk}
    assert theirs.pk not in {row["id"] for row in body}
    only_failed = call(client, "GET", "/jobs/?status=FAILED", world.officer_a).json()
    assert [row["id"] for row in only_failed] == [failed.pk]
    assert only_failed[0]["error"] and only_failed[0]["status"] == JobStatus.FAILED
    assert call(client, "GET", "/jobs/?kind=khac", world.officer_a).json() == []
    bad = call(client, "GET", "/jobs/?status=NOPE", world.officer_a)
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_detail_of_someone_elses_job_is_404_even_for_an_administrator(client, world):
    job = start(world.officer_a, "write_report", text="riêng")
    mine = call(client, "GET", f"/jobs/{job.pk}", world.officer_a).json()
    assert mine["percent"] == 100 and mine["result_name"] == "ket-qua.txt"
    for other in (world.officer_b, world.viewer_a, world.admin):
        assert call(client, "GET", f"/jobs/{job.pk}", other).status_code == 404
    assert call(client, "GET", f"/jobs/{job.pk}").status_code == 401
