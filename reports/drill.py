"""Drill-down: the records behind a figure, a page at a time, each with a link to its own page.

The records come from reports.figures.records_for (the count's own definition), so the list and
the figure always agree. A classified record shows as a list line like on the apps' list pages;
opening it goes through its page's need-to-know gate.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.urls import reverse

from reports import counts as count_registry
from reports.figures import records_for
from reports.filters import period_query

PAGE_SIZE = 50

# How each kind of record links to its page: (URL name, attribute giving the id, joins).
LINKS = {
    "orgs.unit": ("orgs:detail", "pk", ()),
    "people.person": ("people:detail", "pk", ()),
    "inspections.inspection": ("inspections:detail", "pk", ()),
    "inspections.conclusion": ("inspections:detail", "subject.inspection_id",
                               ("subject__inspection", "subject__org_unit", "subject__person")),
    "inspections.child": ("inspections:detail", "inspection_id", ("inspection",)),
    "vetting.case": ("vetting:detail", "pk", ("purpose", "subject")),
    "travel.trip": ("travel:detail", "pk", ()),
    "travel.member": ("travel:detail", "trip_id", ("trip", "person")),
    "travel.visit": ("travel:visit_detail", "pk", ()),
    "travel.contact": ("travel:contact_detail", "pk", ()),
    "coordination.request": ("coordination:detail", "pk", ()),
    "admission.dossier": ("admission:detail", "pk", ("person",)),
    "positions.position": ("positions:position", "pk", ()),
    "documents.document": ("documents:detail", "pk", ("doc_type",)),
    "documents.entry": ("documents:detail", "document_id", ("document",)),
    "audit.event": ("audit:detail", "pk", ()),
}


@dataclass
class Line:
    text: str
    url: str
    classification: int

    @property
    def classification_label(self) -> str:
        from core.choices import Classification

        return str(Classification(self.classification).label) if self.classification else ""


def _attr(record, dotted: str):
    for part in dotted.split("."):
        record = getattr(record, part)
    return record


def _classification(record) -> int:
    for path in ("classification", "inspection.classification", "trip.classification",
                 "subject.inspection.classification"):
        try:
            value = _attr(record, path)
        except AttributeError:
            continue
        if isinstance(value, int):
            return value
    return 0


def lines(count, records) -> list[Line]:
    """The page's records as lines with their link."""
    name, id_attr, _joins = LINKS[count.detail]
    return [Line(str(record), reverse(name, args=[_attr(record, id_attr)]),
                 _classification(record)) for record in records]


def drill_page(user, period, key: str, cell: str = "", page: int | str = 1):
    """(count, total, page of Lines) for figure ``key`` / ``cell``: KeyError for an unknown
    key, ValueError for a malformed cell, PermissionDenied for a unit out of scope."""
    count = count_registry.get(key)
    records = records_for(user, period, key, cell)
    joins = LINKS[count.detail][2]
    if joins:
        records = records.select_related(*joins)
    records = records.order_by("-pk") if not records.ordered else records
    paginator = Paginator(records, PAGE_SIZE)
    current = paginator.get_page(page)
    current.lines = lines(count, current.object_list)
    return count, paginator.count, current


def drill_url(period, figure) -> str:
    """The drill-down page of ``figure`` (a reports.types.Figure) over ``period``."""
    query = {**period_query(period), "key": figure.key}
    if figure.cell:
        query["cell"] = figure.cell
    return f"{reverse('reports:drill')}?{urlencode(query)}"
