"""Issuing a report: the only writer of IssuedReport/IssuedFile (frozen once written)."""

import io
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import WRITER_ROLES
from audit.choices import AuditAction
from audit.services import record_event
from core.errors import NotAllowed
from documents import storage
from reports.models import IssuedFile, IssuedReport
from reports.rendering.bundle import RenderedFile
from reports.rendering.meta import DocumentMeta
from reports.rendering.serial import report_to_json
from reports.types import ReportData


def check_can_issue(actor, unit_id: int, classification: int) -> None:
    """NotAllowed unless ``actor`` writes records, the unit is in scope and the mark within
    clearance (an issued copy its issuer could not open would be a mistake)."""
    from orgs.models import OrgUnit

    if getattr(actor, "role", None) not in WRITER_ROLES:
        raise NotAllowed(_("Chỉ lãnh đạo và cán bộ nghiệp vụ mới được ban hành báo cáo."))
    if not OrgUnit.objects.visible_to(actor).filter(pk=unit_id).exists():
        raise NotAllowed(_("Đơn vị ngoài phạm vi của bạn."))
    if classification > actor.clearance:
        raise NotAllowed(_("Độ mật của báo cáo cao hơn độ mật bạn được xem."))


def do_issue_report(*, actor, data: ReportData, meta: DocumentMeta,
                    files: list[RenderedFile]) -> IssuedReport:
    """Freeze the figures and the files (encrypted, with their SHA-256) as an issued report."""
    check_can_issue(actor, data.period.unit_id, meta.classification)
    if not meta.number.strip():
        raise NotAllowed(_("Báo cáo ban hành phải có số, ví dụ “12-BC/BTCTU”."))
    issued_on = meta.issued_on or timezone.localdate()
    # The number is checked against every issued report of the unit, visible or not: a clash
    # only tells that the number is taken.
    if IssuedReport.objects.filter(org_unit_id=data.period.unit_id, number=meta.number.strip(),
                                   issued_on__year=issued_on.year).exists():
        raise NotAllowed(_("Số %(number)s đã dùng cho một báo cáo khác của đơn vị trong năm "
                           "%(year)s: hãy lấy số mới.") % {"number": meta.number,
                                                            "year": issued_on.year})
    stored = [(item, storage.store_encrypted(io.BytesIO(item.data))) for item in files]
    try:
        with transaction.atomic():
            report = IssuedReport(
                org_unit_id=data.period.unit_id, kind=meta.kind, title=meta.subject[:500],
                date_from=data.period.date_from, date_to=data.period.date_to,
                as_of=data.period.as_of, number=meta.number.strip(), issued_on=issued_on,
                classification=meta.classification, figures=report_to_json(data),
                meta={**meta.to_json(), "issued_on": issued_on.isoformat()}, issued_by=actor)
            report.save()
            for item, saved in stored:
                IssuedFile(report=report, fmt=item.fmt, filename=item.filename,
                           content_type=item.content_type, size=saved.size, sha256=saved.sha256,
                           storage_key=saved.storage_key, wrapped_key=saved.wrapped_key,
                           key_id=saved.key_id).save()
                transaction.on_commit(partial(storage.promote, saved.storage_key))
            record_event(actor=actor, action=AuditAction.CREATE, target=report, after={
                "number": report.number, "kind": report.kind, "date_from": report.date_from,
                "date_to": report.date_to, "as_of": report.as_of,
                "files": {item.fmt: saved.sha256 for item, saved in stored}})
    except BaseException:
        for _item, saved in stored:
            storage.discard(saved.storage_key)
        raise
    return report


def read_verified(issued_file: IssuedFile) -> bytes:
    """The file's bytes after checking them against the SHA-256 frozen at issue;
    storage.CorruptFile when the file was altered, swapped or lost."""
    import hashlib

    data = storage.read_all(issued_file.storage_key, issued_file.wrapped_key)
    if hashlib.sha256(data).hexdigest() != issued_file.sha256:
        raise storage.CorruptFile("checksum")
    return data


def record_issued_download(*, actor, issued_file: IssuedFile, reason: str = "") -> None:
    """A frozen copy leaves the server: one EXPORT event naming the file and its checksum."""
    record_event(actor=actor, action=AuditAction.EXPORT, target=issued_file.report,
                 reason=reason or issued_file.filename,
                 after={"file": issued_file.filename, "sha256": issued_file.sha256})
