"""XLSX (openpyxl): one sheet per section, real numbers (``#,##0``), a header block, frozen header.

A figure's cell holds an int; Excel shows it as "2.611" under Vietnamese regional settings.
"""

import io
import re
from collections.abc import Callable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reports.rendering.context import build_context
from reports.rendering.meta import DocumentMeta
from reports.types import ReportData

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER_FORMAT = "#,##0"
FONT = "Times New Roman"
BOLD = Font(name=FONT, bold=True)
PLAIN = Font(name=FONT)


def _sheet_title(number: str, title: str, used: set[str]) -> str:
    """Excel sheet names: ≤31 characters, none of []:*?/\\, unique in the workbook."""
    name = re.sub(r"[\[\]:*?/\\]", " ", f"{number}. {title}")[:31].strip()
    base, index = name, 2
    while name in used:
        suffix = f" ({index})"
        name, index = base[: 31 - len(suffix)] + suffix, index + 1
    used.add(name)
    return name


def _header_block(sheet, context: dict, section: dict) -> int:
    """Title, unit, period, number, mark; returns the next free row."""
    lines = [
        (f"{context['title']} — {context['subject']}", BOLD),
        (_("Đơn vị: %(unit)s") % {"unit": context["unit_name"]}, PLAIN),
        (_("Từ ngày %(start)s đến ngày %(end)s") % {"start": context["date_from"],
                                                   "end": context["date_to"]}, PLAIN),
    ]
    if context["as_of"]:
        lines.append((_("Số liệu tính đến ngày %(day)s") % {"day": context["as_of"]}, PLAIN))
    lines.append((_("Số %(number)s") % {"number": context["number"]}, PLAIN))
    if context["classification_mark"]:
        lines.append((context["classification_mark"], BOLD))
    lines.append((f"{section['number']}. {section['title']}", BOLD))
    for row, (text, font) in enumerate(lines, start=1):
        sheet.cell(row=row, column=1, value=text).font = font
    return len(lines) + 2


def _number(cell, value: int) -> None:
    cell.value = int(value)
    cell.number_format = NUMBER_FORMAT
    cell.font = PLAIN


def _fill_section(sheet, context: dict, section: dict) -> None:
    row = _header_block(sheet, context, section)
    for column, name in enumerate((_("Chỉ tiêu"), _("Số lượng")), start=1):
        sheet.cell(row=row, column=column, value=name).font = BOLD
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)
    for figure in section["figures"]:
        row += 1
        sheet.cell(row=row, column=1, value=figure["label"]).font = PLAIN
        _number(sheet.cell(row=row, column=2), figure["value"])
    width = 2
    for table in section["tables"]:
        row += 2
        sheet.cell(row=row, column=1, value=table["title"]).font = BOLD
        row += 1
        for column, name in enumerate(table["columns"], start=1):
            cell = sheet.cell(row=row, column=column, value=name)
            cell.font, cell.alignment = BOLD, Alignment(wrap_text=True)
        width = max(width, len(table["columns"]))
        for items in table["rows"]:
            row += 1
            for column, item in enumerate(items, start=1):
                cell = sheet.cell(row=row, column=column)
                if item["is_figure"]:
                    _number(cell, item["value"])
                else:
                    cell.value, cell.font = item["text"], PLAIN
    sheet.column_dimensions["A"].width = 60
    for column in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16


def render_xlsx(data: ReportData, meta: DocumentMeta,
                on_section: Callable[[], None] | None = None) -> bytes:
    """The report as an .xlsx workbook (bytes): one sheet per section."""
    context = build_context(data, meta)
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for section in context["sections"]:
        sheet = workbook.create_sheet(_sheet_title(section["number"], section["title"], used))
        _fill_section(sheet, context, section)
        if on_section:
            on_section()
    if not context["sections"]:
        workbook.create_sheet(_("Báo cáo"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
