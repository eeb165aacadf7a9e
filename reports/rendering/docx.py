"""DOCX from a template file (docxtpl): the party format lives in the template, not in code.

Breakdown tables are built here with python-docx (a table's columns vary with the data): the
template holds ``{{ section.tables_marker }}`` in a paragraph of its own, and after rendering
that paragraph is replaced by the section's tables.
"""

import io
from collections.abc import Callable

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate

from core.documents import DOCX_CONTENT_TYPE
from reports.kinds import template_name
from reports.rendering.context import build_context
from reports.rendering.meta import DocumentMeta
from reports.rendering.templates import template_path
from reports.types import ReportData

CONTENT_TYPE = DOCX_CONTENT_TYPE
MARKER = "[[hoso-bang:{}]]"


def _write(cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(12)


def _insert_tables(document, anchor, tables: list[dict]) -> None:
    """Put each table (an italic title, a header row, then rows) where ``anchor`` stands."""
    position = anchor._p
    for table in tables:
        title = document.add_paragraph()
        title.paragraph_format.space_before = Pt(6)
        run = title.add_run(table["title"])
        run.bold, run.italic = True, True
        grid = document.add_table(rows=1, cols=len(table["columns"]))
        try:
            grid.style = "Table Grid"
        except KeyError:  # an administrator's template without Word's grid style
            pass
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, name in zip(grid.rows[0].cells, table["columns"], strict=False):
            _write(cell, name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for row in table["rows"]:
            cells = grid.add_row().cells
            for cell, item in zip(cells, row, strict=False):
                align = WD_ALIGN_PARAGRAPH.RIGHT if item["is_figure"] else WD_ALIGN_PARAGRAPH.LEFT
                _write(cell, item["text"], align=align)
        # Both were appended at the end of the body: move them to the anchor's place.
        position.addnext(title._p)
        title._p.addnext(grid._tbl)
        position = grid._tbl
    anchor._p.getparent().remove(anchor._p)


def render_docx(data: ReportData, meta: DocumentMeta,
                on_section: Callable[[], None] | None = None) -> bytes:
    """The report as a .docx file (bytes), from the kind's template file."""
    template = DocxTemplate(str(template_path(f"{template_name(meta.kind)}.docx")))
    context = build_context(data, meta)
    tables = {}
    for section in context["sections"]:
        section["tables_marker"] = MARKER.format(section["key"])
        tables[section["tables_marker"]] = section["tables"]
    template.render(context, autoescape=True)
    document = template.docx
    for paragraph in list(document.paragraphs):
        text = paragraph.text.strip()
        if text in tables:
            _insert_tables(document, paragraph, tables[text])
            if on_section:
                on_section()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
