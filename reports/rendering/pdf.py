"""PDF (WeasyPrint) from an HTML template file: A4, Times New Roman (Liberation Serif on Linux).

The layout is ``doc_templates/bao_cao.html`` (replaceable like the DOCX templates). Nothing is
fetched from outside: only files under the static folder may be loaded.
"""

from collections.abc import Callable

from django.conf import settings
from django.template import engines
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from reports.rendering.context import build_context
from reports.rendering.meta import DocumentMeta
from reports.rendering.templates import template_path
from reports.types import ReportData

CONTENT_TYPE = "application/pdf"
TEMPLATE = "bao_cao.html"


def render_html(data: ReportData, meta: DocumentMeta) -> str:
    source = template_path(TEMPLATE).read_text(encoding="utf-8")
    return engines["django"].from_string(source).render(build_context(data, meta, compact=True))


def render_pdf(data: ReportData, meta: DocumentMeta,
               on_section: Callable[[], None] | None = None) -> bytes:
    """The report as a PDF file (bytes)."""
    html = render_html(data, meta)
    base = settings.STATICFILES_DIRS[0] if settings.STATICFILES_DIRS else settings.BASE_DIR
    pdf = HTML(string=html, base_url=str(base),
                     url_fetcher=URLFetcher(allowed_protocols={"file"})).write_pdf()
    if on_section:
        for _section in data.sections:
            on_section()
    return pdf
