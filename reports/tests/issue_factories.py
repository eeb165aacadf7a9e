"""Builders for issued reports in tests (through reports.services, as the pages do)."""

from datetime import date

from django.test import TestCase

from reports.figures import compute_report
from reports.kinds import ReportKind
from reports.rendering.bundle import FORMATS, render_all
from reports.rendering.meta import DocumentMeta
from reports.services import do_issue_report
from reports.types import Period


def year_period(unit, year: int = 2026, as_of: date | None = None) -> Period:
    return Period(unit.pk, date(year, 1, 1), date(year, 12, 31), as_of)


def meta_for(unit, *, number: str = "12-BC/BTCTU", classification: int = 1,
             kind: str = ReportKind.NAM) -> DocumentMeta:
    return DocumentMeta(
        kind=kind, parent_body=f"Đảng bộ {unit.name}", issuer="Ban Tổ chức", number=number,
        place="Hà Nội", issued_on=date(2026, 12, 29), title="Báo cáo",
        subject="Kết quả công tác bảo vệ chính trị nội bộ năm 2026",
        classification=classification, signer_title="Trưởng ban", signer="Nguyễn Văn An",
        recipients=["Ban Tổ chức Trung ương"], keep_at="VP")


def issue(actor, unit, *, number: str = "12-BC/BTCTU", classification: int = 1,
          formats=FORMATS, as_of: date | None = None):
    """Compute, render and issue the yearly report of ``unit`` for 2026."""
    data = compute_report(actor, year_period(unit, as_of=as_of))
    meta = meta_for(unit, number=number, classification=classification)
    files = render_all(data, meta, formats)
    # The encrypted files move into place when the row commits: run those hooks in the test.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return do_issue_report(actor=actor, data=data, meta=meta, files=files)


def matrix_records(actor, unit, classification: int = 0) -> dict:
    """One issued report (DOCX only, for speed) for the access matrix: URL kwarg → id."""
    report = issue(actor, unit, number=f"{unit.pk}-BC/MT", classification=classification,
                   formats=("docx",))
    return {"report_id": report.pk}
