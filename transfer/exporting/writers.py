"""Streamed CSV and XLSX writers for list exports: constant memory whatever the row count.

CSV: UTF-8 with a byte-order mark and a comma. The BOM makes Excel read Vietnamese letters
correctly; the comma is RFC 4180 and what LibreOffice, pandas and hoso's own importer read by
default, and no exported value can collide with it (numbers carry no thousands separator, dates
are dd/mm/yyyy). A "sep=;" hint line is not used: Excel then ignores the BOM and breaks the
letters. Users whose Excel lists with ";" open the XLSX, which needs no separator.

XLSX: openpyxl write-only mode (rows go to a temporary file as they come, not into memory),
real date cells shown dd/mm/yyyy, numbers as numbers, a title block (list name, filters,
export time) above the header row.
"""

import csv
import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator, Sequence

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

BOM = "\ufeff"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
CHUNK = 64 * 1024
# Text a spreadsheet would run as a formula (CSV injection): CSV cells starting so get a
# leading apostrophe, XLSX cells are stored as text whatever they start with.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's own limit on a cell's text; longer values are cut rather than refused.
MAX_CELL_TEXT = 32767


def plain(value):
    """The value as a CSV/XLSX cell: a naive local datetime, a date, a number or text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.date | int | float):
        return value
    # Control characters (a query string may carry them) are no text: a worksheet refuses them.
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_TEXT]


def csv_text(value) -> str:
    """A cell as CSV text: dates dd/mm/yyyy, numbers bare (machine-readable), empty for None."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)


class _Line:
    """A write() target that hands back what csv.writer wrote for one row."""

    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text = text


def stream_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The CSV file, one encoded chunk of about 64 KB at a time (BOM first)."""
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")
    writer.writerow([str(h) for h in headers])
    buffer = [BOM, line.text]
    size = 0
    for row in rows:
        writer.writerow([csv_text(v) for v in row])
        buffer.append(line.text)
        size += len(line.text)
        if size >= CHUNK:
            yield "".join(buffer).encode("utf-8")
            buffer, size = [], 0
    yield "".join(buffer).encode("utf-8")


def write_xlsx(target, *, title: str, notes: Sequence[str], headers: Sequence[str],
               rows: Iterable[Sequence], sheet_name: str = "") -> int:
    """Write the workbook to ``target`` (a path or binary file) in write-only mode; rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(sheet_name or title))
    bold = Font(bold=True)
    sheet.append([_styled(sheet, title, Font(bold=True, size=14))])
    for note in notes:
        sheet.append([plain(note)])
    sheet.append([])
    sheet.append([_styled(sheet, str(h), bold) for h in headers])
    sheet.freeze_panes = f"A{len(notes) + 4}"
    date_cells: dict[int, WriteOnlyCell] = {}
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, date_cells, i, plain(v)) for i, v in enumerate(row)])
        count += 1
    workbook.save(target)
    return count


def xlsx_chunks(**kwargs) -> Iterator[bytes]:
    """The workbook built in a temporary file (constant memory), then read back in chunks."""
    with tempfile.TemporaryFile() as spool:
        write_xlsx(spool, **kwargs)
        spool.seek(0)
        while chunk := spool.read(CHUNK):
            yield chunk


def _styled(sheet, value, font):
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def _cell(sheet, date_cells: dict, index: int, value):
    """Dates go through one reused styled cell per column (written at once, so reuse is safe)."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, never a formula
        return cell
    if not isinstance(value, dt.date):
        return value
    is_time = isinstance(value, dt.datetime)
    key = (index, is_time)
    cell = date_cells.get(key)
    if cell is None:
        cell = date_cells[key] = WriteOnlyCell(sheet)
        cell.number_format = DATETIME_FORMAT if is_time else DATE_FORMAT
    cell.value = value
    return cell


def _sheet_title(text: str) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(text)).strip()
    return cleaned[:31] or "Sheet1"
