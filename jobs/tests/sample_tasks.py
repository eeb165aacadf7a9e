"""Task functions the jobs tests run (real functions, called by the real runner)."""

from django.db import transaction

from jobs.services import JobError
from people.models import Person


def write_report(job, *, text: str, parts: int = 3):
    """Reports progress part by part and leaves a text file as the result."""
    for part in range(1, parts + 1):
        job.set_progress(part, parts, message=f"phần {part}")
    job.save_result("ket-qua.txt", "text/plain; charset=utf-8", text.encode())


def refuse(job):
    raise JobError("Tệp không đúng mẫu: thiếu cột «Họ và tên».")


def crash(job):
    raise ZeroDivisionError("boom")


def rename_in_batches(job, *, person_ids: list[int], fail_after: int | None = None):
    """Resumable work: one person per batch, committed with its checkpoint."""
    start = job.checkpoint.get("next", 0)
    for index in range(start, len(person_ids)):
        if fail_after is not None and index >= fail_after and job.attempts == 1:
            raise JobError("Dừng giữa chừng (thử nghiệm).")
        with transaction.atomic():
            person = Person.objects.get(pk=person_ids[index])
            person.post = (person.post or "") + "x"
            person.save(update_fields=["post"])
            job.save_checkpoint({"next": index + 1})
        job.set_progress(index + 1, len(person_ids))
