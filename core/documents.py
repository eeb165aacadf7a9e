"""Reusable pieces of the party document format for DOCX output (python-docx).

Times New Roman, A4; top left the parent body, the issuing body, "*" and "Số …"; top right
"ĐẢNG CỘNG SẢN VIỆT NAM" underlined and the place-and-date line in italics; type name and subject
in bold capitals; signature block ("T/M …", "T/L …"); "Nơi nhận:" ending "- Lưu …"; the
classification mark when classified. Each app builds its own body between these parts.
"""

import io
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from core.choices import Classification

FONT = "Times New Roman"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def vietnamese_date(day: date) -> str:
    """"ngày 29 tháng 12 năm 2023" (days and months below 10 keep a leading zero by custom)."""
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def new_document(size: int = 13):
    """An empty A4 portrait document in Times New Roman with the usual party margins."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(size)
    # East-Asian font slot too, or Word substitutes for Vietnamese letters on some set-ups.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    return document


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def cell_text(cell, text: str, bold=False, italic=False, underline=False, size=None,
              align=WD_ALIGN_PARAGRAPH.CENTER):
    """Add a line to a table cell (the first, empty paragraph is reused)."""
    paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return paragraph


def classification_mark(document, classification: int) -> None:
    """The state-secret mark ("MẬT", "TỐI MẬT", …) at the top right when classified."""
    if classification:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(str(Classification(classification).label).upper())
        run.bold = True


def header_block(document, *, parent: str, issuer: str, number: str, place: str,
                 on: date | None) -> None:
    """The two-column head: parent/issuing body, "*", "Số …" (left); party name, date (right)."""
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    if parent:
        cell_text(left, parent.upper())
    cell_text(left, issuer.upper(), bold=True)
    cell_text(left, "*")
    cell_text(left, f"Số {number}" if number else "Số …")
    cell_text(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True)
    cell_text(right, place_date_line(place, on), italic=True)


def place_date_line(place: str, on: date | None) -> str:
    """"Hà Nội, ngày 29 tháng 12 năm 2023" (blanks to fill by hand when the date is unknown)."""
    when = vietnamese_date(on) if on else "ngày … tháng … năm …"
    return f"{place or '……'}, {when}"


def title_block(document, kind: str, subject: str) -> None:
    """Type name in bold capitals, then the subject line (e.g. "V/v …") centred."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(kind.upper()).bold = True
    if subject:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(subject)
        run.bold, run.italic = True, True


def signature_and_recipients(document, *, recipients: list[str], keep_at: str,
                             signature: list[str], signer: str = "") -> None:
    """"Nơi nhận:" (ending "- Lưu …") on the left, the signature block on the right
    (e.g. ["T/M ĐẢNG ỦY", "BÍ THƯ"] or ["T/L BAN THƯỜNG VỤ", "TRƯỞNG BAN TỔ CHỨC"])."""
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    run = left.paragraphs[0].add_run("Nơi nhận:")
    run.bold, run.italic, run.underline = True, True, True
    for line in recipients:
        left.add_paragraph(f"- {line},")
    left.add_paragraph(f"- Lưu {keep_at}.")
    for line in signature:
        cell_text(right, line, bold=True)
    cell_text(right, "(ký, ghi rõ họ tên)", italic=True)
    if signer:
        cell_text(right, signer, bold=True).paragraph_format.space_before = Pt(48)
