"""Report pages: the dashboard (the reports' landing page) and the drill-down of any figure."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.access import login_required
from reports import counts as count_registry
from reports import overdue
from reports.counts.base import parse_cell
from reports.drill import drill_page, drill_url
from reports.figures import BREAKDOWN_TITLES, compute_report, make_scope
from reports.filters import period_form, period_query

SECTION = {"section": "reports"}

# Each chart: (id, title, type, [(table key, column index)…]); the tables of one chart share
# their rows (months, purposes, sub-units).
CHARTS = (
    ("chart-month", gettext_lazy("Theo tháng"), "line",
     (("tham_dinh.by_month", 2), ("di_nuoc_ngoai.by_month", 1), ("kiem_tra.by_month", 1),
      ("kiem_tra.by_month", 2))),
    ("chart-vetting-purpose", gettext_lazy("Thẩm định theo mục đích"), "bar",
     (("tham_dinh.by_purpose", 1), ("tham_dinh.by_purpose", 2))),
    ("chart-travel-purpose", gettext_lazy("Đi nước ngoài theo mục đích"), "bar",
     (("di_nuoc_ngoai.by_purpose", 1), ("di_nuoc_ngoai.by_purpose", 2))),
    ("chart-unit", gettext_lazy("Theo đơn vị trực thuộc"), "bar",
     (("tham_dinh.by_unit", 2), ("di_nuoc_ngoai.by_unit", 1), ("kiem_tra.by_unit", 1))),
)


def _tables(report) -> dict:
    return {table.key: table for section in report.sections for table in section.tables}


def chart_data(report) -> list[dict]:
    """The charts' labels and series (with each point's drill-down link) for json_script."""
    tables, charts = _tables(report), []
    for chart_id, title, kind, series in CHARTS:
        first = tables[series[0][0]]
        datasets = []
        for table_key, column in series:
            table = tables[table_key]
            figures = [row[column] for row in table.rows]
            datasets.append({"label": table.columns[column],
                             "data": [f.value for f in figures],
                             "links": [drill_url(report.period, f) for f in figures]})
        charts.append({"id": chart_id, "title": str(title), "type": kind,
                       "labels": [row[0] for row in first.rows], "datasets": datasets})
    return charts


@login_required
@require_http_methods(["GET", "HEAD"])
def dashboard(request):
    """Key figures, overdue lists and charts for a unit of the user's subtree and a period."""
    form = period_form(request)
    period = form.period()
    if form.is_bound and not form.is_valid():
        return render(request, "reports/dashboard.html", {**SECTION, "form": form},
                      status=400)
    report = compute_report(request.user, period)
    scope = make_scope(request.user, period)
    return render(request, "reports/dashboard.html", {
        **SECTION, "form": form, "period": period, "report": report,
        "charts": chart_data(report), "chart_ids": [c[0] for c in CHARTS],
        "overdue": overdue.lists(request.user, scope.unit),
    })


def describe_cell(scope, count, cell: dict[str, str]) -> str:
    """"Mục đích: Bổ nhiệm; Tháng: 03/2026" for a cell."""
    parts = []
    for name, value in cell.items():
        item = count.breakdown(name)
        labels = dict(item.values(scope, {value}))
        parts.append(f"{BREAKDOWN_TITLES.get(name, name)}: {labels.get(value, value)}")
    return "; ".join(parts)


@login_required
@require_http_methods(["GET", "HEAD"])
def drill(request):
    """The records behind one figure (or one cell of it), paginated, with the same count."""
    form = period_form(request)
    if form.is_bound and not form.is_valid():
        raise Http404
    period = form.period()
    key, cell = request.GET.get("key", ""), request.GET.get("cell", "")
    try:
        count, total, page = drill_page(request.user, period, key, cell,
                                        request.GET.get("page", 1))
        scope = make_scope(request.user, period)
        cell_text = describe_cell(scope, count, parse_cell(cell))
    except (KeyError, ValueError) as exc:
        raise Http404 from exc
    except PermissionDenied as exc:
        raise Http404 from exc
    back = f"{reverse('reports:dashboard')}?{urlencode(period_query(period))}"
    query = {**period_query(period), "key": key, **({"cell": cell} if cell else {})}
    return render(request, "reports/drill.html", {
        **SECTION, "count": count, "label": str(count_registry.get(key).label), "total": total,
        "page": page, "cell_text": cell_text, "period": period, "unit": scope.unit,
        "back": back, "page_query": urlencode(query), "title": _("Số liệu chi tiết"),
    })
