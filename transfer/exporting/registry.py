"""What an exportable list is, and how one export runs: select, audit, stream.

Each list page of hoso registers a ListExport (see lists.py): its name, title, columns and the
function that selects its rows from a request — the very function the page itself filters with,
so the file holds exactly the rows the page shows (all pages), read through visible_to.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.choices import AuditAction
from audit.services import record_event
from transfer.exporting import writers

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Querystring keys that move between pages or choose the file, not filters.
NOT_FILTERS = {"page", "after", "before", "format"}
FILTER_LABELS = {
    "q": gettext_lazy("Từ khóa"), "unit": gettext_lazy("Đơn vị"),
    "status": gettext_lazy("Trạng thái"), "year": gettext_lazy("Năm"),
    "type": gettext_lazy("Loại"), "kind": gettext_lazy("Loại"),
    "direction": gettext_lazy("Chiều"), "classification": gettext_lazy("Độ mật"),
    "overdue": gettext_lazy("Quá hạn"), "all": gettext_lazy("Cả phiên bản cũ"),
}
CHUNK_SIZE = 2000
TARGET_TYPE = "transfer.export"


@dataclass(frozen=True)
class Column:
    """One column: its Vietnamese header and how to read its value from a row."""

    header: Any
    value: Callable[[Any], Any]

    def reader(self) -> Callable[[Any], Any]:
        """The value function for one export: a choice label is translated once per code."""
        field = getattr(self.value, "choice_field", None)
        if field is None:
            return self.value
        labels: dict = {}
        value = self.value

        def read(row):
            code = getattr(row, field)
            if code not in labels:
                labels[code] = str(value(row))
            return labels[code]

        return read


@dataclass(frozen=True)
class ListExport:
    """An exportable list: ``select(request)`` returns its rows (ordered queryset or list)."""

    name: str
    slug: str
    title: Any
    columns: tuple[Column, ...]
    select: Callable[[Any], Any]
    roles: frozenset | None = None
    filter_labels: dict = field(default_factory=dict)
    # The list's filter form, whose field labels name the filters in the file and the audit.
    form: type | None = None
    # prepare(request) -> function(row) -> row: adds what the page computes per row (flags).
    prepare: Callable[[Any], Callable[[Any], Any]] | None = None

    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns]


REGISTRY: dict[str, ListExport] = {}


def register(spec: ListExport) -> ListExport:
    """Add ``spec`` to the registry (one per list name)."""
    assert spec.name not in REGISTRY, spec.name
    REGISTRY[spec.name] = spec
    return spec


def filters_of(spec: ListExport, params) -> list[tuple[str, str]]:
    """(label, value) of each filter in the querystring, for the title block and the audit."""
    form_labels = {name: f.label for name, f in getattr(spec.form, "base_fields", {}).items()
                   if f.label}
    labels = {**FILTER_LABELS, **form_labels, **spec.filter_labels}
    return [(_printable(str(labels.get(key, key))), _printable(value))
            for key, value in params.items() if key not in NOT_FILTERS and value.strip()]


def _printable(text: str) -> str:
    """Text safe for the audit's JSON on PostgreSQL: no NUL, no lone surrogate, no control
    character (a forged querystring may carry them)."""
    return "".join(c for c in text if c.isprintable() and not 0xD800 <= ord(c) <= 0xDFFF)


def shown_filters(filters, user) -> str:
    """The filters for the file's title block: a unit by its name (read through visible_to)."""
    from orgs.models import OrgUnit

    parts = []
    for key, value in filters:
        if key == str(FILTER_LABELS["unit"]) and value.strip().isdigit():
            name = (OrgUnit.objects.visible_to(user).filter(pk=int(value))
                    .values_list("name", flat=True).first())
            value = f"{name} ({value})" if name else value
        parts.append(f"{key}: {value}")
    return "; ".join(parts) or _("không")


def row_count(rows) -> int:
    return rows.count() if isinstance(rows, models.QuerySet) else len(rows)


def iterate(rows) -> Iterable:
    """Rows from the database in batches: a million rows never sit in memory at once."""
    if isinstance(rows, models.QuerySet):
        return rows.iterator(chunk_size=CHUNK_SIZE)
    return rows


def do_export_list(*, actor, spec: ListExport, fmt: str, filters, rows: int):
    """Log that ``actor`` took a list out of the system: which, with which filters, how many."""
    unit = getattr(actor, "org_unit", None)
    return record_event(
        actor=actor, action=AuditAction.EXPORT, target_type=TARGET_TYPE, target_id=spec.name,
        target_repr=str(spec.title), org_path=unit.path if unit is not None else "",
        reason=_("Xuất %(list)s (%(format)s)") % {"list": spec.title, "format": fmt.upper()},
        after={"list": spec.name, "format": fmt, "filters": dict(filters), "rows": rows})


def export_response(request, spec: ListExport, params=None):
    """The streamed file for ``request``'s querystring (``?format=csv|xlsx``), audited first."""
    params = request.GET if params is None else params
    fmt = (params.get("format") or "csv").lower()
    if fmt not in FORMATS:
        return HttpResponseBadRequest(_("Định dạng xuất không hợp lệ: chọn csv hoặc xlsx."))
    rows = spec.select(request)
    filters = filters_of(spec, params)
    count = row_count(rows)
    do_export_list(actor=request.user, spec=spec, fmt=fmt, filters=filters, rows=count)
    rows_out = iterate(rows)
    if spec.prepare is not None:
        rows_out = map(spec.prepare(request), rows_out)
    readers = [c.reader() for c in spec.columns]
    values = ([read(row) for read in readers] for row in rows_out)
    now = timezone.localtime()
    if fmt == "csv":
        body = writers.stream_csv(spec.headers(), values)
    else:
        notes = [_("Điều kiện lọc: %(f)s") % {"f": shown_filters(filters, request.user)},
                 _("Xuất lúc %(at)s bởi %(user)s; %(n)s dòng.") % {
                     "at": f"{now:%H:%M %d/%m/%Y}", "user": request.user.username,
                     "n": f"{count:,}".replace(",", ".")}]
        body = writers.xlsx_chunks(title=str(spec.title), notes=notes, headers=spec.headers(),
                                   rows=values)
    response = StreamingHttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{spec.slug}-{now:%Y%m%d-%H%M}.{fmt}"'
    response["Cache-Control"] = "no-store"
    response["X-Export-Rows"] = str(count)
    return response
