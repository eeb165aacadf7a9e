"""Exports stream: rows are read from the database in batches and written out as they come."""

import datetime as dt
import io
import tracemalloc
from unittest import mock

import pytest
from django.db.models import QuerySet
from openpyxl import load_workbook

from transfer.exporting import registry
from transfer.exporting.writers import stream_csv, xlsx_chunks
from transfer.tests.export_utils import download

HEADERS = ["Họ và tên", "Ngày sinh", "Số"]


def _rows(count: int, consumed: list):
    for i in range(count):
        consumed[0] = i + 1
        yield [f"Nguyễn Văn Thử {i}", dt.date(1980, 1, 1) + dt.timedelta(days=i % 9000), i]


def _peak_bytes(func) -> int:
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_csv_is_written_as_the_rows_come():
    consumed = [0]
    chunks = stream_csv(HEADERS, _rows(50_000, consumed))
    first = next(chunks)
    assert first.startswith("\ufeff".encode()) and consumed[0] < 2_000
    assert sum(len(c) for c in chunks) > 1_500_000


def test_csv_memory_does_not_grow_with_the_rows():
    small = _peak_bytes(lambda: sum(map(len, stream_csv(HEADERS, _rows(5_000, [0])))))
    large = _peak_bytes(lambda: sum(map(len, stream_csv(HEADERS, _rows(50_000, [0])))))
    assert large < 2 * small + 1_000_000  # ten times the rows, about the same memory


def test_xlsx_memory_does_not_grow_with_the_rows():
    small = _peak_bytes(lambda: sum(map(len, xlsx_chunks(
        title="T", notes=[], headers=HEADERS, rows=_rows(500, [0])))))
    large = _peak_bytes(lambda: sum(map(len, xlsx_chunks(
        title="T", notes=[], headers=HEADERS, rows=_rows(5_000, [0])))))
    assert large < 2 * small + 2_000_000


def test_xlsx_rows_and_date_cells_survive_the_round_trip():
    data = b"".join(xlsx_chunks(title="Danh sách", notes=["Lọc: không"], headers=HEADERS,
                                rows=_rows(3, [0])))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A1"].value == "Danh sách" and sheet["A4"].value == "Họ và tên"
    assert sheet["B5"].number_format == "DD/MM/YYYY" and sheet["B5"].value.year == 1980
    assert sheet["C7"].value == 2 and sheet["C7"].data_type == "n"


@pytest.mark.django_db
def test_export_reads_the_database_in_batches(client, world):
    seen = []
    original = QuerySet.iterator

    def spy(self, chunk_size=None):
        seen.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    client.force_login(world.officer_a)
    with mock.patch.object(QuerySet, "iterator", spy):
        response = download(client, "people")
    assert response.status_code == 200
    assert seen == [registry.CHUNK_SIZE]


def test_text_that_looks_like_a_formula_stays_text():
    rows = [["=HYPERLINK(\"http://x\")", "+1", "Lê Văn A"]]
    csv_text = b"".join(stream_csv(HEADERS, rows)).decode("utf-8")
    assert "'=HYPERLINK" in csv_text and "'+1" in csv_text
    data = b"".join(xlsx_chunks(title="T", notes=[], headers=HEADERS, rows=rows))
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert sheet["A4"].data_type == "s" and sheet["A4"].value == "=HYPERLINK(\"http://x\")"
