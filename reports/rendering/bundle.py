"""All formats at once: which renderer, file name and content type each format has."""

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import slugify

from core.textfold import fold
from reports.rendering import docx, pdf, xlsx
from reports.rendering.meta import DocumentMeta
from reports.types import ReportData

RENDERERS = {
    "docx": (docx.render_docx, docx.CONTENT_TYPE),
    "xlsx": (xlsx.render_xlsx, xlsx.CONTENT_TYPE),
    "pdf": (pdf.render_pdf, pdf.CONTENT_TYPE),
}
FORMATS = tuple(RENDERERS)
ZIP_CONTENT_TYPE = "application/zip"


@dataclass
class RenderedFile:
    fmt: str
    filename: str
    content_type: str
    data: bytes


def base_name(data: ReportData, meta: DocumentMeta) -> str:
    """"bao-cao-so-ket-2021-2025-thanh-pho-ha-noi" (ASCII, for any file system)."""
    years = f"{data.period.date_from.year}"
    if data.period.date_to.year != data.period.date_from.year:
        years += f"-{data.period.date_to.year}"
    kind = {"NAM": "bao-cao-nam", "SO_KET": "bao-cao-so-ket", "TONG_KET": "bao-cao-tong-ket"}
    return slugify(f"{kind.get(meta.kind, 'bao-cao')} {years} {fold(data.unit_name)}")[:120]


def render_all(data: ReportData, meta: DocumentMeta, formats, *,
               on_section: Callable[[], None] | None = None) -> list[RenderedFile]:
    """Each requested format rendered in turn (in the order of FORMATS)."""
    name = base_name(data, meta)
    files = []
    for fmt in FORMATS:
        if fmt in formats:
            render, content_type = RENDERERS[fmt]
            files.append(RenderedFile(fmt, f"{name}.{fmt}", content_type,
                                      render(data, meta, on_section=on_section)))
    return files


def zipped(files: list[RenderedFile], name: str) -> RenderedFile:
    """Several files as one download (a ZIP); a single file as it is."""
    if len(files) == 1:
        return files[0]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in files:
            archive.writestr(item.filename, item.data)
    return RenderedFile("zip", f"{name}.zip", ZIP_CONTENT_TYPE, buffer.getvalue())
