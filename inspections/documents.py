"""The programme as a DOCX in the party document format (python-docx).

Times New Roman, A4; top left the parent body and the issuing body with "*", top right
"ĐẢNG CỘNG SẢN VIỆT NAM" underlined; the number "Số …-KH/…"; the place-and-date line in
italics; the title in bold capitals; a table of the planned inspections; "Nơi nhận:".
"""

import io
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from core.choices import Classification
from inspections.models import Inspection, Programme
from people.models import Person

FONT = "Times New Roman"


def vietnamese_date(day: date) -> str:
    """"ngày 29 tháng 12 năm 2023" (days and months below 10 keep a leading zero by custom)."""
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _set_font(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    # East-Asian font slot too, or Word substitutes for Vietnamese letters on some set-ups.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def _a4(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)


def _cell_text(cell, text: str, bold=False, italic=False, underline=False, size=None):
    paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    if size:
        run.font.size = Pt(size)
    return paragraph


def _header(document, programme: Programme) -> None:
    """The two-column head: issuing body (left), party name and place/date (right)."""
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    parent = programme.org_unit.parent
    if parent is not None:
        _cell_text(left, parent.name.upper(), size=13)
    _cell_text(left, programme.org_unit.name.upper(), bold=True)
    _cell_text(left, "*")
    _cell_text(left, f"Số {programme.number or '…-KH/…'}")
    _cell_text(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True)
    place = programme.place or "……"
    when = vietnamese_date(programme.issued_on) if programme.issued_on else "ngày … tháng … năm …"
    _cell_text(right, f"{place}, {when}", italic=True)


def _title(document, programme: Programme) -> None:
    for text in ("KẾ HOẠCH", programme.title.upper()):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True


def _subjects_text(inspection: Inspection, visible_people: set[int]) -> str:
    names = []
    for subject in inspection.subjects.all():
        if subject.org_unit_id:
            names.append(subject.org_unit.name)
        elif subject.person_id in visible_people:
            names.append(f"đồng chí {subject.person.full_name}")
    return "; ".join(names) or "—"


def _table(document, programme: Programme, user) -> None:
    inspections = list(Inspection.objects.visible_to(user).filter(programme=programme)
                       .prefetch_related("subjects__org_unit", "subjects__person")
                       .order_by("planned_month", "pk"))
    person_ids = {s.person_id for i in inspections for s in i.subjects.all() if s.person_id}
    visible = set(Person.objects.visible_to(user).filter(pk__in=person_ids)
                  .values_list("pk", flat=True))
    heads = ["TT", "Nội dung", "Hình thức", "Đối tượng", "Thời kỳ", "Thời gian"]
    table = document.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        cell.paragraphs[0].add_run(head).bold = True
    for number, inspection in enumerate(inspections, start=1):
        period = (f"{inspection.look_back_from:%d/%m/%Y} – {inspection.look_back_to:%d/%m/%Y}")
        month = f"Tháng {inspection.planned_month}" if inspection.planned_month else ""
        kind = f"{inspection.get_kind_display()} {inspection.get_type_display().lower()}"
        values = [str(number), inspection.title, kind,
                  _subjects_text(inspection, visible), period, month]
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value


def _recipients_and_signature(document, programme: Programme) -> None:
    """"Nơi nhận:" on the left, the signature block on the right, as in party documents."""
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    run = left.paragraphs[0].add_run("Nơi nhận:")
    run.bold, run.italic, run.underline = True, True, True
    for line in ("- Các tổ chức đảng được kiểm tra, giám sát,",
                 "- Các đồng chí thành viên đoàn,",
                 f"- Lưu {programme.org_unit.name}."):
        left.add_paragraph(line)
    _cell_text(right, "T/M BAN THƯỜNG VỤ", bold=True)
    _cell_text(right, "(ký, ghi rõ họ tên)", italic=True)


def _classification_mark(document, programme: Programme) -> None:
    """The state-secret mark ("MẬT", "TỐI MẬT", …) at the top when the programme is classified."""
    if programme.classification:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(str(Classification(programme.classification).label).upper())
        run.bold = True


def programme_docx(programme: Programme, user) -> bytes:
    """The DOCX bytes of ``programme`` as ``user`` may see it (inspections via visible_to)."""
    document = Document()
    _set_font(document)
    _a4(document)
    _classification_mark(document, programme)
    _header(document, programme)
    document.add_paragraph()
    _title(document, programme)
    _table(document, programme, user)
    document.add_paragraph()
    _recipients_and_signature(document, programme)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
