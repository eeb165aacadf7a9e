"""Uploads: checked by content and size, encrypted; a refusal saves nothing (no row, no file)."""

import io

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from documents.models import Attachment
from documents.tests.factories import (
    EXE,
    files_in,
    make_document,
    pdf_bytes,
    upload,
)


@pytest.fixture
def document(world):
    return make_document(world.officer_a, world.hn)


def post_file(client, document, content: bytes, name: str, capture):
    with capture(execute=True):
        return client.post(reverse("documents:upload", kwargs={"document_id": document.pk}),
                           {"file": upload(content, name)})


def test_officer_attaches_a_pdf_stored_encrypted(client, world, document, attachment_dir,
                                                 django_capture_on_commit_callbacks):
    client.force_login(world.officer_a)
    content = pdf_bytes("Bao cao mat so 12")
    response = post_file(client, document, content, "bao-cao.pdf", django_capture_on_commit_callbacks)
    assert response.status_code == 302
    attachment = Attachment.objects.get(document=document)
    assert (attachment.original_name, attachment.content_type) == ("bao-cao.pdf", "application/pdf")
    assert attachment.size == len(content)
    stored = files_in(attachment_dir)
    assert [p.name for p in stored] == [attachment.storage_key]  # promoted, no temp file left
    assert b"Bao cao mat so 12" not in stored[0].read_bytes()
    assert AuditEvent.objects.filter(target_type="documents.attachment",
                                     target_id=str(attachment.pk), action="CREATE").exists()


def test_exe_renamed_pdf_is_refused_and_nothing_is_saved(client, world, document, attachment_dir,
                                                         django_capture_on_commit_callbacks):
    client.force_login(world.officer_a)
    events = AuditEvent.objects.count()
    response = post_file(client, document, EXE, "quyet-dinh.pdf", django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "Loại tệp này không được phép" in response.content.decode()
    assert not Attachment.objects.exists()
    assert files_in(attachment_dir) == []
    assert AuditEvent.objects.count() == events


def test_oversized_file_is_refused_and_nothing_is_saved(client, world, document, attachment_dir,
                                                        settings, django_capture_on_commit_callbacks):
    settings.HOSO_ATTACHMENT_MAX_BYTES = 4000
    client.force_login(world.officer_a)
    response = post_file(client, document, pdf_bytes("x" * 50, pages=40), "dai.pdf",
                         django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()
    assert not Attachment.objects.exists()
    assert files_in(attachment_dir) == []


def test_a_failure_after_encrypting_leaves_no_file(world, document, attachment_dir, monkeypatch):
    from documents import services

    def broken(**kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError):
        services.do_attach_file(actor=world.officer_a, document=document,
                                upload=upload(pdf_bytes(), "a.pdf"))
    assert not Attachment.objects.exists()
    assert files_in(attachment_dir) == []


def test_the_service_counts_the_bytes_itself(world, document, attachment_dir, settings):
    """A stream that does not say its size is still cut at the limit."""
    from django.core.exceptions import ValidationError

    from documents import services

    settings.HOSO_ATTACHMENT_MAX_BYTES = 1000
    stream = io.BytesIO(b"Van ban thuan. " * 200)
    stream.name = "ghi-chu.txt"
    with pytest.raises(ValidationError, match="quá lớn"):
        services.do_attach_file(actor=world.officer_a, document=document, upload=stream)
    assert files_in(attachment_dir) == []


def test_viewer_cannot_upload(client, world, document, django_capture_on_commit_callbacks):
    client.force_login(world.viewer_a)
    response = post_file(client, document, pdf_bytes(), "a.pdf", django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_officer_cannot_upload_to_other_province(client, world, attachment_dir,
                                                 django_capture_on_commit_callbacks):
    document_b = make_document(world.officer_b, world.hp, issuer="BTCTU")
    client.force_login(world.officer_a)
    response = post_file(client, document_b, pdf_bytes(), "a.pdf", django_capture_on_commit_callbacks)
    assert response.status_code == 404
    assert not Attachment.objects.exists()
    assert files_in(attachment_dir) == []


def test_api_upload_refuses_a_disguised_file(client, world, document, attachment_dir):
    client.force_login(world.officer_a)
    url = reverse("api:upload_attachment", kwargs={"document_id": document.pk})
    response = client.post(url, {"file": upload(EXE, "ke-hoach.pdf")})
    assert response.status_code == 400
    assert "Loại tệp này không được phép" in response.json()["errors"]["file"][0]
    assert not Attachment.objects.exists()
    assert files_in(attachment_dir) == []


def test_api_upload_stores_a_docx(client, world, document, django_capture_on_commit_callbacks):
    from documents.tests.factories import ooxml_bytes

    client.force_login(world.officer_a)
    url = reverse("api:upload_attachment", kwargs={"document_id": document.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload(ooxml_bytes(), "to-trinh.docx")})
    assert response.status_code == 201, response.content
    assert response.json()["content_type"].endswith("wordprocessingml.document")


def _csrf_client(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer_a)
    return client


def test_upload_page_checks_csrf_after_installing_the_size_limit(world, document, settings,
                                                                 attachment_dir,
                                                                 django_capture_on_commit_callbacks):
    """The CSRF check reads the body: it must run after the size-limiting handler is in place."""
    client = _csrf_client(world)
    url = reverse("documents:upload", kwargs={"document_id": document.pk})
    assert client.post(url, {"file": upload(pdf_bytes(), "a.pdf")}).status_code == 403
    client.get(url)
    token = client.cookies["csrftoken"].value
    settings.HOSO_ATTACHMENT_MAX_BYTES = 4000
    big = client.post(url, {"csrfmiddlewaretoken": token,
                            "file": upload(pdf_bytes("y" * 50, pages=40), "big.pdf")})
    assert big.status_code == 400 and "Tệp quá lớn" in big.content.decode()
    settings.HOSO_ATTACHMENT_MAX_BYTES = 50 * 1024 * 1024
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(url, {"csrfmiddlewaretoken": token, "file": upload(pdf_bytes(), "a.pdf")})
    assert ok.status_code == 302
    assert Attachment.objects.count() == 1 and len(files_in(attachment_dir)) == 1
