"""Background report generation (a ``jobs`` task): figures, then each format, then (when asked)
the issue of a frozen copy. Progress counts sections rendered over sections × formats."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from reports.rendering.bundle import FORMATS, base_name, render_all, zipped
from reports.rendering.meta import DocumentMeta
from reports.types import Period


def job_params(*, period: Period, meta: DocumentMeta, formats, issue: bool = False) -> dict:
    """The JSON a job keeps: what to compute and how to write it."""
    return {
        "unit_id": period.unit_id,
        "date_from": period.date_from.isoformat(),
        "date_to": period.date_to.isoformat(),
        "as_of": period.as_of.isoformat() if period.as_of else None,
        "formats": [fmt for fmt in FORMATS if fmt in formats],
        "meta": meta.to_json(),
        "issue": bool(issue),
    }


def period_of(params: dict) -> Period:
    return Period(unit_id=int(params["unit_id"]),
                  date_from=date.fromisoformat(params["date_from"]),
                  date_to=date.fromisoformat(params["date_to"]),
                  as_of=date.fromisoformat(params["as_of"]) if params.get("as_of") else None)


def generate_report(job, **params) -> None:
    """Compute the figures for the job's owner, render the formats, store the download; with
    ``issue`` also freeze an issued copy. Raises JobError with a sentence the user reads."""
    from jobs.services import JobError
    from reports.figures import compute_report
    from reports.services import do_issue_report

    user, period = job.owner, period_of(params)
    meta = DocumentMeta.from_json(params["meta"])
    formats = params.get("formats") or list(FORMATS)
    if params.get("issue"):
        formats = list(FORMATS)  # an issued copy keeps every format
    job.set_progress(0, 1, message=_("Đang tính số liệu"))
    try:
        data = compute_report(user, period)
    except PermissionDenied as exc:
        raise JobError(_("Đơn vị ngoài phạm vi của bạn.")) from exc
    total = max(1, len(data.sections) * len(formats))
    done = 0

    def on_section() -> None:
        nonlocal done
        done += 1
        job.set_progress(done, total, message=_("Đang viết báo cáo"))

    job.set_progress(0, total, message=_("Đang viết báo cáo"))
    files = render_all(data, meta, formats, on_section=on_section)
    if params.get("issue"):
        from core.errors import NotAllowed

        try:
            do_issue_report(actor=user, data=data, meta=meta, files=files)
        except NotAllowed as exc:
            raise JobError(str(exc.args[0]) if exc.args else str(exc)) from exc
    download = zipped(files, base_name(data, meta))
    job.set_progress(total, total, message=_("Xong"))
    job.save_result(download.filename, download.content_type, download.data)
