"""Parse once: a large people file's rows, parsed by the dry run, kept for the apply.

The dry run holds the parsed rows in memory until the file proves large (more than DETAIL_LIMIT
rows), then writes them in chunks (COPY on PostgreSQL, executemany on SQLite, one transaction
each). The apply reads them back in row order, batch by batch, instead of decrypting, decoding and
parsing the file again; it still matches each batch against the database as it is then (it may
have changed since the dry run), and checks each row's unit against the actor's scope again.
The CCCD is staged encrypted, as in ImportRow.
"""

import json
from collections.abc import Iterator

from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.cccd import decrypt_value, encrypt_value
from transfer.importing.base import RowResult
from transfer.models import Import, ImportKind, StagedRow

CHUNK_ROWS = 10_000


class StagedRowsMissing(Exception):
    """Fewer staged rows than the dry run counted (deleted behind the import's back): the rest
    of the file cannot be written without reading it again."""

    def __init__(self, committed: int, total: int):
        super().__init__(_("Chỉ còn %(n)d trên %(total)d dòng đã chạy thử: hãy chạy thử lại tệp "
                           "rồi nhập (các dòng đã ghi sẽ là “không thay đổi”).")
                         % {"n": committed, "total": total})


TABLE = StagedRow._meta.db_table
COLUMNS = ("batch_id", "number", "data", "cccd_index")


class Stager:
    """Collects the dry run's parsed rows; writes nothing until ``start`` (a large file)."""

    def __init__(self, item: Import):
        self.item = item
        self.rows: list[tuple] = []
        self.started = False

    def add(self, result: RowResult, *, readable: bool) -> None:
        text = ""
        if readable:
            data = dict(result.data)
            if data.get("cccd"):
                data["cccd"] = encrypt_value(data["cccd"])
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        self.rows.append((self.item.pk, result.number, text, result.cccd_index or ""))
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
    raw.executemany(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?)", rows)


def _result(number: int, text: str, index: str, units: set[int]) -> RowResult:
    result = RowResult(number=number)
    if not text:
        result.reject("", _("Không đọc được dòng này: hãy kiểm tra các ô của dòng."))
        return result
    data = json.loads(text)
    if data.get("cccd"):
        result.cccd_encrypted = data["cccd"]
        data["cccd"] = decrypt_value(data["cccd"])
    result.data, result.cccd_index = data, index or None
    if data.get("org_unit") not in units:  # the actor's scope, or the unit, changed since
        result.reject(_("Đơn vị"), _("Đơn vị này không còn trong phạm vi bạn được quản lý."))
    return result


def batches(item: Import, importer, size: int) -> Iterator[list[RowResult]]:
    """The staged rows not committed yet (after ``item.rows_committed``), ``size`` at a time."""
    units = importer.units.ids()
    rows = StagedRow.objects.filter(batch=item).order_by("number")
    chunk = list(rows.values_list("number", "data", "cccd_index")[
        item.rows_committed:item.rows_committed + size])
    while chunk:
        yield [_result(number, text, index, units) for number, text, index in chunk]
        chunk = list(rows.filter(number__gt=chunk[-1][0]).values_list(
            "number", "data", "cccd_index")[:size])
