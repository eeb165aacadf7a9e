"""Columns, header detection, unit lookup and the Importer base class.

An importer declares its columns (field, Vietnamese label, synonyms); the header row is the first
row, below any merged title rows, whose folded cells name the required columns. Each data row
becomes a ``RowResult``: parsed values, per-column reasons and a verdict.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.textfold import exact_key, fold, sorted_key
from orgs.models import OrgUnit
from transfer.importing.values import CellError, is_empty, shown, text
from transfer.models import Verdict

HEADER_SCAN_ROWS = 30


@functools.lru_cache(maxsize=200_000)
def name_keys(full_name: str) -> tuple[str, str, str]:
    """(folded, sorted, exact) search keys of a name, as people.services derives them; cached:
    a large file repeats the same names many times."""
    return fold(full_name)[:120], sorted_key(full_name)[:120], exact_key(full_name)[:160]


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    sensitive: bool = False  # shown masked (CCCD)

    def keys(self) -> set[str]:
        return {fold(name) for name in (self.label, *self.synonyms)}


@dataclass
class RowResult:
    number: int
    verdict: str = Verdict.CREATE
    data: dict = field(default_factory=dict)
    shown: dict = field(default_factory=dict)
    reasons: list = field(default_factory=list)
    target_id: int | None = None
    target_version: int | None = None
    candidates: list = field(default_factory=list)
    cccd_index: str | None = None  # blind index, computed once when matching
    cccd_encrypted: str | None = None  # staged rows: the CCCD as the dry run encrypted it

    def reject(self, label: str, message: str) -> None:
        self.reasons.append([label, message])
        self.verdict = Verdict.REJECT

    @property
    def rejected(self) -> bool:
        return self.verdict == Verdict.REJECT


def choice_map(choices) -> dict[str, str]:
    """Folded label and folded code → code, for parse_choice."""
    mapping = {fold(str(label)): value for value, label in choices.choices}
    mapping.update({fold(value): value for value in choices.values})
    return mapping


class HeaderNotFound(Exception):
    pass


def find_header(rows, columns: list[Column]) -> tuple[int, list[tuple[str, str]], dict[int, Column]]:
    """Consume rows until the header; return (row number, [(header, field)], {index: column})."""
    by_key: dict[str, Column] = {}
    for column in columns:
        for key in column.keys():
            by_key.setdefault(key, column)
    required = {column.field for column in columns if column.required}
    for number, row in enumerate(rows, start=1):
        mapping: dict[int, Column] = {}
        for index, cell in enumerate(row):
            if is_empty(cell):
                continue
            column = by_key.get(fold(text(cell)))
            if column is not None and column.field not in {c.field for c in mapping.values()}:
                mapping[index] = column
        found = {column.field for column in mapping.values()}
        if mapping and required <= found and len(found) >= min(2, len(columns)):
            described = [(text(cell), mapping[i].field if i in mapping else "")
                         for i, cell in enumerate(row) if not is_empty(cell)]
            return number, described, mapping
        if number >= HEADER_SCAN_ROWS:
            break
    names = ", ".join(f"“{c.label}”" for c in columns if c.required)
    raise HeaderNotFound(
        _("Không tìm thấy dòng tiêu đề trong %(n)d dòng đầu của trang tính thứ nhất. Bảng cần có "
          "các cột: %(names)s.") % {"n": HEADER_SCAN_ROWS, "names": names})


class UnitResolver:
    """Units the actor may write into, found by code or by (folded) name or name path."""

    def __init__(self, actor):
        self.actor = actor
        self._by_code: dict[str, int] | None = None
        self._by_name: dict[str, list[int]] = {}
        self._by_path: dict[str, int] = {}
        self.names: dict[int, str] = {}
        self.paths: dict[int, str] = {}
        self._cache: dict = {}

    def _load(self) -> None:
        self._by_code = {}
        rows = list(OrgUnit.objects.visible_to(self.actor)
                    .values_list("pk", "code", "name", "name_folded", "parent_id", "path"))
        folded = {pk: name_folded for pk, _c, _n, name_folded, _p, _path in rows}
        for pk, code, name, name_folded, _parent, path in rows:
            self._by_code[fold(code)] = pk
            self._by_name.setdefault(name_folded, []).append(pk)
            self.names[pk] = name
            self.paths[pk] = path
            ids = [int(part) for part in path.strip("/").split("/") if part]
            chain = [folded[i] for i in ids if i in folded]
            for start in range(len(chain) - 1):
                self._by_path.setdefault(" > ".join(chain[start:]), pk)

    def ids(self) -> set[int]:
        """Every unit the actor may write into."""
        if self._by_code is None:
            self._load()
        return set(self.names)

    def resolve(self, value) -> int:
        """Cached by the cell's value (a file names the same units over and over)."""
        key = value if isinstance(value, str | int) else None
        if key is not None and key in self._cache:
            return self._cache[key]
        pk = self._resolve(value)
        if key is not None and len(self._cache) < 100_000:
            self._cache[key] = pk
        return pk

    def _resolve(self, value) -> int:
        """The unit's id, or CellError (unknown, out of scope and ambiguous are told apart only
        as far as the user may know: an out-of-scope unit reads as "not in your scope")."""
        if self._by_code is None:
            self._load()
        raw = text(value)
        key = fold(raw)
        if not key:
            raise CellError(_("Chưa ghi đơn vị."))
        if key in self._by_code:
            return self._by_code[key]
        if ">" in raw or "/" in raw:
            parts = [fold(part) for part in raw.replace("/", ">").split(">") if fold(part)]
            pk = self._by_path.get(" > ".join(parts))
            if pk is not None:
                return pk
        found = self._by_name.get(key, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise CellError(_("Có %(n)d đơn vị tên “%(name)s” trong phạm vi của bạn: hãy ghi mã "
                              "đơn vị hoặc đường dẫn (ví dụ “Phường A > Chi bộ 1”).")
                            % {"n": len(found), "name": raw[:80]})
        raise CellError(_("Không có đơn vị “%(name)s” trong phạm vi bạn được quản lý (mã hoặc "
                          "tên đơn vị).") % {"name": raw[:80]})


class Importer:
    """One record type: its columns, how a row is read, matched and applied."""

    kind: str = ""
    columns: list[Column] = []
    # Fields that together identify a row inside the file (duplicates in the file).
    parsers: dict[str, Callable] = {}
    # Columns whose cells repeat across a large file (dates, units, choices): each distinct cell
    # is parsed once per import and its value reused (parsing is most of the per-row cost).
    memo_fields: frozenset[str] = frozenset()
    MEMO_LIMIT = 100_000  # distinct cells remembered per column (bounded memory)

    def __init__(self, actor):
        self.actor = actor
        self.units = UnitResolver(actor)
        self.seen: dict[tuple, tuple[int, dict]] = {}
        self.track_duplicates = True
        self._memo: dict[str, dict] = {}

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.field == name)

    def _plan(self) -> list[tuple]:
        plan = self.__dict__.get("_read_plan")
        if plan is None:
            plan = self._read_plan = [
                (column.field, column.label, column.required,
                 self._memoised(column.field, getattr(self, f"parse_{column.field}", None) or text))
                for column in self.columns]
        return plan

    def _memoised(self, name: str, parse: Callable) -> Callable:
        """``parse`` remembering its values by cell (type and value: 1, 1.0 and True differ).
        Only values are remembered, never errors; a list value is copied for each row."""
        if name not in self.memo_fields:
            return parse
        memo = self._memo.setdefault(name, {})
        limit = self.MEMO_LIMIT

        def parse_once(value):
            key = (type(value), value)
            try:
                found = memo[key]
            except KeyError:
                found = parse(value)
                if len(memo) < limit:
                    memo[key] = tuple(found) if isinstance(found, list) else found
                return found
            except TypeError:  # an unhashable cell: parse it every time
                return parse(value)
            return list(found) if isinstance(found, tuple) else found

        return parse_once

    def read(self, number: int, cells: dict[str, object]) -> RowResult:
        """Parse each present cell with ``parse_<field>``; reasons per column. The cells stay on
        the result until it is stored (what the dry-run table shows)."""
        result = RowResult(number=number, shown=cells)
        data = result.data
        for name, label, required, parse in self._plan():
            value = cells.get(name)
            if value is None or value == "" or (isinstance(value, str) and not value.strip()):
                if required:
                    result.reject(label, _("Bắt buộc, đang để trống."))
                continue
            try:
                data[name] = parse(value)
            except CellError as exc:
                result.reject(label, str(exc))
        return result

    def shown(self, cells: dict) -> dict:
        """The row as the dry-run table shows it: short text per column, sensitive ones blank."""
        return {column.field: "" if column.sensitive else shown(cells.get(column.field))
                for column in self.columns}

    def match_batch(self, results: list[RowResult]) -> None:
        """Verdicts for read rows (in file order); importers may batch their queries."""
        for result in results:
            if not result.rejected:
                self.match(result)

    def duplicate_in_file(self, result: RowResult, key: tuple, label: str | Callable[[], str]) -> bool:
        """True when an earlier row had ``key``: identical → UNCHANGED, different → REJECT.
        ``label`` may be a function: translated only when a duplicate is found."""
        if not self.track_duplicates:
            return False
        if key in self.seen:
            label = label() if callable(label) else label
            first, data = self.seen[key]
            if data == result.data:
                result.verdict = Verdict.UNCHANGED
                result.reasons.append(["", _("Giống hệt dòng %(n)d của tệp: chỉ nhập một lần.")
                                       % {"n": first}])
            else:
                result.reject(label, _("Trùng với dòng %(n)d của tệp nhưng khác nội dung: hãy "
                                       "giữ một dòng.") % {"n": first})
            return True
        self.seen[key] = (result.number, dict(result.data))
        return False

    def match(self, result: RowResult) -> None:  # pragma: no cover - every importer overrides
        raise NotImplementedError

    def apply(self, row) -> str:  # pragma: no cover
        """Write one ImportRow through the app's service; return the outcome code."""
        raise NotImplementedError
