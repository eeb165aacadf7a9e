"""Build the default DOCX templates (docxtpl: Jinja tags inside Word paragraphs).

Run once after changing this file, and commit the .docx files it writes next to it::

    .venv/bin/python reports/doc_templates/build_defaults.py

An administrator replaces a template by putting a file of the same name (edited in Word, keeping
the {{ … }} and {%p … %} tags) into the HOSO_REPORT_TEMPLATE_DIR folder; the variables are listed
in README.md here. Each tag is written in a single run so that Word's run splitting cannot break it.
"""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoso.settings")

import django  # noqa: E402

django.setup()

from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.shared import Pt  # noqa: E402

from core.documents import cell_text, new_document  # noqa: E402

INTRO = {
    "bao_cao_nam": (
        "Thực hiện chương trình công tác năm {{ year_to }}, {{ issuer_name }} báo cáo kết quả "
        "công tác bảo vệ chính trị nội bộ của {{ unit_name }} từ ngày {{ date_from }} đến ngày "
        "{{ date_to }}{% if as_of %} (số liệu tính đến ngày {{ as_of }}){% endif %} như sau:"),
    "so_ket": (
        "Thực hiện Quy định số 58-QĐ/TW ngày 08/02/2022 của Bộ Chính trị về một số vấn đề bảo vệ "
        "chính trị nội bộ Đảng, {{ issuer_name }} báo cáo sơ kết công tác bảo vệ chính trị nội bộ "
        "của {{ unit_name }} giai đoạn từ ngày {{ date_from }} đến ngày {{ date_to }}"
        "{% if as_of %} (số liệu tính đến ngày {{ as_of }}){% endif %} như sau:"),
    "tong_ket": (
        "Thực hiện Quy định số 58-QĐ/TW ngày 08/02/2022 của Bộ Chính trị về một số vấn đề bảo vệ "
        "chính trị nội bộ Đảng, {{ issuer_name }} báo cáo tổng kết công tác bảo vệ chính trị nội "
        "bộ của {{ unit_name }} giai đoạn từ ngày {{ date_from }} đến ngày {{ date_to }}"
        "{% if as_of %} (số liệu tính đến ngày {{ as_of }}){% endif %} như sau:"),
}
PART_ONE = {
    "bao_cao_nam": "A. KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
    "so_ket": "A. KẾT QUẢ THỰC HIỆN",
    "tong_ket": "A. KẾT QUẢ THỰC HIỆN",
}
# Written by the office, not computed: left as dotted lines to fill in.
PART_TWO = {
    "bao_cao_nam": ["B. ĐÁNH GIÁ CHUNG VÀ PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM TỚI"],
    "so_ket": ["B. ĐÁNH GIÁ CHUNG", "C. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN TỚI"],
    "tong_ket": ["B. ĐÁNH GIÁ CHUNG, BÀI HỌC KINH NGHIỆM",
                 "C. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN TỚI", "D. KIẾN NGHỊ, ĐỀ XUẤT"],
}


def tag(document, text: str) -> None:
    """A paragraph holding only a docxtpl block tag ({%p … %}); it vanishes when rendered."""
    document.add_paragraph().add_run(text)


def para(document, text: str, *, bold=False, italic=False, align=None, indent=True):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(28)
    paragraph.paragraph_format.space_after = Pt(4)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    return paragraph


def header(document) -> None:
    tag(document, "{%p if classification_mark %}")
    para(document, "{{ classification_mark }}", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    tag(document, "{%p endif %}")
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    cell_text(left, "{{ parent_body }}")
    cell_text(left, "{{ issuer }}", bold=True)
    cell_text(left, "*")
    cell_text(left, "Số {{ number }}")
    cell_text(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True)
    cell_text(right, "{{ place_date }}", italic=True)


def body(document, name: str) -> None:
    para(document, "{{ title }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document, "{{ subject_upper }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document, "-----", align=WD_ALIGN_PARAGRAPH.CENTER)
    para(document, INTRO[name])
    para(document, PART_ONE[name], bold=True, indent=False)
    tag(document, "{%p for section in sections %}")
    para(document, "{{ section.number }}. {{ section.title }}", bold=True)
    tag(document, "{%p for figure in section.figures %}")
    para(document, "- {{ figure.label }}: {{ figure.text }}.")
    tag(document, "{%p endfor %}")
    # Breakdown tables are built in code (reports.rendering.docx) and dropped in here.
    document.add_paragraph().add_run("{{ section.tables_marker }}")
    tag(document, "{%p endfor %}")
    for heading in PART_TWO[name]:
        para(document, heading, bold=True, indent=False)
        para(document, "…" * 40)


def signature(document) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    run = left.paragraphs[0].add_run("Nơi nhận:")
    run.bold, run.italic, run.underline = True, True, True
    left.add_paragraph().add_run("{%p for line in recipients %}")
    left.add_paragraph().add_run("- {{ line }},").font.size = Pt(12)
    left.add_paragraph().add_run("{%p endfor %}")
    left.add_paragraph().add_run("- Lưu {{ keep_at }}.").font.size = Pt(12)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    right.paragraphs[0].add_run("{%p for line in signature %}")
    cell_text(right, "{{ line }}", bold=True)
    right.add_paragraph().add_run("{%p endfor %}")
    cell_text(right, "{{ signer_title }}", bold=True)
    cell_text(right, "{{ signer }}", bold=True).paragraph_format.space_before = Pt(60)


def build(name: str) -> Path:
    document = new_document(14)
    header(document)
    body(document, name)
    signature(document)
    target = HERE / f"{name}.docx"
    document.save(target)
    return target


if __name__ == "__main__":
    for kind in INTRO:
        print(build(kind))
