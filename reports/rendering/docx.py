"""DOCX from a template file (docxtpl): the party format lives in the template, not in code.

Breakdown tables are built here (a table's columns vary with the data): the
template holds ``{{ section.tables_marker }}`` in a paragraph of its own, and after rendering
that paragraph is replaced by the section's tables.
"""

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docxtpl import DocxTemplate

from core.documents import DOCX_CONTENT_TYPE
from reports.kinds import template_name
from reports.rendering.context import build_context
from reports.rendering.meta import DocumentMeta
from reports.rendering.templates import template_path
from reports.types import ReportData

CONTENT_TYPE = DOCX_CONTENT_TYPE
MARKER = "[[hoso-bang:{}]]"


# Breakdown tables can run to hundreds of rows (one per unit): they are written as one XML
# string each (python-docx's cell-by-cell API takes seconds for a few hundred rows).
PAGE_WIDTH_TWIPS = 9070  # A4 minus the 3 cm + 2 cm margins
BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _cell_xml(text: str, width: int, *, bold: bool = False, align: str = "left") -> str:
    run_props = '<w:b/><w:sz w:val="24"/>' if bold else '<w:sz w:val="24"/>'
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
            f'<w:spacing w:before="0" w:after="0"/><w:ind w:firstLine="0"/><w:jc w:val="{align}"/>'
            f'</w:pPr><w:r><w:rPr>{run_props}</w:rPr><w:t xml:space="preserve">{escape(text)}'
            f'</w:t></w:r></w:p></w:tc>')


def _table_xml(table: dict) -> str:
    columns = table["columns"]
    count = max(1, len(columns))
    first = PAGE_WIDTH_TWIPS // 3 if count > 1 else PAGE_WIDTH_TWIPS
    other = (PAGE_WIDTH_TWIPS - first) // (count - 1) if count > 1 else 0
    widths = [first] + [other] * (count - 1)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    # The header row repeats on every page (w:tblHeader).
    head = "".join(_cell_xml(name, w, bold=True, align="center")
                   for name, w in zip(columns, widths, strict=False))
    rows = [f'<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>{head}</w:tr>']
    for row in table["rows"]:
        cells = "".join(_cell_xml(item["text"], w, align="right" if item["is_figure"] else "left")
                        for item, w in zip(row, widths, strict=False))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    return (f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            f'<w:jc w:val="center"/><w:tblBorders>{BORDERS}</w:tblBorders>'
            f'<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            f'{"".join(rows)}</w:tbl>')


def _caption_xml(title: str) -> str:
    return (f'<w:p {nsdecls("w")}><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60"/>'
            f'</w:pPr><w:r><w:rPr><w:b/><w:i/></w:rPr><w:t xml:space="preserve">{escape(title)}'
            f'</w:t></w:r></w:p>')


def _note_xml(text: str) -> str:
    return (f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="60"/></w:pPr><w:r>'
            f'<w:rPr><w:i/><w:sz w:val="22"/></w:rPr><w:t xml:space="preserve">{escape(text)}'
            f'</w:t></w:r></w:p>')


def _insert_tables(anchor, tables: list[dict]) -> None:
    """Put each table (an italic title, a header row, then rows) where ``anchor`` stands."""
    position = anchor._p
    for table in tables:
        parts = [_caption_xml(table["title"])]
        if table["rows"]:
            parts.append(_table_xml(table))
        if table["note"]:
            parts.append(_note_xml(table["note"]))
        for xml in parts:
            element = parse_xml(xml)
            position.addnext(element)
            position = element
    anchor._p.getparent().remove(anchor._p)


def render_docx(data: ReportData, meta: DocumentMeta,
                on_section: Callable[[], None] | None = None) -> bytes:
    """The report as a .docx file (bytes), from the kind's template file."""
    template = DocxTemplate(str(template_path(f"{template_name(meta.kind)}.docx")))
    context = build_context(data, meta, compact=True)
    tables = {}
    for section in context["sections"]:
        section["tables_marker"] = MARKER.format(section["key"])
        tables[section["tables_marker"]] = section["tables"]
    template.render(context, autoescape=True)
    document = template.docx
    for paragraph in list(document.paragraphs):
        text = paragraph.text.strip()
        if text in tables:
            _insert_tables(paragraph, tables[text])
            if on_section:
                on_section()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
