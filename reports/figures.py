"""The report's figures: ``compute_report`` fills a ReportData from the counts of reports.counts,
``records_for`` returns the records behind any of its figures (drill-down).

Sections come in the order of the office's yearly report. Each figure is one COUNT query and each
count's tables one grouped query (one per split where a record may fall in several cells), so the
number of queries is fixed by this layout, not by data.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports import counts as count_registry
from reports.counts.base import NONE_VALUE, Scope, format_cell, parse_cell, today
from reports.types import Figure, Period, ReportData, Section, Table

BREAKDOWN_TITLES = {
    "purpose": gettext_lazy("Mục đích"),
    "outcome": gettext_lazy("Kết quả"),
    "type": gettext_lazy("Loại hình"),
    "month": gettext_lazy("Tháng"),
    "unit": gettext_lazy("Đơn vị"),
    "country": gettext_lazy("Nước đến"),
    "funding": gettext_lazy("Nguồn kinh phí"),
    "form": gettext_lazy("Hình thức kỷ luật"),
    "agency": gettext_lazy("Cơ quan"),
    "level": gettext_lazy("Mức độ"),
}


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    by: tuple[str, ...]  # one breakdown (rows), or two (rows × columns, one count)
    counts: tuple[str, ...]


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    figures: tuple[str, ...]
    tables: tuple[TableSpec, ...] = ()


# Labels of the layout are translated when the report is drawn.
SECTIONS = (
    SectionSpec("kiem_tra", gettext_lazy("Công tác kiểm tra, giám sát"), (
        "inspections.inspections", "inspections.inspected_units", "inspections.inspected_members",
        "inspections.inspected_units_violating", "inspections.inspected_members_violating",
        "inspections.supervisions", "inspections.supervised_units",
        "inspections.supervised_members", "inspections.supervised_units_violating",
        "inspections.supervised_members_violating", "inspections.discipline_units",
        "inspections.discipline_members", "inspections.remediation_done",
        "inspections.remediation_pending", "inspections.remediation_overdue",
    ), (
        TableSpec("kiem_tra.by_type", gettext_lazy("Kiểm tra theo loại hình"), ("type",),
                  ("inspections.inspected_units", "inspections.inspected_members",
                   "inspections.inspected_units_violating",
                   "inspections.inspected_members_violating")),
        TableSpec("giam_sat.by_type", gettext_lazy("Giám sát theo loại hình"), ("type",),
                  ("inspections.supervised_units", "inspections.supervised_members",
                   "inspections.supervised_units_violating",
                   "inspections.supervised_members_violating")),
        TableSpec("kiem_tra.discipline", gettext_lazy("Kỷ luật theo hình thức"), ("form",),
                  ("inspections.discipline_units", "inspections.discipline_members")),
        TableSpec("kiem_tra.by_month", gettext_lazy("Cuộc kiểm tra, giám sát theo tháng"), ("month",),
                  ("inspections.inspections", "inspections.supervisions")),
        TableSpec("kiem_tra.by_unit", gettext_lazy("Cuộc kiểm tra, giám sát theo đơn vị"), ("unit",),
                  ("inspections.inspections", "inspections.supervisions")),
    )),
    SectionSpec("tham_dinh", gettext_lazy("Thẩm định tiêu chuẩn chính trị"), (
        "vetting.opened", "vetting.appraisals", "vetting.foreign_elements",
        "vetting.concluded_late", "vetting.open_overdue", "vetting.rechecks",
    ), (
        TableSpec("tham_dinh.by_purpose_outcome", gettext_lazy("Hồ sơ đã kết luận theo mục đích và kết quả"),
                  ("purpose", "outcome"), ("vetting.appraisals",)),
        TableSpec("tham_dinh.by_purpose", gettext_lazy("Hồ sơ theo mục đích"), ("purpose",),
                  ("vetting.opened", "vetting.appraisals", "vetting.foreign_elements")),
        TableSpec("tham_dinh.by_month", gettext_lazy("Hồ sơ theo tháng"), ("month",),
                  ("vetting.opened", "vetting.appraisals")),
        TableSpec("tham_dinh.by_unit", gettext_lazy("Hồ sơ theo đơn vị"), ("unit",),
                  ("vetting.opened", "vetting.appraisals")),
    )),
    SectionSpec("ket_nap", gettext_lazy("Thẩm tra lý lịch người vào Đảng"), (
        "admission.verifications", "admission.letters_sent", "admission.letters_on_time",
        "admission.letters_late", "admission.letters_overdue", "admission.decided",
        "admission.full_members",
    )),
    SectionSpec("vi_tri", gettext_lazy("Vị trí trọng yếu, cơ mật"), (
        "positions.entries", "positions.holders", "positions.holders_unfit", "positions.vacant",
    ), (
        TableSpec("vi_tri.by_level", gettext_lazy("Vị trí theo mức độ"), ("level",),
                  ("positions.entries", "positions.vacant")),
    )),
    SectionSpec("di_nuoc_ngoai", gettext_lazy("Cán bộ, đảng viên đi nước ngoài"), (
        "travel.trips", "travel.person_trips", "travel.approved", "travel.approved_person_trips",
        "travel.refused", "travel.refused_person_trips",
        "travel.reports_on_time", "travel.reports_late", "travel.reports_missing",
        "travel.reports_pending", "travel.incoming_visits", "travel.contact_reports",
    ), (
        TableSpec("di_nuoc_ngoai.by_purpose", gettext_lazy("Theo mục đích"), ("purpose",),
                  ("travel.trips", "travel.person_trips")),
        TableSpec("di_nuoc_ngoai.by_funding", gettext_lazy("Theo nguồn kinh phí"), ("funding",),
                  ("travel.trips", "travel.person_trips")),
        TableSpec("di_nuoc_ngoai.by_country", gettext_lazy("Theo nước đến"), ("country",),
                  ("travel.trips", "travel.person_trips")),
        TableSpec("di_nuoc_ngoai.by_month", gettext_lazy("Theo tháng"), ("month",),
                  ("travel.trips", "travel.person_trips")),
        TableSpec("di_nuoc_ngoai.by_unit", gettext_lazy("Theo đơn vị"), ("unit",),
                  ("travel.trips", "travel.person_trips")),
    )),
    SectionSpec("phoi_hop", gettext_lazy("Phối hợp với các cơ quan"), (
        "coordination.sent", "coordination.answered_on_time", "coordination.answered_late",
        "coordination.open_overdue", "coordination.received", "coordination.received_answered",
    ), (
        TableSpec("phoi_hop.by_agency", gettext_lazy("Yêu cầu gửi đi theo cơ quan"), ("agency",),
                  ("coordination.sent", "coordination.answered_on_time",
                   "coordination.answered_late", "coordination.open_overdue")),
    )),
)


def make_scope(user, period: Period) -> Scope:
    """The scope of ``period`` for ``user``; PermissionDenied when the unit is not theirs."""
    from orgs.models import OrgUnit

    unit = OrgUnit.objects.visible_to(user).filter(pk=period.unit_id).first()
    if unit is None:
        raise PermissionDenied(_("Đơn vị ngoài phạm vi của bạn."))
    return Scope(user, unit, period.date_from, period.date_to, period.as_of or today())


def _labels(scope, count, name: str, seen: set[str]) -> list[tuple[str, str]]:
    """(value, label) of a breakdown, in report order, plus values seen but not labelled."""
    item = count.breakdown(name)
    known = item.values(scope, seen)
    listed = {value for value, _label in known}
    extra = sorted(v for v in seen if v not in listed)
    return list(known) + [(v, _("Không xác định") if v == NONE_VALUE else v) for v in extra]


def _table(scope, spec: TableSpec) -> Table:
    counts = [count_registry.get(key) for key in spec.counts]
    grouped = [_grouped(scope, count, spec.by) for count in counts]
    title = str(spec.title)
    if len(spec.by) == 1:
        seen = {key[0] for g in grouped for key in g}
        labels = _labels(scope, counts[0], spec.by[0], seen)
        columns = [str(BREAKDOWN_TITLES.get(spec.by[0], spec.by[0]))] + [
            str(c.label) for c in counts]
        rows = []
        for value, label in labels:
            cell = format_cell(spec.by, (value,))
            rows.append([label] + [Figure(c.key, str(c.label), g.get((value,), 0), cell)
                                   for c, g in zip(counts, grouped, strict=True)])
        return Table(spec.key, title, columns, rows)
    # Two breakdowns: rows × columns of one count, with the row's total (its own cell).
    count, values = counts[0], grouped[0]
    row_name, col_name = spec.by
    row_labels = _labels(scope, count, row_name, {k[0] for k in values})
    col_labels = _labels(scope, count, col_name, {k[1] for k in values})
    columns = ([str(BREAKDOWN_TITLES.get(row_name, row_name))]
               + [label for _v, label in col_labels] + [_("Tổng số")])
    rows = []
    for row_value, row_label in row_labels:
        cells = [Figure(count.key, str(count.label), values.get((row_value, col_value), 0),
                        format_cell(spec.by, (row_value, col_value)))
                 for col_value, _l in col_labels]
        total = Figure(count.key, str(count.label), sum(f.value for f in cells),
                       format_cell((row_name,), (row_value,)))
        rows.append([row_label, *cells, total])
    return Table(spec.key, title, columns, rows)


def _splits(key: str) -> list[tuple[str, ...]]:
    """Every split of count ``key`` the report's tables show."""
    return [table.by for spec in SECTIONS for table in spec.tables if key in table.counts]


def _grouped(scope, count, names: tuple[str, ...]) -> dict:
    """The grouped figures of ``count`` (once per scope). The splits of a count whose records
    each fall in one group (``CountDef.combinable``) come from ONE query grouped by all of them,
    which also gives the count's total: a second pass over the same rows per table was most of
    the report's time (person-trips, appraisals by purpose with their conclusion)."""
    memo = scope.memo.setdefault("grouped", {})
    if (count.key, names) in memo:
        return memo[(count.key, names)]
    together = [split for split in _splits(count.key) if count.combinable(split)]
    if names in together:
        values, total = count.grouped_together(scope, together)
        for split in together:
            memo[(count.key, split)] = values[split]
        scope.memo.setdefault("totals", {})[count.key] = total
    else:
        memo[(count.key, names)] = values = count.grouped(scope, names)
        if len(names) == 1 and count.partitions(names[0]):
            scope.memo.setdefault("totals", {})[count.key] = sum(values.values())
    return memo[(count.key, names)]


def compute_report(user, period: Period) -> ReportData:
    """Every figure of the report for ``user`` over ``period`` (a fixed number of queries)."""
    scope = make_scope(user, period)
    registry = count_registry.registry()
    report = ReportData(period=period, unit_name=scope.unit.name)
    for spec in SECTIONS:
        section = Section(spec.key, str(spec.title))
        section.tables = [_table(scope, table) for table in spec.tables]
        totals = scope.memo.get("totals", {})
        for key in spec.figures:
            count = registry[key]
            value = totals[key] if key in totals else count.value(scope)
            section.figures.append(Figure(key, str(count.label), value))
        report.sections.append(section)
    return report


def records_for(user, period: Period, key: str, cell: str = ""):
    """The records behind figure ``key`` (one cell of it when ``cell`` is given), visible ones
    only. KeyError for an unknown key, ValueError for a malformed cell."""
    count = count_registry.get(key)
    scope = make_scope(user, period)
    parsed = parse_cell(cell)
    for name in parsed:
        count.breakdown(name)  # KeyError for a breakdown the count does not have
    return count.records(scope, parsed)


def default_period(unit_id: int, on: date | None = None) -> Period:
    """This year, for ``unit_id``."""
    on = on or today()
    return Period(unit_id, date(on.year, 1, 1), date(on.year, 12, 31))
