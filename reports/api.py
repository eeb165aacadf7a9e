"""REST API of the reports app: the report's figures and the records behind any of them.

Same scope as the pages: a unit of the user's subtree (another unit is a 404), the period (this
year by default; dates dd/mm/yyyy or yyyy-mm-dd) and an optional "as of" day.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from orgs.models import OrgUnit
from reports import counts as count_registry
from reports.drill import drill_page
from reports.figures import compute_report
from reports.filters import PeriodForm
from reports.types import Figure

router = Router(tags=["reports"])


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


class PeriodFilters(Schema):
    unit: int | None = None
    date_from: str = ""
    date_to: str = ""
    as_of: str = ""


class RecordFilters(PeriodFilters):
    key: str
    cell: str = ""
    page: int = 1


class FigureOut(Schema):
    key: str
    label: str
    value: int
    cell: str = ""


class RowOut(Schema):
    labels: list[str]
    figures: list[FigureOut]


class TableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[RowOut]


class SectionOut(Schema):
    key: str
    title: str
    figures: list[FigureOut]
    tables: list[TableOut]


class PeriodOut(Schema):
    unit_id: int
    date_from: str
    date_to: str
    as_of: str | None = None


class ReportOut(Schema):
    period: PeriodOut
    unit_name: str
    sections: list[SectionOut]


class RecordOut(Schema):
    text: str
    url: str
    classification: int


class RecordsOut(Schema):
    key: str
    label: str
    cell: str
    total: int
    page: int
    pages: int
    results: list[RecordOut]


def _period(request, filters: PeriodFilters):
    values = {k: v for k, v in filters.dict().items()
              if k in ("unit", "date_from", "date_to", "as_of") and v not in (None, "")}
    unit = values.get("unit")
    if unit is not None and (not 0 < unit < 2**63 or not OrgUnit.objects.visible_to(
            request.user).filter(pk=unit).exists()):
        raise Http404
    form = PeriodForm(values, user=request.user)
    if not form.is_valid():
        raise ValidationError({name: [str(e) for e in errors]
                               for name, errors in form.errors.items()})
    return form.period()


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def _table(table) -> dict:
    rows = []
    for row in table.rows:
        rows.append({"labels": [str(x) for x in row if not isinstance(x, Figure)],
                     "figures": [x for x in row if isinstance(x, Figure)]})
    return {"key": table.key, "title": table.title, "columns": table.columns, "rows": rows}


@router.get("/figures", response={200: ReportOut, 400: FieldErrorsOut, 404: ErrorOut})
def figures(request, filters: PeriodFilters = Query(...)):  # noqa: B008
    """Every figure of the report for a unit and period, with its key and cell for drill-down."""
    period = _period(request, filters)
    report = compute_report(request.user, period)
    return {
        "period": {"unit_id": period.unit_id, "date_from": period.date_from.isoformat(),
                   "date_to": period.date_to.isoformat(), "as_of": _iso(period.as_of)},
        "unit_name": report.unit_name,
        "sections": [{"key": s.key, "title": s.title, "figures": s.figures,
                      "tables": [_table(t) for t in s.tables]} for s in report.sections],
    }


@router.get("/records", response={200: RecordsOut, 400: FieldErrorsOut, 404: ErrorOut})
def records(request, filters: RecordFilters = Query(...)):  # noqa: B008
    """The records behind one figure (or one cell of it), 50 a page, only those visible."""
    period = _period(request, filters)
    if filters.key not in count_registry.registry():
        raise ValidationError({"key": [_("Không có số liệu với mã này.")]})
    try:
        count, total, page = drill_page(request.user, period, filters.key, filters.cell,
                                        max(filters.page, 1))
    except (KeyError, ValueError) as exc:
        raise ValidationError({"cell": [_("Ô số liệu không hợp lệ.")]}) from exc
    return {"key": count.key, "label": str(count.label), "cell": filters.cell, "total": total,
            "page": page.number, "pages": page.paginator.num_pages,
            "results": [{"text": line.text, "url": line.url,
                         "classification": line.classification} for line in page.lines]}
