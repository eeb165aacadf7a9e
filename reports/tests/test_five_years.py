"""Five years of a province with known totals: the generated DOCX and XLSX carry exactly them."""

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from reports.figures import compute_report
from reports.kinds import ReportKind
from reports.rendering.docx import render_docx
from reports.rendering.meta import DocumentMeta
from reports.rendering.numbers import vn_number
from reports.rendering.xlsx import render_xlsx
from reports.tests.five_year_data import PERIOD, TOTALS, build_province
from reports.types import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_years(db):
    province, officer = build_province()
    data = compute_report(officer, Period(province.pk, *PERIOD))
    meta = DocumentMeta(
        kind=ReportKind.SO_KET, parent_body="Đảng bộ Tỉnh Năm Năm", issuer="Ban Tổ chức Tỉnh ủy",
        number="259-BC/BTCTU", place="Năm Năm", issued_on=date(2026, 1, 15), title="Báo cáo",
        subject="Sơ kết công tác bảo vệ chính trị nội bộ giai đoạn 2021 – 2025",
        classification=1, signer_title="Phó Bí thư", signer="Nguyễn Văn An",
        recipients=["Ban Tổ chức Trung ương"], keep_at="VP")
    return data, meta


def test_docx_and_xlsx_carry_exactly_the_known_totals(five_years):
    data, meta = five_years
    assert {key: data.figure(key).value for key in TOTALS} == TOTALS

    # DOCX: each total in a sentence, in Vietnamese format ("2.611"), never as "2611".
    document = Document(io.BytesIO(render_docx(data, meta)))
    lines = [p.text for p in document.paragraphs]
    for key, value in TOTALS.items():
        line = f"- {data.figure(key).label}: {vn_number(value)}."
        assert line in lines, line
    assert "- Lượt cán bộ, đảng viên đi nước ngoài: 2.611." in lines
    assert not any("2611" in line for line in lines)

    # XLSX: each total a numeric cell (int) shown with a thousands separator.
    workbook = load_workbook(io.BytesIO(render_xlsx(data, meta)))
    found = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(max_col=2):
            if row[0].value and isinstance(row[1].value, int):
                found.setdefault(row[0].value, row[1])
    for key, value in TOTALS.items():
        cell = found[data.figure(key).label]
        assert cell.value == value and type(cell.value) is int
        assert cell.number_format == "#,##0"
