"""Builders for documents in tests (through documents.services, as the pages do)."""

import io
import zipfile
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from fpdf import FPDF

from documents import services, storage
from documents.choices import Direction
from documents.models import DocumentType


def doc_type(code: str) -> DocumentType:
    return DocumentType.objects.get(code=code)


def make_document(actor, unit, *, code="BC", issuer="BTCTU", issued_on=date(2025, 3, 10),
                  direction=Direction.OUT, classification=0, number=None, **extra):
    data = {"org_unit": unit, "direction": direction, "doc_type": doc_type(code),
            "issuer_code": issuer, "issued_on": issued_on, "place": "Hà Nội",
            "subject": extra.pop("subject", "Báo cáo công tác bảo vệ chính trị nội bộ"),
            "signer": "Nguyễn Văn Ký", "classification": classification, "copies": 3, **extra}
    if number is not None:
        data["number"] = number
    return services.do_create_document(actor=actor, data=data)


def pdf_bytes(text: str = "Noi dung van ban", pages: int = 2) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=12)
    for n in range(pages):
        pdf.add_page()
        pdf.cell(text=f"{text} - trang {n + 1}")
    return bytes(pdf.output())


def ooxml_bytes(main_part: str = "word/document.xml", content_types: bool = True) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if content_types:
            archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200 + b"PE\x00\x00"


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def attach(actor, document, content: bytes = b"", name: str = "van-ban.pdf"):
    """Attach through the service and run its on-commit step (the file moves into place)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.do_attach_file(actor=actor, document=document,
                                       upload=upload(content or pdf_bytes(), name), name=name)


def matrix_records(actor, unit, classification=0) -> dict:
    """A document with a file (and a register line), for the access matrix: URL kwarg → id.

    The matrix never downloads successfully, so the encrypted file is not kept on disk.
    """
    document = make_document(actor, unit, classification=classification,
                             subject="Văn bản ma trận quyền")
    attachment = services.do_attach_file(actor=actor, document=document,
                                         upload=upload(pdf_bytes(), "ma-tran.pdf"))
    storage.discard(attachment.storage_key)
    return {"document_id": document.pk, "attachment_id": attachment.pk}


def files_in(folder) -> list:
    """Every file under ``folder`` (the attachment store), to prove nothing was left behind."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
