"""Parse once: a large people file's rows, read and judged by the dry run, kept for the apply.

The dry run holds the rows in memory until the file proves large (more than DETAIL_LIMIT rows),
then writes them in chunks (COPY on PostgreSQL, executemany on SQLite, one transaction each) as
the person's column values (``transfer.StagedRow``), with the row's verdict. When the file is
read, ``settle_duplicates`` finds the rows repeating an earlier row's CCCD (or, without CCCD,
its name, date of birth and unit) over the whole file, as the dry run of a small file does row
by row. The apply (``transfer.importing.bulk``) inserts the new people of each batch with one
INSERT … SELECT from these rows and reads back only the rows that need matching again.
The CCCD is staged encrypted, with its blind index, as in people_person.
"""

import datetime as dt
import json
import operator
from collections import Counter

from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.cccd import blind_index, decrypt_value, encrypt_value, mask_cccd
from people.choices import Sex
from transfer.importing.base import RowResult, name_keys
from transfer.importing.people import FIELDS, birth_text, keeps_spelling
from transfer.models import Import, ImportKind, ImportRow, StagedRow, Verdict

CHUNK_ROWS = 10_000
TABLE = StagedRow._meta.db_table
# people_person's columns a row sets, in the order of StagedRow's and of bulk's UPDATE.
PERSON_COLUMNS = ["full_name", "name_folded", "name_sorted", "name_exact", "birth_day",
                  "birth_month", "birth_year", "sex", "cccd_encrypted", "cccd_index",
                  "party_card_number", "hometown", "birthplace", "party_status",
                  "party_admitted_on", "party_official_on", "org_unit_id", "post"]
COLUMNS = ("batch_id", "number", "verdict", "fields", *PERSON_COLUMNS)
BITS = {name: 1 << index for index, name in enumerate(FIELDS)}
NEW_PERSON = {"party_card_number": "", "hometown": "", "birthplace": "", "post": "",
              "party_status": "QUAN_CHUNG", "party_admitted_on": None, "party_official_on": None,
              "birth_day": None, "birth_month": None, "birth_year": None, "cccd_encrypted": "",
              "cccd_index": None}
_in_column_order = operator.itemgetter(*PERSON_COLUMNS)
NOT_READ = ("", "", "", "", None, None, None, "", "", None, "", "", "", "", None, None, None, "")


class StagedRowsMissing(Exception):
    """Fewer staged rows than the dry run counted (deleted behind the import's back): the rest
    of the file cannot be written without reading it again."""

    def __init__(self, committed: int, total: int):
        super().__init__(_("Chỉ còn %(n)d trên %(total)d dòng đã chạy thử: hãy chạy thử lại tệp "
                           "rồi nhập (các dòng đã ghi sẽ là “không thay đổi”).")
                         % {"n": committed, "total": total})


def person_values(result: RowResult, person=None) -> dict:
    """people_person's column values for a row's data, over ``person``'s current ones (an
    update) or a new person's defaults."""
    data = result.data
    values = {name: getattr(person, name) for name in PERSON_COLUMNS} if person else dict(
        NEW_PERSON)
    for name, value in data.items():
        if name == "full_name" and person is not None and keeps_spelling(value, person.name_folded):
            continue
        if name == "birth":
            values["birth_day"], values["birth_month"], values["birth_year"] = value
        elif name == "org_unit":
            values["org_unit_id"] = value
        elif name == "cccd":
            values["cccd_encrypted"] = (result.cccd_encrypted or encrypt_value(value)) if value else ""
            values["cccd_index"] = (result.cccd_index or blind_index(value)) if value else None
        elif name in ("party_admitted_on", "party_official_on"):
            values[name] = value or None  # ISO text: both engines take it for a date column
        else:
            values[name] = value
    values["name_folded"], values["name_sorted"], values["name_exact"] = name_keys(
        values["full_name"])
    return values


class Stager:
    """Collects the dry run's rows; writes nothing until ``start`` (a large file)."""

    def __init__(self, item: Import):
        self.item = item
        self.rows: list[tuple] = []
        self.started = False

    def add(self, result: RowResult, *, readable: bool) -> None:
        verdict = result.verdict
        if readable and verdict != Verdict.REJECT:
            values = person_values(result)
            fields = 0
            for name in result.data:
                fields |= BITS[name]
            row = (self.item.pk, result.number, verdict, fields, *_in_column_order(values))
        else:  # written as "rejected" whatever the database holds then
            row = (self.item.pk, result.number, verdict, 0, *NOT_READ)
        self.rows.append(row)
        if self.started and len(self.rows) >= CHUNK_ROWS:
            self.flush()

    def start(self) -> None:
        self.started = True
        self.flush()

    def flush(self) -> None:
        if self.started and self.rows:
            with transaction.atomic():
                _write(self.rows)
            self.rows = []


def wanted(item: Import) -> bool:
    return item.kind == ImportKind.PEOPLE  # the only kind with a fast path


def discard(item: Import) -> None:
    StagedRow.objects.filter(batch=item).delete()


def _write(rows: list[tuple]) -> None:
    raw = connection.connection
    if connection.vendor == "postgresql":
        with raw.cursor() as cursor, cursor.copy(
                f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    raw.executemany(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES "
                    f"({', '.join('?' * len(COLUMNS))})", rows)


# --- duplicates in the file -----------------------------------------------------------------

# Rows that take part: those the dry run did not reject (as in ``Importer.duplicate_in_file``).
_TAKING_PART = "verdict IN ('CREATE', 'UPDATE', 'UNCHANGED', 'REVIEW')"


def _repeats(item: Import) -> list[tuple[int, int]]:
    """(row, first row with the same key) for each repeat, over the whole file: the key is the
    CCCD, or without one the folded name, date of birth and unit (``PeopleImporter.key_of``).
    CCCDs by grouping (a hash, no sort of the whole file; rows are read back only for the keys
    that repeat), names by window (NULL dates of birth are equal there)."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.cccd_index, s.number FROM {TABLE} s JOIN (SELECT cccd_index FROM {TABLE} "
            f"WHERE batch_id = %s AND {_TAKING_PART} AND cccd_index IS NOT NULL GROUP BY "
            "cccd_index HAVING COUNT(*) > 1) repeated ON repeated.cccd_index = s.cccd_index "
            f"WHERE s.batch_id = %s AND s.{_TAKING_PART}", [item.pk, item.pk])
        firsts: dict[str, int] = {}
        rows = sorted(cursor.fetchall(), key=lambda row: row[1])
        for key, number in rows:
            first = firsts.setdefault(key, number)
            if first != number:
                found.append((number, first))
        cursor.execute(
            "SELECT number, first FROM (SELECT number, MIN(number) OVER (PARTITION BY "
            "name_folded, birth_day, birth_month, birth_year, org_unit_id) AS first FROM "
            f"{TABLE} WHERE batch_id = %s AND {_TAKING_PART} AND cccd_index IS NULL) AS keyed "
            "WHERE number <> first", [item.pk])
        found += cursor.fetchall()
    return sorted(found)


def _staged(item: Import, numbers) -> dict[int, tuple]:
    columns = ["number", "verdict", "fields", *PERSON_COLUMNS]
    found = {}
    numbers = sorted(numbers)
    for start in range(0, len(numbers), 500):
        for row in StagedRow.objects.filter(batch=item, number__in=numbers[start:start + 500]
                                            ).values_list(*columns):
            found[row[0]] = row
    return found


def _shown(row: tuple, unit_names: dict[int, str]) -> dict:
    """A listed repeat as the dry-run table shows rows (from its staged values: the cells are
    gone): the CCCD masked, the unit by name."""
    values = dict(zip(["number", "verdict", "fields", *PERSON_COLUMNS], row, strict=True))
    return {"full_name": values["full_name"],
            "birth": birth_text((values["birth_day"], values["birth_month"], values["birth_year"])),
            "sex": str(dict(Sex.choices).get(values["sex"], values["sex"])),
            "cccd": mask_cccd(decrypt_value(values["cccd_encrypted"])),
            "org_unit": unit_names.get(values["org_unit_id"], ""), "post": values["post"]}


_ENCRYPTED = 3 + PERSON_COLUMNS.index("cccd_encrypted")  # in _staged's tuple


def _same_values(row: tuple, other: tuple) -> bool:
    """The same cells (the CCCD compared by its blind index: each encryption differs)."""
    return (row[2:_ENCRYPTED] + row[_ENCRYPTED + 1:]
            == other[2:_ENCRYPTED] + other[_ENCRYPTED + 1:])


def settle_duplicates(item: Import, counts: Counter, *, listed: int, limit: int,
                      unit_names: dict[int, str]) -> int:
    """Repeats of an earlier row: the same values → UNCHANGED, others → REJECT (listed, up to
    ``limit`` in all); updates the staged verdicts and ``counts``; returns the rows listed."""
    pairs = _repeats(item)
    if not pairs:
        return listed
    rows = _staged(item, {n for pair in pairs for n in pair})
    changed: list[tuple[str, int, int]] = []
    shown: list[ImportRow] = []
    for number, first in pairs:
        row, original = rows[number], rows[first]
        label = _("Số CCCD") if row[PERSON_COLUMNS.index("cccd_index") + 3] else _("Họ và tên")
        if _same_values(row, original):
            verdict, reason = Verdict.UNCHANGED, ["", _(
                "Giống hệt dòng %(n)d của tệp: chỉ nhập một lần.") % {"n": first}]
        else:
            verdict, reason = Verdict.REJECT, [label, _(
                "Trùng với dòng %(n)d của tệp nhưng khác nội dung: hãy giữ một dòng.") % {"n": first}]
        if verdict == row[1]:
            continue
        counts[row[1]] -= 1
        counts[verdict] += 1
        changed.append((verdict, item.pk, number))
        if verdict == Verdict.REJECT and listed < limit:
            shown.append(ImportRow(batch=item, number=number, verdict=verdict, data={},
                                   shown=_shown(row, unit_names), reasons=[reason]))
            listed += 1
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {TABLE} SET verdict = %s WHERE batch_id = %s AND number = %s",
                               changed)
        ImportRow.objects.bulk_create(shown)
    return listed


# --- reading back ---------------------------------------------------------------------------


def result_of(row: tuple, units: set[int]) -> RowResult:
    """A staged row (``_staged``'s tuple) as the RowResult the matcher reads; rejected when its
    unit is no longer one the actor may write into (scope or unit changed since)."""
    number, verdict, fields, *values = row
    values = dict(zip(PERSON_COLUMNS, values, strict=True))
    data = {}
    for name in FIELDS:
        if not fields & BITS[name]:
            continue
        if name == "birth":
            data[name] = [values["birth_day"], values["birth_month"], values["birth_year"]]
        elif name == "cccd":
            data[name] = decrypt_value(values["cccd_encrypted"])
        elif name == "org_unit":
            data[name] = values["org_unit_id"]
        elif name in ("party_admitted_on", "party_official_on"):
            day = values[name]
            data[name] = day.isoformat() if isinstance(day, dt.date) else day
        else:
            data[name] = values[name]
    result = RowResult(number=number, verdict=verdict, data=data)
    if values["cccd_index"]:
        result.cccd_index, result.cccd_encrypted = values["cccd_index"], values["cccd_encrypted"]
    if data.get("org_unit") not in units:
        result.reject(_("Đơn vị"), _("Đơn vị này không còn trong phạm vi bạn được quản lý."))
    return result


def read_back(item: Import, numbers, units: set[int]) -> list[RowResult]:
    rows = _staged(item, numbers)
    return [result_of(rows[number], units) for number in sorted(rows)]


# --- the apply ------------------------------------------------------------------------------


def ranges(item: Import, size: int):
    """(first row, last row, rows) of the batches not committed yet (after rows_committed):
    only the batch's bounds are read, on the (batch, number) index."""
    numbers = StagedRow.objects.filter(batch=item).order_by("number").values_list(
        "number", flat=True)
    first = numbers[item.rows_committed:item.rows_committed + 1].first()
    while first is not None:
        following = numbers.filter(number__gte=first)
        last = following[size - 1:size].first()
        rows = size
        if last is None:  # the last batch
            last = following.last()
            rows = following.count()
        yield first, last, rows
        first = numbers.filter(number__gt=last).first()


def analysed(item: Import) -> None:
    """The staged rows are all written: PostgreSQL's planner learns the table's new size (or
    it reads a million rows to find each batch)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")


def verdicts(item: Import, first: int, last: int) -> Counter:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT verdict, COUNT(*) FROM {TABLE} WHERE batch_id = %s AND number "
                       "BETWEEN %s AND %s GROUP BY verdict", [item.pk, first, last])
        return Counter(dict(cursor.fetchall()))


def numbers(item: Import, first: int, last: int, *, exclude=()) -> list[int]:
    return list(StagedRow.objects.filter(batch=item, number__range=(first, last)).exclude(
        verdict__in=exclude).order_by("number").values_list("number", flat=True))


def units_outside(item: Import, units: set[int]) -> list[int]:
    """The units of the staged new rows that are not (or no longer) among ``units`` (the
    actor's scope as the apply reads it once): one query for the whole import."""
    staged = StagedRow.objects.filter(batch=item, verdict=Verdict.CREATE)
    return [unit for unit in staged.values_list("org_unit_id", flat=True).distinct().order_by()
            if unit not in units]


def needing_a_match(item: Import, first: int, last: int, outside: list[int]) -> list[int]:
    """Rows of the batch to match against the database again, not inserted as they are: those
    the dry run found there already (to update or unchanged), and new ones the database may
    have caught up with — a person of the same folded name and year of birth (what matching
    by name reads: a superset of its candidates) —, and those of a unit in ``outside``.
    Rows with a CCCD look for a namesake only while people without CCCD exist (as matching).
    Each question is its own simple query (an EXISTS under OR let PostgreSQL hash the whole
    people table for every batch)."""
    from people.models import Person

    batch = StagedRow.objects.filter(batch=item, number__range=(first, last))
    again = set(batch.filter(verdict__in=[Verdict.UPDATE, Verdict.UNCHANGED]).values_list(
        "number", flat=True))
    new = batch.filter(verdict=Verdict.CREATE)
    if not Person.objects.filter(cccd_index__isnull=True).exists():
        new_by_name = new.filter(cccd_index__isnull=True)
    else:
        new_by_name = new
    named = list(new_by_name.values_list("number", "name_folded", "birth_year"))
    names = sorted({name for _number, name, _year in named})
    known = set()
    for start in range(0, len(names), 500):
        known.update(Person.objects.filter(name_folded__in=names[start:start + 500]).values_list(
            "name_folded", "birth_year"))
    again.update(number for number, name, year in named if (name, year) in known)
    if outside:
        again.update(new.filter(org_unit_id__in=outside).values_list("number", flat=True))
    return sorted(again)


def _not_in(numbers: list[int]) -> tuple[str, list]:
    """SQL and parameters leaving ``numbers`` out (an array / a JSON list: one parameter)."""
    if not numbers:
        return "", []
    if connection.vendor == "postgresql":
        return " AND NOT (number = ANY(%s))", [numbers]
    return " AND number NOT IN (SELECT value FROM json_each(%s))", [json.dumps(numbers)]


def insert_new_people(item: Import, first: int, last: int, leave_out: list[int], now,
                      syllables: Counter) -> int:
    """INSERT … SELECT the batch's new people (but ``leave_out``), in file order; adds their
    names' syllables to ``syllables``; returns the rows inserted."""
    from people.models import Person

    where = "batch_id = %s AND number BETWEEN %s AND %s AND verdict = 'CREATE'"
    extra, extra_params = _not_in(leave_out)
    params = [item.pk, first, last, *extra_params]
    columns = ", ".join(PERSON_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name_folded, COUNT(*) FROM {TABLE} WHERE {where}{extra} "
                       "GROUP BY name_folded", params)
        for name, count in cursor.fetchall():
            for syllable in set(name.split()):
                syllables[syllable] += count
        cursor.execute(
            f"INSERT INTO {Person._meta.db_table} ({columns}, hometown_former, "
            "birthplace_former, classification, version, created_at, updated_at) "
            f"SELECT {columns}, '', '', 0, 1, %s, %s FROM {TABLE} WHERE {where}{extra} "
            "ORDER BY number", [now, now, *params])
        return cursor.rowcount
