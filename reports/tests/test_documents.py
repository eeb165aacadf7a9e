"""The report documents read back as a reader (or Word, Excel) would: format, figures, numbers."""

import io
from datetime import date

import pytest
from docx import Document
from docx.shared import Cm
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.kinds import ReportKind, default_period
from reports.rendering.docx import render_docx
from reports.rendering.numbers import vn_date, vn_number
from reports.rendering.pdf import render_pdf
from reports.rendering.serial import report_from_json, report_to_json
from reports.rendering.xlsx import render_xlsx
from reports.tests.document_samples import sample_meta, sample_report
from reports.types import Figure


@pytest.fixture(scope="module")
def docx_file():
    return Document(io.BytesIO(render_docx(sample_report(), sample_meta())))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _runs(paragraph):
    return [run for run in paragraph.runs if run.text.strip()]


def test_numbers_are_written_the_vietnamese_way():
    assert vn_number(2611) == "2.611"
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(0) == "0"
    assert vn_date(date(2023, 12, 9)) == "09/12/2023"


def test_docx_head_has_issuer_number_party_name_and_italic_date(docx_file):
    left, right = docx_file.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "ĐẢNG BỘ TỈNH MẪU", "BAN TỔ CHỨC TỈNH ỦY", "*", "Số 259-BC/BTCTU"]
    assert all(run.bold for run in _runs(left.paragraphs[1]))
    party, when = right.paragraphs
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert all(run.bold and run.underline for run in _runs(party))
    assert when.text == "Hà Nội, ngày 29 tháng 12 năm 2023"
    assert all(run.italic for run in _runs(when))


def test_docx_type_name_and_subject_are_bold_capitals(docx_file):
    paragraphs = docx_file.paragraphs
    title = next(p for p in paragraphs if p.text == "BÁO CÁO")
    subject = paragraphs[paragraphs.index(title) + 1]
    assert subject.text == "SƠ KẾT CÔNG TÁC BẢO VỆ CHÍNH TRỊ NỘI BỘ GIAI ĐOẠN 2021 – 2025"
    for paragraph in (title, subject):
        assert paragraph.text == paragraph.text.upper()
        assert all(run.bold for run in _runs(paragraph))


def test_docx_is_a4_in_times_new_roman(docx_file):
    section = docx_file.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.05)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.05)
    assert docx_file.styles["Normal"].font.name == "Times New Roman"
    fonts = {run.font.name for p in docx_file.paragraphs for run in p.runs}
    assert fonts <= {None, "Times New Roman"}  # None: inherits Normal


def test_docx_writes_every_figure_in_sentences_with_vietnamese_numbers(docx_file):
    text = "\n".join(_texts(docx_file))
    assert "- Số lượt cán bộ ra nước ngoài: 2.611." in text
    assert "- Số tổ chức đảng được kiểm tra: 505." in text
    assert "2611" not in text
    assert "{{" not in text and "{%" not in text and "[[hoso" not in text


def test_docx_breakdown_tables_stand_under_their_section(docx_file):
    grid = docx_file.tables[1]
    assert [c.text for c in grid.rows[0].cells] == ["Mục đích", "Số hồ sơ"]
    assert [c.text for c in grid.rows[1].cells] == ["Kết nạp Đảng", "700"]
    body = docx_file.element.body
    caption = next(p for p in docx_file.paragraphs if p.text == "Hồ sơ thẩm định theo mục đích")
    assert caption._p.getnext() is grid._tbl
    following = next(p for p in docx_file.paragraphs if p.text.startswith("III."))
    assert list(body).index(grid._tbl) < list(body).index(following._p)


def test_docx_ends_with_recipients_and_signature(docx_file):
    left, right = docx_file.tables[-1].rows[0].cells
    lines = [p.text for p in left.paragraphs if p.text]
    assert lines[0] == "Nơi nhận:"
    assert lines[1:] == ["- Ban Tổ chức Trung ương,", "- Thường trực Tỉnh ủy,", "- Lưu VP, BTC."]
    signature = [p.text for p in right.paragraphs if p.text]
    assert signature == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn An"]


def test_docx_carries_the_classification_mark_only_when_classified(docx_file):
    assert docx_file.paragraphs[0].text == "MẬT"
    assert all(run.bold for run in _runs(docx_file.paragraphs[0]))
    plain = Document(io.BytesIO(render_docx(sample_report(), sample_meta(classification=0))))
    assert "MẬT" not in _texts(plain)
    assert plain.paragraphs[0].text != "MẬT"
    top = Document(io.BytesIO(render_docx(sample_report(), sample_meta(classification=2))))
    assert top.paragraphs[0].text == "TỐI MẬT"


def test_docx_as_of_day_is_stated(docx_file):
    dated = Document(io.BytesIO(render_docx(sample_report(as_of=date(2024, 6, 30)),
                                            sample_meta())))
    assert "(số liệu tính đến ngày 30/06/2024)" in "\n".join(_texts(dated))
    assert "tính đến" not in "\n".join(_texts(docx_file))


@pytest.mark.parametrize("kind", list(ReportKind))
def test_each_kind_has_its_template(kind):
    document = Document(io.BytesIO(render_docx(sample_report(), sample_meta(kind=kind))))
    text = "\n".join(_texts(document))
    assert "2.611" in text
    expected = {"NAM": "chương trình công tác năm", "SO_KET": "báo cáo sơ kết",
                "TONG_KET": "báo cáo tổng kết"}[kind]
    assert expected in text


def test_an_administrator_template_replaces_the_default(settings, tmp_path):
    custom = Document()
    custom.add_paragraph("MẪU RIÊNG CỦA {{ issuer }} — {{ unit_name }}")
    custom.save(tmp_path / "so_ket.docx")
    settings.HOSO_REPORT_TEMPLATE_DIR = tmp_path
    document = Document(io.BytesIO(render_docx(sample_report(), sample_meta())))
    assert _texts(document)[0] == "MẪU RIÊNG CỦA BAN TỔ CHỨC TỈNH ỦY — Đảng bộ tỉnh Mẫu"
    # The other kinds still use the shipped defaults.
    other = Document(io.BytesIO(render_docx(sample_report(), sample_meta(kind="NAM"))))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in other.tables[0].rows[0].cells[1].text


def test_xlsx_has_one_sheet_per_section_with_real_numbers():
    workbook = load_workbook(io.BytesIO(render_xlsx(sample_report(), sample_meta())))
    assert len(workbook.sheetnames) == 3
    sheet = workbook.worksheets[2]
    values = {row[0].value: row[1] for row in sheet.iter_rows() if len(row) > 1}
    cell = values["Số lượt cán bộ ra nước ngoài"]
    assert cell.value == 2611 and isinstance(cell.value, int)
    assert cell.number_format == "#,##0"
    header_row = next(r[0].row for r in sheet.iter_rows() if r[0].value == "Chỉ tiêu")
    assert sheet.freeze_panes == f"A{header_row + 1}"
    assert sheet["A1"].value.startswith("BÁO CÁO")
    assert any(c.value == "MẬT" for c in sheet["A"])


def test_xlsx_breakdown_tables_hold_numbers():
    workbook = load_workbook(io.BytesIO(render_xlsx(sample_report(), sample_meta())))
    sheet = workbook.worksheets[1]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Kết nạp Đảng", 700] in rows and ["Bổ nhiệm", 78] in rows


def test_pdf_is_a4_and_carries_the_text():
    reader = PdfReader(io.BytesIO(render_pdf(sample_report(), sample_meta())))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = "\n".join(p.extract_text() for p in reader.pages)
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số 259-BC/BTCTU", "MẬT", "2.611",
                     "Hà Nội, ngày 29 tháng 12 năm 2023", "Nơi nhận:", "T/M BAN THƯỜNG VỤ"):
        assert expected in text


def test_report_data_survives_json():
    data = sample_report(as_of=date(2024, 6, 30))
    again = report_from_json(report_to_json(data))
    assert again == data
    assert again.figure("vetting.appraisals", "purpose=BO_NHIEM").value == 78


def test_kinds_set_their_default_period():
    today = date(2026, 11, 25)
    assert default_period(ReportKind.NAM, today) == (date(2026, 1, 1), date(2026, 12, 31))
    assert default_period(ReportKind.SO_KET, today) == (date(2022, 1, 1), date(2026, 12, 31))
    assert default_period(ReportKind.TONG_KET, today) == (date(2017, 1, 1), date(2026, 12, 31))


def _with_zero_rows():
    data = sample_report()
    table = data.sections[1].tables[0]
    table.rows.append(["Quy hoạch", Figure("vetting.appraisals", "Quy hoạch", 0,
                                           cell="purpose=QUY_HOACH")])
    return data


def test_printed_documents_leave_out_all_zero_rows_and_say_so():
    data = _with_zero_rows()
    document = Document(io.BytesIO(render_docx(data, sample_meta())))
    grid = document.tables[1]
    assert [c.text for c in grid.columns[0].cells] == ["Mục đích", "Kết nạp Đảng", "Bổ nhiệm"]
    note = "Các dòng toàn số 0 không in (1 dòng); bản Excel có đủ."
    assert note in _texts(document)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(
        render_pdf(data, sample_meta()))).pages)
    assert "Quy hoạch" not in text and "Các dòng toàn số 0 không in (1 dòng)" in text


def test_the_workbook_keeps_every_row():
    workbook = load_workbook(io.BytesIO(render_xlsx(_with_zero_rows(), sample_meta())))
    rows = [[c.value for c in row] for row in workbook.worksheets[1].iter_rows()]
    assert ["Quy hoạch", 0] in rows
