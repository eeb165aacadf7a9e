"""What gets written to the audit log: changes, classified reads, sign-ins."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.services import GENESIS_HASH, event_digest, record_read
from core.context import RequestContext, current
from core.errors import EditConflict
from people.services import do_update_person


def _last():
    return AuditEvent.objects.order_by("-id").first()


def _login(client, username, password):
    # django-axes needs the request that carries the attempt.
    return client.login(request=RequestFactory().post("/"), username=username, password=password)


def test_person_update_is_logged_with_before_and_after(world):
    person = world.person_a
    token = current.set(RequestContext(request_id="req-42", ip="10.0.0.7"))
    try:
        do_update_person(actor=world.officer_a, person=person, expected_version=person.version,
                         data={"post": "Bí thư chi bộ"}, reason="Cập nhật chức vụ")
    finally:
        current.reset(token)
    event = _last()
    assert event.action == AuditAction.UPDATE
    assert (event.actor_id, event.actor_name) == (world.officer_a.pk, "officer_a")
    assert (event.target_type, event.target_id) == ("people.person", str(person.pk))
    assert event.before["post"] == "" and event.after["post"] == "Bí thư chi bộ"
    assert (event.ip, event.request_id, event.reason) == ("10.0.0.7", "req-42", "Cập nhật chức vụ")
    assert event.org_path == world.hn_cell.path


def test_refused_update_writes_no_event(world):
    person = world.person_a
    before = AuditEvent.objects.count()
    with pytest.raises(EditConflict):
        do_update_person(actor=world.officer_a, person=person,
                         expected_version=person.version + 5, data={"post": "x"})
    assert AuditEvent.objects.count() == before


def test_classified_read_is_logged_with_reason_and_level(world):
    record_read(actor=world.officer_a, target=world.person_a_secret, reason="Thẩm tra kết nạp")
    event = _last()
    assert event.action == AuditAction.READ
    assert event.target_id == str(world.person_a_secret.pk)
    assert event.classification == world.person_a_secret.classification
    assert event.reason == "Thẩm tra kết nạp"


def test_each_event_links_to_the_one_before(world):
    record_read(actor=world.officer_a, target=world.person_a_secret, reason="a")
    events = list(AuditEvent.objects.order_by("id"))
    assert events[0].prev_hash == GENESIS_HASH
    for previous, event in zip(events, events[1:], strict=False):
        assert event.prev_hash == previous.hash
        assert event.hash == event_digest(event)


def test_login_is_logged(world, client):
    assert _login(client, "officer_a", PASSWORD)
    event = _last()
    assert event.action == AuditAction.LOGIN
    assert event.actor_id == world.officer_a.pk
    assert event.org_path == world.hn.path


def test_failed_login_is_logged_against_the_account_tried(world, client):
    assert not _login(client, "officer_a", "sai-mat-khau-123")
    event = _last()
    assert event.action == AuditAction.LOGIN_FAILED
    assert event.actor_id is None
    assert event.target_id == str(world.officer_a.pk)
    assert event.org_path == world.hn.path


def test_failed_login_with_unknown_name_keeps_the_name_typed(world, client):
    assert not _login(client, "khong_co_ai", "sai-mat-khau-123")
    event = _last()
    assert event.action == AuditAction.LOGIN_FAILED
    assert (event.target_type, event.target_repr, event.org_path) == (
        "accounts.user", "khong_co_ai", "")


def test_logout_is_logged(world, client):
    client.force_login(world.viewer_a)
    client.logout()
    event = _last()
    assert (event.action, event.actor_id) == (AuditAction.LOGOUT, world.viewer_a.pk)


def test_admin_site_login_is_logged(world, client):
    response = client.post(reverse("admin:login"),
                           {"username": "admin", "password": PASSWORD, "next": "/quan-tri/"})
    assert response.status_code == 302
    event = _last()
    assert (event.action, event.actor_id) == (AuditAction.LOGIN, world.admin.pk)


def test_sign_in_page_writes_each_event_once(world, client):
    client.post(reverse("accounts:login"),
                {"username": "officer_a", "password": "sai-mat-khau-123", "otp_token": ""})
    client.post(reverse("accounts:login"),
                {"username": "officer_a", "password": PASSWORD, "otp_token": ""})
    client.post(reverse("accounts:logout"))
    actions = list(AuditEvent.objects.filter(target_type="accounts.user",
                                             target_id=str(world.officer_a.pk))
                   .order_by("id").values_list("action", flat=True))
    assert actions == [AuditAction.LOGIN_FAILED, AuditAction.LOGIN, AuditAction.LOGOUT]
