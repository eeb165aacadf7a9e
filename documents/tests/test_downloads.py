"""Downloads: decrypted, logged with the reader, reason and file hash; PDFs carry a watermark."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEvent
from core.choices import Classification
from documents import storage
from documents.tests.factories import attach, make_document, pdf_bytes

REASON = "Thẩm định hồ sơ quy hoạch 2026"


@pytest.fixture
def reader(world):
    world.officer_a.full_name = "Phạm Thị Lan Anh"
    world.officer_a.save(update_fields=["full_name"])
    return world.officer_a


def url_of(attachment) -> str:
    return reverse("documents:download", kwargs={"attachment_id": attachment.pk})


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_pdf_download_is_watermarked_on_every_page(client, world, reader):
    document = make_document(world.officer_a, world.hn)
    attachment = attach(world.officer_a, document, pdf_bytes("Noi dung", pages=3))
    client.force_login(reader)
    response = client.get(url_of(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(body(response))).pages
    assert len(pages) == 3
    for page in pages:
        text = page.extract_text()
        assert "Phạm Thị Lan Anh" in text and "Thường" in text and "Noi dung" in text


def test_download_is_logged_with_reader_and_file_hash(client, world, reader):
    document = make_document(world.officer_a, world.hn)
    attachment = attach(world.officer_a, document, pdf_bytes())
    client.force_login(reader)
    client.get(url_of(attachment))
    event = AuditEvent.objects.get(action="EXPORT", target_type="documents.attachment")
    assert event.actor == reader
    assert event.after["sha256"] == attachment.sha256
    assert event.after["reader"] == "Phạm Thị Lan Anh"
    assert event.after["watermarked"] is True


def test_classified_download_asks_why_first_then_logs_the_reason(client, world, reader):
    document = make_document(world.officer_a, world.hn, classification=Classification.MAT)
    attachment = attach(world.officer_a, document, pdf_bytes())
    client.force_login(reader)
    first = client.get(url_of(attachment))
    assert first.status_code == 200 and "Lý do" in first.content.decode()
    assert not AuditEvent.objects.filter(action="EXPORT").exists()
    short = client.post(url_of(attachment), {"ntk-reason": "xem"})
    assert "Lý do quá ngắn" in short.content.decode()
    assert client.post(url_of(attachment), {"ntk-reason": REASON}).status_code == 302
    response = client.get(url_of(attachment))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(body(response))).pages[0].extract_text()
    assert "Phạm Thị Lan Anh" in text and "Mật" in text
    event = AuditEvent.objects.get(action="EXPORT")
    assert event.reason == REASON and event.classification == Classification.MAT


def test_other_formats_are_served_as_stored_and_logged(client, world, reader):
    document = make_document(world.officer_a, world.hn)
    content = "Biên bản họp chi bộ.\n".encode() * 100
    attachment = attach(world.officer_a, document, content, name="bien-ban.txt")
    client.force_login(reader)
    response = client.get(url_of(attachment))
    assert body(response) == content
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.get(action="EXPORT").after["watermarked"] is False


def test_tampered_file_is_not_served_nor_logged_as_a_download(client, world, reader):
    document = make_document(world.officer_a, world.hn)
    attachment = attach(world.officer_a, document, pdf_bytes())
    path = storage.final_path(attachment.storage_key)
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF
    path.write_bytes(bytes(data))
    client.force_login(reader)
    response = client.get(url_of(attachment))
    assert response.status_code == 500
    assert "bị thay đổi hoặc bị hỏng" in response.content.decode()
    assert not AuditEvent.objects.filter(action="EXPORT").exists()


def test_officer_of_other_province_gets_404(client, world):
    document = make_document(world.officer_b, world.hp)
    attachment = attach(world.officer_b, document, pdf_bytes())
    client.force_login(world.officer_a)
    assert client.get(url_of(attachment)).status_code == 404
    assert not AuditEvent.objects.filter(action="EXPORT").exists()


def test_viewer_below_clearance_gets_404(client, world):
    document = make_document(world.officer_a, world.hn, classification=Classification.MAT)
    attachment = attach(world.officer_a, document, pdf_bytes())
    client.force_login(world.viewer_a)
    assert client.get(url_of(attachment)).status_code == 404
    assert client.post(url_of(attachment), {"ntk-reason": REASON}).status_code == 404


def test_api_download_needs_a_reason_for_classified_and_watermarks(client, world, reader):
    document = make_document(world.officer_a, world.hn, classification=Classification.MAT)
    attachment = attach(world.officer_a, document, pdf_bytes())
    client.force_login(reader)
    url = reverse("api:download_attachment", kwargs={"attachment_id": attachment.pk})
    refused = client.get(url)
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    response = client.get(url, {"reason": REASON})
    assert response.status_code == 200
    assert "Phạm Thị Lan Anh" in PdfReader(io.BytesIO(body(response))).pages[0].extract_text()
    assert AuditEvent.objects.get(action="EXPORT").reason == REASON
