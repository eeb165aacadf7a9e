"""Where template files come from: the administrator's folder first, then the shipped defaults.

``settings.HOSO_REPORT_TEMPLATE_DIR`` (env ``HOSO_REPORT_TEMPLATE_DIR``, default
``var/report_templates/``) may hold ``bao_cao_nam.docx``, ``so_ket.docx``, ``tong_ket.docx`` and
``bao_cao.html`` (the PDF layout); a file there replaces the default of the same name in
``reports/doc_templates/`` without any code change.
"""

from pathlib import Path

from django.conf import settings

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "doc_templates"


def template_path(name: str) -> Path:
    """The override file if an administrator put one, else the shipped default."""
    folder = getattr(settings, "HOSO_REPORT_TEMPLATE_DIR", None)
    if folder:
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate
    return DEFAULT_DIR / name
