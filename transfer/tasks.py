"""Background tasks of the import (run by the jobs app: ``jobs.services.start_job``)."""

from django.utils.translation import gettext as _

from jobs.services import JobError
from transfer.importing import engine, staging
from transfer.models import Import, ImportStatus


def _import(job, import_id: int) -> Import:
    item = Import.objects.select_related("owner").filter(pk=import_id, owner_id=job.owner_id).first()
    if item is None:
        raise JobError(_("Không còn lần nhập dữ liệu này."))
    return item


def analyse_import(job, import_id: int) -> None:
    """Dry run: every row's verdict (the import page shows them when the job is done)."""
    item = _import(job, import_id)
    Import.objects.filter(pk=item.pk).update(status=ImportStatus.ANALYSING, job_id=job.pk)
    engine.analyse(item, progress=lambda done: job.set_progress(
        done, None, message=_("Đã kiểm tra %(n)s dòng") % {"n": f"{done:,}".replace(",", ".")}))
    job.set_progress(item.total_rows, item.total_rows)
    if item.status == ImportStatus.FAILED:
        raise JobError(item.error)


def apply_import(job, import_id: int, mode: str) -> None:
    """Write the rows. A resumed job continues after the last committed batch (checkpoint)."""
    item = _import(job, import_id)
    if item.status == ImportStatus.APPLYING:
        # Set by the page that queued this job, or left by an interrupted run: the fast path
        # resumes after rows_committed; the one-transaction path wrote nothing and starts again.
        item.status = ImportStatus.ANALYSED
    Import.objects.filter(pk=item.pk).update(job_id=job.pk)
    total = sum(item.counts.values()) or None
    # Not inside one transaction: the fast path commits batch by batch (with its checkpoint);
    # the interactive path opens its own single transaction.
    try:
        item = engine.do_apply_import(
            actor=item.owner, item=item, mode=mode, job=job,
            progress=lambda done: job.set_progress(done, total, message=_("Đã ghi %(n)s dòng") % {
                "n": f"{done:,}".replace(",", ".")}))
    except staging.StagedRowsMissing as exc:
        raise JobError(str(exc)) from exc
    job.set_progress(total or 0, total)
    if item.status == ImportStatus.ROLLED_BACK:
        raise JobError(item.error)
