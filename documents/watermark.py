"""Stamp every page of a PDF with who downloaded it, when, and its classification.

The stamp is drawn by fpdf2 on a transparent page of the same size and merged over each page
with pypdf, so the text stays extractable (and visible on print-outs and screenshots).
A font with every Vietnamese letter is needed: Liberation Serif 2 (Debian fonts-liberation2),
else DejaVu Sans; looked up with fc-match, then in the standard Debian font folders.
"""

import io
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

FONT_FAMILIES = ["Liberation Serif", "DejaVu Sans"]
FONT_FILES = ["LiberationSerif-Regular.ttf", "DejaVuSans.ttf"]
# Relative to the system font root; no machine path is kept in the repository.
FONT_DIRS = ["truetype/liberation2", "truetype/liberation", "truetype/dejavu"]
FONT_ROOTS = ["/usr/share/fonts", "/usr/local/share/fonts"]


@lru_cache(maxsize=1)
def font_file() -> str | None:
    """A TTF with Vietnamese letters, or None (the stamp then drops the diacritics)."""
    fc_match = shutil.which("fc-match")
    if fc_match:
        for family in FONT_FAMILIES:
            try:
                found = subprocess.run([fc_match, "-f", "%{file}", family], capture_output=True,
                                       text=True, timeout=5, check=False).stdout.strip()
            except (OSError, subprocess.SubprocessError):
                break
            if Path(found).name in FONT_FILES and Path(found).is_file():
                return found
    for name in FONT_FILES:
        for root in FONT_ROOTS:
            for folder in FONT_DIRS:
                candidate = Path(root) / folder / name
                if candidate.is_file():
                    return str(candidate)
    return None


def stamp_text(reader_name: str, when: str, classification: str) -> str:
    return f"{reader_name} — {when} — {classification}"


@lru_cache(maxsize=64)
def _overlay(text: str, width: float, height: float) -> bytes:
    """A one-page PDF of the given size with the stamp at the top and bottom margins."""
    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_page()
    font = font_file()
    if font:
        pdf.add_font("Stamp", "", font)
        pdf.set_font("Stamp", size=9)
    else:
        from core.textfold import fold

        pdf.set_font("Helvetica", size=9)
        text = fold(text.replace("—", "-"))
    pdf.set_text_color(170, 20, 20)
    for y in (12, height - 14):
        pdf.set_xy(18, y - 6)
        pdf.cell(w=width - 36, h=12, text=text, align="C")
    return bytes(pdf.output())


def watermark_pdf(data: bytes, text: str) -> bytes:
    """``data`` (a PDF) with ``text`` stamped on every page."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        box = page.mediabox
        width, height = float(box.width), float(box.height)
        stamp = PdfReader(io.BytesIO(_overlay(text, round(width, 2), round(height, 2)))).pages[0]
        page.merge_translated_page(stamp, float(box.left), float(box.bottom), over=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
