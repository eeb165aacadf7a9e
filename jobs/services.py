"""Starting background jobs, the calls a running job makes, and resuming an interrupted one.

Contract for a task function (``task="reports.tasks.generate_report"``)::

    def generate_report(job, **params):
        job.set_progress(done, total, message="…")   # now and then; cheap, throttled
        job.save_checkpoint({...})                    # resumable work: in the batch's transaction
        job.save_result(filename, content_type, data) # bytes or a binary file object
        raise JobError("câu tiếng Việt")              # a clear failure the user reads

The function runs in the worker (``manage.py db_worker``); under pytest, immediately in the caller.
"""

import io
import logging
import time
from importlib import import_module

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import AuditAction
from audit.services import record_event
from core.errors import NotAllowed
from documents import storage
from jobs.choices import JobStatus
from jobs.models import Job

log = logging.getLogger(__name__)

# Progress writes are throttled so a million-row job does not write a million rows of progress.
PROGRESS_INTERVAL_SECONDS = 0.5
# A RUNNING job whose heartbeat is older than this was interrupted (worker killed, machine down).
STALE_AFTER_SECONDS = 120
RESULT_LIMIT_BYTES = 20 * 1024**3


class JobError(Exception):
    """A failure the user should read as it is (Vietnamese sentence saying what to do)."""


def start_job(*, owner, kind: str, label: str, task: str, params: dict | None = None) -> Job:
    """Create the job row and hand it to the task queue; returns the job (maybe already done
    when the queue runs tasks immediately)."""
    _task_function(task)  # an unknown task fails here, in the request, not later in the worker
    job = Job.objects.create(owner=owner, kind=kind, label=str(label)[:255], task=task,
                             params=params or {})
    _enqueue(job)
    job.refresh_from_db()
    return job


# The django-tasks backend alias jobs go to ("default": the database queue, immediate under tests).
BACKEND = "default"


def _enqueue(job: Job) -> None:
    from jobs.tasks import run_job

    run_job.using(backend=BACKEND).enqueue(job.pk)


def _task_function(path: str):
    module_name, _dot, name = path.rpartition(".")
    function = getattr(import_module(module_name), name, None)
    if not callable(function):
        raise ValueError(f"unknown job task {path!r}")
    return function


def execute(job_id: int) -> None:
    """Run one job to its end (called by the worker); failures end in the row, not the worker."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status == JobStatus.DONE:
        return
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=now,
                                         heartbeat_at=now, attempts=job.attempts + 1, error="")
    job.refresh_from_db()
    job._last_progress = 0.0
    try:
        _task_function(job.task)(job, **job.params)
    except JobError as exc:
        _finish(job, JobStatus.FAILED, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - the worker must survive any task failure
        log.exception("job %s failed", job.pk)
        _finish(job, JobStatus.FAILED, error=_(
            "Tác vụ dừng vì một lỗi không lường trước ({kind}). Hãy thử lại; nếu vẫn lỗi, báo "
            "quản trị viên mã tác vụ số {id}.").format(kind=type(exc).__name__, id=job.pk))
    else:
        _finish(job, JobStatus.DONE)


def _finish(job: Job, status: str, error: str = "") -> None:
    fields = {"status": status, "error": error, "finished_at": timezone.now(),
              "heartbeat_at": timezone.now()}
    if status == JobStatus.DONE and job.total:
        fields["done"] = job.total
    Job.objects.filter(pk=job.pk).update(**fields)


def set_progress(job: Job, done: int, total: int | None = None, message: str = "") -> None:
    """Record progress (at most every PROGRESS_INTERVAL_SECONDS, and always at the end)."""
    job.done = done
    if total is not None:
        job.total = total
    if message:
        job.message = str(message)[:255]
    now = time.monotonic()
    if now - getattr(job, "_last_progress", 0.0) < PROGRESS_INTERVAL_SECONDS and done != job.total:
        return
    job._last_progress = now
    Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total, message=job.message,
                                         heartbeat_at=timezone.now())


def save_checkpoint(job: Job, checkpoint: dict) -> None:
    """Save the resume position; call it inside the transaction that writes the batch, so the
    batch and its checkpoint commit together or not at all."""
    job.checkpoint = checkpoint
    Job.objects.filter(pk=job.pk).update(checkpoint=checkpoint, heartbeat_at=timezone.now())


def save_result(job: Job, filename: str, content_type: str, data) -> None:
    """Store the result file encrypted and attach it to the job."""
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    stored = storage.store_encrypted(source, limit=RESULT_LIMIT_BYTES)
    # The file goes to its place first: a row never points at a missing file. If the row update
    # fails (or its transaction rolls back) the file is an orphan nobody can decrypt: harmless.
    try:
        storage.promote(stored.storage_key)
        old_key = Job.objects.filter(pk=job.pk).values_list("result_storage_key", flat=True).first()
        Job.objects.filter(pk=job.pk).update(
            result_name=filename[:255], result_content_type=content_type[:120],
            result_storage_key=stored.storage_key, result_wrapped_key=stored.wrapped_key,
            result_size=stored.size, result_sha256=stored.sha256)
    except BaseException:
        storage.discard(stored.storage_key)
        raise
    if old_key:
        storage.discard(old_key)
    job.result_name, job.result_storage_key = filename, stored.storage_key
    job.result_wrapped_key, job.result_sha256 = stored.wrapped_key, stored.sha256


def read_result(job: Job):
    """The decrypted result, chunk by chunk (raises storage.CorruptFile if altered)."""
    return storage.decrypt_chunks(job.result_storage_key, job.result_wrapped_key)


def is_interrupted(job: Job, now=None) -> bool:
    """A job that can be resumed: failed, or RUNNING with no heartbeat for a while."""
    if job.status == JobStatus.FAILED:
        return True
    if job.status != JobStatus.RUNNING or job.heartbeat_at is None:
        return False
    now = now or timezone.now()
    return (now - job.heartbeat_at).total_seconds() > STALE_AFTER_SECONDS


def do_resume_job(*, job: Job, actor) -> Job:
    """Queue an interrupted or failed job again; it continues from its checkpoint."""
    if job.owner_id != actor.pk:
        raise NotAllowed(_("Chỉ người đã chạy tác vụ mới được chạy tiếp."))
    if not is_interrupted(job):
        raise NotAllowed(_("Tác vụ này không bị gián đoạn nên không cần chạy tiếp."))
    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, error="")
        record_event(actor=actor, action=AuditAction.UPDATE, target=job,
                     reason=_("Chạy tiếp tác vụ"), after={"status": JobStatus.QUEUED})
    _enqueue(job)
    job.refresh_from_db()
    return job


def log_download(*, job: Job, actor) -> None:
    """A result leaves the server: one audit event, like any export."""
    record_event(actor=actor, action=AuditAction.EXPORT, target=job,
                 reason=job.result_name, after={"sha256": job.result_sha256})
