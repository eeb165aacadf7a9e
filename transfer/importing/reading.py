"""Rows of an uploaded spreadsheet, streamed: never the whole file in memory.

XLSX is read with openpyxl in read_only mode (a zip needs a seekable file, so the encrypted upload
is decrypted to a private temporary file for the time of the read, then deleted). CSV is decoded
incrementally: UTF-8 (with or without BOM), else Windows-1258 (Vietnamese), else Windows-1252; a
file that none decodes is refused with a clear message. The delimiter (``;``, ``,`` or tab) is
sniffed from the first lines.
"""

import codecs
import csv
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HEAD_SIZE = 64 * 1024
ENCODINGS = ("utf-8-sig", "cp1258", "cp1252")
_MARKUP = ("<!doctype", "<html", "<script", "<svg", "<?xml", "<body", "<iframe", "<object")


def refused() -> ValidationError:
    return ValidationError(
        _("Tệp không phải bảng tính Excel (.xlsx) hay CSV. Hệ thống kiểm tra nội dung tệp, không "
          "dựa vào đuôi tên tệp: hãy lưu lại bảng tính dưới dạng .xlsx hoặc .csv rồi tải lên."),
        code="file_type")


def sniff(head: bytes, source=None) -> str:
    """'xlsx' or 'csv' from the file's first bytes (and, for a zip, its directory)."""
    if not head:
        raise ValidationError(_("Tệp rỗng: hãy chọn lại tệp cần nhập."), code="empty")
    if head.startswith(b"PK\x03\x04"):
        if source is None:
            return "xlsx"
        try:
            source.seek(0)
            with zipfile.ZipFile(source) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise refused() from exc
        finally:
            source.seek(0)
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                raise ValidationError(_("Tệp Excel có macro: hãy lưu lại dưới dạng .xlsx không "
                                        "macro rồi tải lên."), code="macro")
            return "xlsx"
        raise refused()
    if filetype.guess(head) is not None or b"\x00" in head:
        raise refused()
    text = head.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(("<", "#!", "mz")) or any(marker in text for marker in _MARKUP):
        raise refused()
    return "csv"


def undecodable() -> ValidationError:
    return ValidationError(
        _("Không đọc được bảng mã của tệp CSV. Hãy lưu lại tệp dưới dạng “CSV UTF-8” trong Excel "
          "rồi tải lên."), code="encoding")


def detect_encoding(chunks: Callable[[], Iterable[bytes]]) -> str:
    """The first of ENCODINGS that decodes every byte of the file (streamed check)."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for block in chunks():
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise undecodable()


class ChunkStream(io.RawIOBase):
    """A read-only binary stream over an iterator of byte chunks."""

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks = iter(chunks)
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def _delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    best, best_score = ",", -1
    for candidate in (";", ",", "\t"):
        counts = [line.count(candidate) for line in lines]
        # The delimiter splits most lines into the same, largest number of fields.
        score = max(counts, default=0) * 1000 + sum(1 for c in counts if c and c == max(counts))
        if score > best_score:
            best, best_score = candidate, score
    return best


def _head(chunks: Callable[[], Iterable[bytes]]) -> bytes:
    head = b""
    for block in chunks():
        head += block
        if len(head) >= HEAD_SIZE:
            break
    return head[:HEAD_SIZE]


def csv_rows(chunks: Callable[[], Iterable[bytes]]) -> Iterator[list]:
    """Rows of a CSV file as lists of str; ``chunks()`` gives the file's bytes afresh each call."""
    encoding = detect_encoding(chunks)
    delimiter = _delimiter(_head(chunks).decode(encoding, "ignore"))
    text = io.TextIOWrapper(io.BufferedReader(ChunkStream(chunks()), 1024 * 1024),
                            encoding=encoding, newline="")
    reader = csv.reader(text, delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as exc:
        raise ValidationError(_("Tệp CSV hỏng ở dòng %(n)d: %(error)s")
                              % {"n": reader.line_num, "error": exc}, code="csv") from exc


@contextmanager
def clear_copy(chunks: Iterable[bytes]):
    """A private temporary file holding the plaintext, deleted on exit (openpyxl needs a seek)."""
    handle, path = tempfile.mkstemp(prefix="hoso-import-", suffix=".xlsx")
    try:
        with os.fdopen(handle, "wb") as out:
            for block in chunks:
                out.write(block)
        yield path
    finally:
        os.unlink(path)


def xlsx_rows(path) -> Iterator[list]:
    """Rows of the first worksheet as lists of cell values (str, int, float, datetime, None)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file problem
        raise ValidationError(_("Không mở được tệp Excel: tệp hỏng hoặc không phải .xlsx."),
                              code="xlsx") from exc
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


@contextmanager
def open_rows(file_format: str, chunks: Callable[[], Iterable[bytes]]):
    """Context giving an iterator of rows; ``chunks()`` yields the file's bytes afresh."""
    if file_format == "xlsx":
        with clear_copy(chunks()) as path:
            yield xlsx_rows(path)
    else:
        yield csv_rows(chunks)

