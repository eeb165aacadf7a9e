"""Files are recognised by their content, never by their name."""

import io

import pytest
from django.core.exceptions import ValidationError

from documents import sniffing
from documents.tests.factories import EXE, JPEG, PNG, ooxml_bytes, pdf_bytes


@pytest.mark.parametrize(("content", "kind"), [
    (pdf_bytes(), sniffing.PDF),
    (ooxml_bytes("word/document.xml"), sniffing.DOCX),
    (ooxml_bytes("xl/workbook.xml"), sniffing.XLSX),
    (PNG, sniffing.PNG),
    (JPEG, sniffing.JPEG),
    ("Biên bản họp chi bộ ngày 12/3/2025.\nNội dung: …".encode(), sniffing.TEXT),
])
def test_allowed_kinds_are_recognised(content, kind):
    assert sniffing.detect(io.BytesIO(content)) == kind


@pytest.mark.parametrize("content", [
    EXE,
    b"\x7fELF\x02\x01\x01" + b"\x00" * 60,
    b"<!DOCTYPE html><html><script>alert(1)</script></html>",
    b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
    b"  <html><body>trang</body></html>",
    b"#!/bin/sh\nrm -rf /\n",
    ooxml_bytes("word/document.xml", content_types=False),
    ooxml_bytes("payload.exe"),
    b"PK\x03\x04 not really a zip",
    b"%PDF-1.7\n this is not a real pdf",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,  # old .doc with macros possible
    "Tiếng Việt".encode("utf-16"),
    b"GIF89a" + b"\x00" * 30,
])
def test_other_content_is_refused_with_a_vietnamese_message(content):
    with pytest.raises(ValidationError) as refused:
        sniffing.detect(io.BytesIO(content))
    message = " ".join(refused.value.messages)
    assert "tệp" in message.lower() or "Tệp" in message


def test_docx_with_macros_is_refused():
    content = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/vbaProject.bin", b"\x00macro")
    with pytest.raises(ValidationError):
        sniffing.detect(content)


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="rỗng"):
        sniffing.detect(io.BytesIO(b""))
