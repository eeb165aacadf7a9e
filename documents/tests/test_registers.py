"""Secret-document registers: copies held, approvers, and the destruction rule."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from core.choices import Classification
from documents import services
from documents.choices import RegisterKind
from documents.models import SecretRegisterEntry
from documents.tests.factories import make_document

ON = date(2025, 4, 2)


@pytest.fixture
def secret(world):
    """A Mật document of Hà Nội printed in 3 copies."""
    return make_document(world.officer_a, world.hn, classification=Classification.MAT)


def record(actor, document, kind, count, approver=None):
    return services.do_record_register_entry(actor=actor, document=document, data={
        "kind": kind, "on": ON, "count": count, "approver": approver,
        "counterpart": "Ban Tổ chức Trung ương"})


def test_copies_held_follow_the_register(world, secret, leader_a):
    assert services.copies_held(secret) == 3
    record(world.officer_a, secret, RegisterKind.OUT, 1)
    record(world.officer_a, secret, RegisterKind.COPY, 2, leader_a)
    record(world.officer_a, secret, RegisterKind.DESTROY, 4, leader_a)
    assert services.copies_held(secret) == 0
    assert AuditEvent.objects.filter(target_type="documents.secretregisterentry").count() == 3


def test_cannot_destroy_or_send_more_copies_than_held(world, secret, leader_a):
    with pytest.raises(ValidationError, match="Chỉ còn 3 bản"):
        record(world.officer_a, secret, RegisterKind.DESTROY, 4, leader_a)
    with pytest.raises(ValidationError, match="Chỉ còn 3 bản"):
        record(world.officer_a, secret, RegisterKind.OUT, 5)
    assert not SecretRegisterEntry.objects.exists()


def test_cannot_copy_when_no_copy_is_held(world, secret, leader_a):
    record(world.officer_a, secret, RegisterKind.DESTROY, 3, leader_a)
    with pytest.raises(ValidationError, match="Không còn bản nào"):
        record(world.officer_a, secret, RegisterKind.COPY, 1, leader_a)


def test_copy_and_destruction_need_a_named_approver(world, secret):
    for kind in (RegisterKind.COPY, RegisterKind.DESTROY):
        with pytest.raises(ValidationError, match="phải có người duyệt"):
            record(world.officer_a, secret, kind, 1)


def test_destruction_approver_must_not_be_the_recorder(world, secret, leader_a):
    with pytest.raises(ValidationError, match="người khác với người ghi sổ"):
        record(leader_a, secret, RegisterKind.DESTROY, 1, leader_a)
    assert record(world.officer_a, secret, RegisterKind.DESTROY, 1, leader_a).approver == leader_a


def test_unclassified_documents_have_no_secret_register(world):
    plain = make_document(world.officer_a, world.hn)
    with pytest.raises(ValidationError, match="không có độ mật"):
        record(world.officer_a, plain, RegisterKind.IN, 1)


def test_register_page_records_a_destruction_with_an_approver(client, world, secret, leader_a):
    client.force_login(world.officer_a)
    url = reverse("documents:register", kwargs={"document_id": secret.pk})
    response = client.post(url, {"kind": "DESTROY", "on": "02/04/2025", "count": "9",
                                 "approver": leader_a.pk})
    assert "Chỉ còn 3 bản" in response.content.decode()
    response = client.post(url, {"kind": "DESTROY", "on": "31/02/2025", "count": "1",
                                 "approver": leader_a.pk})
    assert "Ngày không hợp lệ" in response.content.decode()
    assert not SecretRegisterEntry.objects.exists()
    response = client.post(url, {"kind": "DESTROY", "on": "02/04/2025", "count": "1",
                                 "approver": leader_a.pk, "note": "Hội đồng tiêu hủy"})
    assert response.status_code == 302
    assert SecretRegisterEntry.objects.get().approver == leader_a


def test_approver_of_another_province_cannot_be_forged(client, world, secret):
    client.force_login(world.officer_a)
    url = reverse("documents:register", kwargs={"document_id": secret.pk})
    response = client.post(url, {"kind": "COPY", "on": "02/04/2025", "count": "1",
                                 "approver": world.officer_b.pk})
    assert "nằm ngoài phạm vi" in response.content.decode()
    assert not SecretRegisterEntry.objects.exists()
