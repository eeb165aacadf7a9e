"""Helpers of the export tests: download a list's export and read it back as rows."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from transfer.exporting.writers import BOM


def download(client, name: str, fmt: str = "csv", **params):
    """GET the export of list ``name``; the response with its whole body in ``.body``."""
    response = client.get(reverse(f"transfer:export_{name}"), {**params, "format": fmt})
    response.body = b"".join(response.streaming_content) if response.streaming else \
        response.content
    return response


def csv_table(response) -> tuple[list[str], list[list[str]]]:
    """(header, data rows) of a CSV export, after checking its BOM."""
    text = response.body.decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[1:])))
    return rows[0], rows[1:]


def xlsx_sheet(response):
    """The first sheet of an XLSX export (openpyxl, cells with their formats)."""
    return load_workbook(io.BytesIO(response.body)).worksheets[0]


def xlsx_table(response) -> tuple[list[str], list[list]]:
    """(header, data rows as cell values) of an XLSX export: the header follows the blank row."""
    rows = [list(r) for r in xlsx_sheet(response).iter_rows(values_only=True)]
    blank = next(i for i, r in enumerate(rows) if all(v is None for v in r))
    return rows[blank + 1], rows[blank + 2:]


def column(table, header: str) -> list:
    """The values of one column of ``(header, rows)``."""
    headers, rows = table
    index = headers.index(header)
    return [row[index] for row in rows]
