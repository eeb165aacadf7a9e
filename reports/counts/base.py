"""The building blocks of every count: the scope a count is drawn for, and a count's definition.

A count is defined ONCE as the queryset of the records behind it (``CountDef.rows``); its figure is
that queryset's size, and each cell of a breakdown (by purpose, by month, by unit…) is the same
queryset narrowed to the cell. The grouped figures of a table come from one grouped query, the
drill-down lists the narrowed queryset: both read the same definition, so they always agree.

"As of" rule (every module of this package follows it): a report drawn "as of" a day shows the
records as they stood at the end of that day — records created after it are left out, events
dated after it are ignored (a reply, a conclusion, a remediation done the day after still counts as
missing, pending, open), and states are derived from the dated fields rather than read from the
current status wherever a date records the change. States are judged at ``Scope.end``: the
period's end, or the as-of day when that comes first (without an as-of day: today). Values
corrected after that day (a wrong date, a wrong purpose fixed later) show corrected: hoso keeps no
history of every field for reports.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DateField, DateTimeField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.db.models.sql.where import AND
from django.utils import timezone
from django.utils.translation import gettext as _

NONE_VALUE = "-"  # a cell value for "no value" (e.g. a case without a decided conclusion yet)


@dataclass(frozen=True)
class Scope:
    """Who asks, for which unit (its subtree), over which days, and as of which day."""

    user: object
    unit: object  # orgs.OrgUnit, already checked visible to ``user``
    date_from: date
    date_to: date
    as_of: date
    memo: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @property
    def end(self) -> date:
        """The last day events are counted on: the period's end, or the as-of day if earlier."""
        return min(self.date_to, self.as_of)

    def in_period(self, day_field: str) -> Q:
        """Events dated in the period (and not after the as-of day)."""
        return Q(**{f"{day_field}__gte": self.date_from, f"{day_field}__lte": self.end})

    def done_by(self, day_field: str) -> Q:
        """The dated event had happened by ``end`` (states are judged at the period's end)."""
        return Q(**{f"{day_field}__isnull": False, f"{day_field}__lte": self.end})

    def not_done_by(self, day_field: str) -> Q:
        """The dated event had not happened by ``end``."""
        return Q(**{f"{day_field}__isnull": True}) | Q(**{f"{day_field}__gt": self.end})

    def created_by(self, field_name: str = "created_at") -> Q:
        """The record existed at the end of the as-of day: created before the next local
        midnight. The same rows as ``created_at__date__lte`` (local day), but a plain comparison:
        the local date of every row cost a per-row function call (SQLite runs a Python
        function, PostgreSQL a time zone conversion) in every count."""
        next_day = datetime.combine(self.as_of + timedelta(days=1), time.min)
        return Q(**{f"{field_name}__lt": timezone.make_aware(next_day)})


@dataclass(frozen=True)
class Breakdown:
    """A way to split a count into cells: a field of its rows (or the month of a date field, or
    the child unit of the report's unit), with the labels of its values in report order."""

    name: str  # the cell's name: "purpose" in "purpose=KET_NAP"
    field: str = ""  # lookup on the rows (ignored for kind "unit")
    kind: str = "value"  # "value" | "month" | "unit"
    # (scope, values seen) -> [(value, label)] in report order; None: the values seen, sorted.
    labels: Callable | None = None
    join: Q | None = None  # a condition reaching a multi-valued field (same join as ``field``)

    def values(self, scope, seen) -> list[tuple[str, str]]:
        """(value, label) of the cells in report order (months and sub-units by default)."""
        if self.labels is not None:
            return list(self.labels(scope, seen))
        if self.kind == "month":
            return month_labels(scope, seen)
        if self.kind == "unit":
            return unit_labels(scope, seen)
        return sorted((value, value) for value in seen)


def choice_labels(choices) -> Callable:
    """Labels from a TextChoices class: every choice, zeros included, in declaration order."""

    def labels(scope, seen):
        return [(value, str(label)) for value, label in choices.choices]

    return labels


def month_labels(scope, seen):
    """Every month of the period, "03/2025"."""
    result, year, month = [], scope.date_from.year, scope.date_from.month
    while (year, month) <= (scope.end.year, scope.end.month):
        result.append((f"{year:04d}-{month:02d}", f"{month:02d}/{year:04d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def child_units(scope) -> list:
    """The report unit's direct sub-units in scope (each figure includes its subtree)."""
    from orgs.models import OrgUnit

    if "children" not in scope.memo:
        scope.memo["children"] = list(
            OrgUnit.objects.visible_to(scope.user).filter(parent=scope.unit)
            .order_by("name").only("id", "name", "path"))
    return scope.memo["children"]


def unit_labels(scope, seen):
    return [(str(unit.pk), unit.name) for unit in child_units(scope)]


@dataclass(frozen=True)
class CountDef:
    """One count: its key, label, the records behind it and the ways it splits."""

    key: str  # "inspections.units_inspected"
    label: str  # lazy Vietnamese label
    rows: Callable[[Scope], QuerySet]  # visible records of the period (before the unit filter)
    path: str  # lookup of the owning unit's path on the rows ("org_unit__path")
    breakdowns: tuple[Breakdown, ...] = ()
    # When set, the figure counts distinct ``distinct`` targets of the rows (units, people): the
    # records behind it are those targets, read through the target model's own visible_to.
    distinct: str = ""
    target: Callable | None = None  # () -> the target model
    detail: str = ""  # how a record links to its page (reports.drill)
    extra: dict = field(default_factory=dict)

    def breakdown(self, name: str) -> Breakdown:
        for item in self.breakdowns:
            if item.name == name:
                return item
        raise KeyError(name)

    def base(self, scope: Scope) -> QuerySet:
        """The rows behind the figure in the report unit's subtree."""
        return _without_repeats(
            self.rows(scope).filter(**{f"{self.path}__startswith": scope.unit.path}))

    def narrow(self, scope: Scope, rows: QuerySet, cell: dict[str, str]) -> QuerySet:
        """The rows of one cell ({"purpose": "KET_NAP", "month": "2025-03"})."""
        for name, value in cell.items():
            item = self.breakdown(name)
            if item.join is not None:
                rows = rows.filter(item.join, **_cell_lookup(self, item, value))
            else:
                rows = rows.filter(**_cell_lookup(self, item, value))
        return rows

    def records(self, scope: Scope, cell: dict[str, str] | None = None) -> QuerySet:
        """The records behind the figure (or one of its cells), visible ones only."""
        rows = self.narrow(scope, self.base(scope), cell or {})
        if not self.distinct:
            return rows
        model = self.target()
        return model.objects.visible_to(scope.user).filter(pk__in=rows.values(self.distinct))

    def value(self, scope: Scope) -> int:
        """The figure: the number of its records. A distinct count counts the distinct visible
        targets of its rows, the same number as its records, but driven by the (few) rows
        rather than by every visible person: PostgreSQL read all 1,000,000 people to find the
        76 holders of key positions in Hà Nội (0.4 s)."""
        if not self.distinct:
            return self.records(scope).count()
        return self._distinct_rows(scope, self.base(scope)).aggregate(
            _n=Count(self.distinct, distinct=True))["_n"]

    def _distinct_rows(self, scope: Scope, rows: QuerySet) -> QuerySet:
        """The rows whose target is visible to the reader (EXISTS rather than ``IN (visible
        targets)``: SQLite drove the join by that list, probing every visible person for every
        inspection, 28 s at 10,000 inspections; PostgreSQL plans both as the same semi-join)."""
        visible = self.target().objects.visible_to(scope.user).filter(pk=OuterRef(self.distinct))
        return rows.filter(Exists(visible))

    def partitions(self, name: str) -> bool:
        """Whether every record falls in exactly one cell of breakdown ``name`` (so the cells
        add up to the figure): a plain field or month, no multi-valued join, no distinct."""
        item = self.breakdown(name)
        return not self.distinct and item.join is None and item.kind in ("value", "month")

    def combinable(self, names: Iterable[str]) -> bool:
        """Whether the cells of ``names`` may be summed from a finer grouping of the same rows:
        each record is one row (no distinct targets, no multi-valued join)."""
        return not self.distinct and all(self.breakdown(n).join is None for n in names)

    def grouped(self, scope: Scope, names: Iterable[str]) -> dict[tuple[str, ...], int]:
        """{(value, …): n} for the breakdowns ``names``, in ONE grouped query."""
        names = tuple(names)
        rows = self._group_rows(scope, names)
        return _roll_up(self, scope, names, rows, range(len(names)))

    def grouped_together(self, scope: Scope, splits: Iterable[tuple[str, ...]]):
        """({names: {(value, …): n}} for several splits, total) from ONE query grouped by all
        their breakdowns (``combinable`` splits only): every record falls in exactly one group,
        so a cell of a coarser split is the sum of its groups and the total their sum."""
        splits = [tuple(names) for names in splits]
        every: list[str] = []
        for names in splits:
            every.extend(name for name in names if name not in every)
        if not self.combinable(every):
            raise ValueError(f"{self.key}: {every} cannot be grouped together")
        rows = self._group_rows(scope, tuple(every))
        result = {names: _roll_up(self, scope, names, rows, [every.index(n) for n in names])
                  for names in splits}
        return result, sum(n for _values, n in rows)

    def _group_rows(self, scope: Scope, names: tuple[str, ...]) -> list[tuple[tuple, int]]:
        """[((raw value, …), n)]: the rows grouped by the breakdowns ``names``, values as the
        database returns them (cells are made of them by ``_roll_up``)."""
        rows = self.base(scope)
        items = [self.breakdown(name) for name in names]
        for item in items:
            if item.join is not None:
                rows = rows.filter(item.join)
        keys = []
        for position, item in enumerate(items):
            alias = f"_g{position}"
            if item.kind == "month":
                rows = rows.annotate(**{alias: MonthOf(item.field)})
            elif item.kind == "unit":
                if self.distinct:
                    raise ValueError("a distinct count has no unit breakdown")
                rows = rows.annotate(**{alias: _path_ref(self.path)})
            else:
                rows = rows.annotate(**{alias: _ref(item.field)})
            keys.append(alias)
        if self.distinct:
            rows = self._distinct_rows(scope, rows)
            measure = Count(self.distinct, distinct=True)
        else:
            measure = Count("pk")
        return [(tuple(row[alias] for alias in keys), row["_n"])
                for row in rows.order_by().values(*keys).annotate(_n=measure)]


def _roll_up(count: CountDef, scope: Scope, names, rows, positions) -> dict[tuple[str, ...], int]:
    """{(cell value, …): n} of the breakdowns ``names`` (at ``positions`` in the grouped rows);
    rows falling in no cell (records of the report unit itself, in a split by sub-unit) are
    left out."""
    items = [count.breakdown(name) for name in names]
    unit_paths = ([(str(u.pk), u.path) for u in child_units(scope)]
                  if any(item.kind == "unit" for item in items) else None)
    cells: dict = {}  # (position, raw value) -> cell value: a few distinct values, many rows
    result: dict[tuple[str, ...], int] = {}
    for raw, n in rows:
        values = []
        for item, position in zip(items, positions, strict=True):
            memo_key = (position, raw[position])
            if memo_key not in cells:
                cells[memo_key] = _cell_value(item, raw[position], unit_paths)
            values.append(cells[memo_key])
        if None in values:
            continue
        key = tuple(values)
        result[key] = result.get(key, 0) + n
    return result


class MonthOf(TruncMonth):
    """The first day of a date's month. SQLite keeps a date as "YYYY-MM-DD" text: its first
    seven characters and "-01" are the month, without the Python function Django registers
    for TruncMonth (called once per row: half the time of grouping 250,000 person-trips)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        field = self.lhs.output_field
        if isinstance(field, DateField) and not isinstance(field, DateTimeField):
            sql, params = compiler.compile(self.lhs)
            return f"(SUBSTR({sql}, 1, 8) || '01')", params
        return super().as_sqlite(compiler, connection, **extra_context)


def _without_repeats(rows: QuerySet) -> QuerySet:
    """The same rows without a condition ANDed twice. A report on the reader's own unit asks
    for its subtree twice (``visible_to`` and the report unit): PostgreSQL multiplied the two
    selectivities, expected a few dozen rows instead of tens of thousands and chose plans for
    a few dozen (sorting 250,000 person-trips on disk to group them). ``A AND A`` is ``A``."""
    where = rows.query.where
    if where.connector != AND or where.negated:
        return rows
    kept: list = []
    for child in where.children:
        if child not in kept:
            kept.append(child)
    if len(kept) == len(where.children):
        return rows
    rows = rows.all()  # a clone: its own copy of the WHERE tree
    rows.query.where.children = kept
    return rows


def _ref(lookup: str):
    from django.db.models import F

    return F(lookup)


def _path_ref(path_lookup: str):
    return _ref(path_lookup)


def _cell_value(item: Breakdown, raw, unit_paths) -> str | None:
    """The cell value of a grouped row (None: the row falls in no cell of this breakdown)."""
    if item.kind == "month":
        return f"{raw.year:04d}-{raw.month:02d}" if raw else NONE_VALUE
    if item.kind == "unit":
        for unit_id, path in unit_paths or ():
            if raw and raw.startswith(path):
                return unit_id
        return None  # records of the unit itself, not of a sub-unit
    if raw is None or raw == "":
        return NONE_VALUE
    if isinstance(raw, bool):
        return "1" if raw else "0"
    return str(raw)


def _cell_lookup(count: CountDef, item: Breakdown, value: str) -> dict:
    if item.kind == "month":
        try:
            year, month = (int(part) for part in value.split("-"))
        except ValueError as exc:
            raise ValueError(_("Ô số liệu không hợp lệ.")) from exc
        if not (1 <= year <= 9999 and 1 <= month <= 12):
            raise ValueError(_("Ô số liệu không hợp lệ."))
        return {f"{item.field}__year": year, f"{item.field}__month": month}
    if item.kind == "unit" or item.field.endswith("_id"):
        # An id: digits that fit the database's integer, or no such cell.
        if not (value.isdigit() and len(value) <= 18) and value != NONE_VALUE:
            raise ValueError(_("Ô số liệu không hợp lệ."))
    if item.kind == "unit":
        from orgs.models import OrgUnit

        unit = OrgUnit.objects.filter(pk=int(value)).first() if value.isdigit() else None
        return {f"{count.path}__startswith": unit.path if unit else "-/"}
    if value == NONE_VALUE:
        return {f"{item.field}__isnull": True}
    return {item.field: value}


def parse_cell(cell: str) -> dict[str, str]:
    """"purpose=KET_NAP,outcome=DAT" -> {"purpose": "KET_NAP", "outcome": "DAT"}."""
    if any(ord(char) < 32 for char in cell or ""):  # PostgreSQL refuses NUL in a text value
        raise ValueError(_("Ô số liệu không hợp lệ."))
    result = {}
    for part in filter(None, (cell or "").split(",")):
        name, sep, value = part.partition("=")
        if not sep or not name:
            raise ValueError(_("Ô số liệu không hợp lệ."))
        result[name.strip()] = value.strip()
    return result


def format_cell(names: Iterable[str], values: Iterable[str]) -> str:
    return ",".join(f"{n}={v}" for n, v in zip(names, values, strict=True))


def today() -> date:
    return timezone.localdate()


def user_scope(user, date_from: date, date_to: date, on: date | None = None) -> Scope | None:
    """The scope of the apps' own count functions: the user's unit (subtree), the period, its
    states judged on ``on`` when that comes earlier (None for a user without a unit)."""
    unit = getattr(user, "org_unit", None) if getattr(user, "is_authenticated", False) else None
    if unit is None:
        return None
    end = min(date_to, on) if on else date_to
    return Scope(user, unit, date_from, end, today())


def value(key: str, scope: Scope | None, cell: dict | None = None) -> int:
    """The figure ``key`` (0 without a scope)."""
    from reports.counts import get

    return get(key).records(scope, cell).count() if scope else 0


def grouped(key: str, scope: Scope | None, *names: str) -> dict[tuple[str, ...], int]:
    """The figure ``key`` split by the breakdowns ``names`` ({} without a scope)."""
    from reports.counts import get

    return get(key).grouped(scope, names) if scope else {}
