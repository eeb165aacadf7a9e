"""The values a document template sees: figures already in Vietnamese format, header, signature."""

from django.utils.translation import gettext as _

from core.choices import Classification
from core.documents import place_date_line
from reports.rendering.meta import DocumentMeta
from reports.rendering.numbers import vn_date, vn_number
from reports.types import Figure, ReportData

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]


def roman(index: int) -> str:
    return ROMAN[index] if index < len(ROMAN) else str(index + 1)


def figure_context(figure: Figure) -> dict:
    return {"key": figure.key, "cell": figure.cell, "label": figure.label,
            "value": figure.value, "text": vn_number(figure.value)}


def cell_context(item) -> dict:
    """A table cell: a label (text) or a figure (number, right-aligned, drill-down link)."""
    if isinstance(item, Figure):
        return {"is_figure": True, **figure_context(item)}
    return {"is_figure": False, "text": str(item), "value": None}


def _table_context(table, compact: bool) -> dict:
    rows = [[cell_context(item) for item in row] for row in table.rows]
    kept = rows
    if compact:
        # A printed document leaves out breakdown rows that are all zero (a unit with nothing to
        # report); the XLSX and the preview keep every row.
        kept = [row for row in rows if any(item["is_figure"] and item["value"] for item in row)]
    omitted = len(rows) - len(kept)
    note = _("Các dòng toàn số 0 không in (%(count)s dòng); bản Excel có đủ.") % {
        "count": omitted} if omitted else ""
    return {"key": table.key, "title": table.title, "columns": list(table.columns),
            "rows": kept, "omitted": omitted, "note": note}


def sections_context(data: ReportData, compact: bool = False) -> list[dict]:
    return [{
        "number": roman(index),
        "key": section.key,
        "title": section.title,
        "figures": [figure_context(figure) for figure in section.figures],
        "tables": [_table_context(table, compact) for table in section.tables],
    } for index, section in enumerate(data.sections)]


def classification_mark(level: int) -> str:
    return str(Classification(level).label).upper() if level else ""


def build_context(data: ReportData, meta: DocumentMeta, *, compact: bool = False) -> dict:
    """Everything the DOCX and PDF templates may use (documented in doc_templates/README.md);
    ``compact`` (printed documents) leaves out breakdown rows that are all zero."""
    period = data.period
    return {
        "kind": meta.kind,
        "parent_body": meta.parent_body.upper(),
        "issuer": meta.issuer.upper(),
        "issuer_name": meta.issuer,
        "number": meta.number or "…-BC/…",
        "place_date": place_date_line(meta.place, meta.issued_on),
        "title": meta.title.upper(),
        "subject": meta.subject,
        "subject_upper": meta.subject.upper(),
        "classification_mark": classification_mark(meta.classification),
        "unit_name": data.unit_name,
        "date_from": vn_date(period.date_from),
        "date_to": vn_date(period.date_to),
        "as_of": vn_date(period.as_of),
        "year_from": period.date_from.year,
        "year_to": period.date_to.year,
        "sections": sections_context(data, compact),
        "signature": list(meta.signature),
        "signer_title": meta.signer_title.upper(),
        "signer": meta.signer,
        "recipients": list(meta.recipients),
        "keep_at": meta.keep_at,
    }
