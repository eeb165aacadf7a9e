"""Messy sample files made by the import tests (openpyxl / csv writers), and upload helpers."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def xlsx(rows: list[list], *, titles: list[str] = (), merge_width: int = 6) -> bytes:
    """A workbook whose first sheet has merged title rows, a blank row, then ``rows``."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    for number, title in enumerate(titles, start=1):
        sheet.cell(row=number, column=1, value=title)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=merge_width)
    start = len(titles) + (2 if titles else 1)
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=start + offset, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], *, encoding: str = "utf-8", delimiter: str = ";",
              bom: bool = False) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def upload(data: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def verdicts(item) -> dict[int, str]:
    return dict(item.rows.values_list("number", "verdict"))


def matrix_records(owner) -> dict:
    """An import (dry-run rows, no file) owned by ``owner``: for the access-matrix test."""
    from transfer.models import Import, ImportKind, ImportRow, ImportStatus, Verdict

    item = Import.objects.create(owner=owner, kind=ImportKind.PEOPLE, filename="ma-tran.csv",
                                 file_format="csv", status=ImportStatus.ANALYSED,
                                 counts={"REVIEW": 1}, columns=[["Họ và tên", "full_name"]])
    row = ImportRow.objects.create(batch=item, number=2, verdict=Verdict.REVIEW,
                                   data={"full_name": "Riêng Tư"}, candidates=[[1, "x"]])
    return {"import_id": item.pk, "import_row_id": row.pk}
