"""What a file is, from its content (magic numbers), never from its name.

Allowed: PDF, DOCX, XLSX, PNG, JPEG and plain UTF-8 text. Everything else is refused, including
executables, HTML, SVG and other markup a browser might run, archives and old Office formats
(which carry macros). A DOCX/XLSX is a zip: it must hold [Content_Types].xml and its main part.
"""

import codecs
import zipfile
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HEAD_SIZE = 8192


@dataclass(frozen=True)
class Kind:
    mime: str
    extension: str
    label: str


PDF = Kind("application/pdf", "pdf", "PDF")
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", "Word")
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", "Excel")
PNG = Kind("image/png", "png", "PNG")
JPEG = Kind("image/jpeg", "jpg", "JPEG")
TEXT = Kind("text/plain; charset=utf-8", "txt", "Văn bản thuần")

BY_MIME = {"application/pdf": PDF, "image/png": PNG, "image/jpeg": JPEG}
# The main part each Office Open XML kind must contain.
OOXML_PARTS = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}
# Markup a browser could render or run if it ever served the text as HTML.
_MARKUP = ("<!doctype", "<html", "<script", "<svg", "<?xml", "<body", "<iframe", "<object")


def refused(detail: str = "") -> ValidationError:
    message = _("Loại tệp này không được phép. Chỉ nhận tệp PDF, Word (.docx), Excel (.xlsx), "
                "ảnh PNG/JPEG hoặc văn bản thuần; hệ thống kiểm tra nội dung tệp, không dựa "
                "vào đuôi tên tệp.")
    if detail:
        message = f"{message} {detail}"
    return ValidationError(message, code="file_type")


def detect(source) -> Kind:
    """The kind of ``source`` (a seekable binary file), or ValidationError in Vietnamese."""
    source.seek(0)
    head = source.read(HEAD_SIZE)
    source.seek(0)
    if not head:
        raise ValidationError(_("Tệp rỗng: hãy chọn lại tệp cần đính kèm."), code="empty")
    if head.startswith(b"PK\x03\x04"):
        return _office(source)
    guess = filetype.guess(head)
    if guess is not None:
        kind = BY_MIME.get(guess.mime)
        if kind is None:
            raise refused(_("(Nội dung tệp là: %(kind)s.)") % {"kind": guess.extension})
        if kind is PDF:
            _check_pdf(source)
        return kind
    return _text(source, head)


def _office(source) -> Kind:
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refused(_("(Tệp nén bị hỏng.)")) from exc
    finally:
        source.seek(0)
    if "[Content_Types].xml" in names:
        for kind, part in OOXML_PARTS.items():
            if part in names:
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    raise refused(_("(Tệp có macro.)"))
                return kind
    raise refused(_("(Tệp nén không phải tài liệu Word hay Excel.)"))


def _check_pdf(source) -> None:
    """A PDF must open and not be password-protected: it is watermarked when downloaded."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(source)
        if reader.is_encrypted:
            raise ValidationError(_("Tệp PDF có mật khẩu: hãy gỡ mật khẩu rồi tải lên lại."),
                                  code="pdf_encrypted")
        len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise ValidationError(_("Tệp PDF bị hỏng, không mở được: hãy xuất lại tệp rồi tải lên."),
                              code="pdf_broken") from exc
    finally:
        source.seek(0)


def _text(source, head: bytes) -> Kind:
    """Plain UTF-8 text without control characters or markup; anything else is refused."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for block in iter(lambda: source.read(1024 * 1024), b""):
            if b"\x00" in block:
                raise refused()
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise refused() from exc
    finally:
        source.seek(0)
    text = head.decode("utf-8", "ignore")
    lowered = text.lstrip("\ufeff \t\r\n").lower()
    if any(marker in lowered for marker in _MARKUP) or lowered.startswith(("<", "#!")):
        raise refused()
    if any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text):
        raise refused()
    return TEXT
