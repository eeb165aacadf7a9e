"""The audit log pages: who may open them, what each auditor sees, filters, query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.services import record_event, record_read
from core.context import RequestContext, current
from people.services import do_update_person

LIST = reverse("audit:list")


def detail_url(event) -> str:
    return reverse("audit:detail", kwargs={"event_id": event.pk})


def event_about(person) -> AuditEvent:
    return AuditEvent.objects.filter(target_type="people.person", target_id=str(person.pk)).first()


def _read_many(world, count: int) -> None:
    for number in range(count):
        record_read(actor=world.officer_a, target=world.person_a_secret, reason=f"Lượt {number}")


@pytest.mark.parametrize("persona", ["officer_a", "viewer_a", "officer_b"])
def test_other_roles_are_refused(world, client, persona):
    client.force_login(getattr(world, persona))
    assert client.get(LIST).status_code == 403
    assert client.get(detail_url(event_about(world.person_a))).status_code == 403


def test_anonymous_is_sent_to_sign_in(world, client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("persona", ["auditor", "admin"])
def test_auditor_and_admin_see_every_province(world, client, persona):
    client.force_login(getattr(world, persona))
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert world.person_a.full_name in page and world.person_b.full_name in page


def test_province_auditor_sees_only_their_province(world, client, auditor_a):
    client.force_login(auditor_a)
    page = client.get(LIST).content.decode()
    assert world.person_a.full_name in page
    assert world.person_b.full_name not in page
    assert client.get(detail_url(event_about(world.person_a))).status_code == 200
    assert client.get(detail_url(event_about(world.person_b))).status_code == 404


def test_unknown_event_is_404(world, client):
    client.force_login(world.auditor)
    assert client.get(reverse("audit:detail", kwargs={"event_id": 10**9})).status_code == 404


def test_content_above_the_auditors_clearance_is_hidden(world, client, auditor_a):
    client.force_login(auditor_a)  # cleared up to Mật; person_a_top is Tối mật
    event = event_about(world.person_a_top)
    assert client.get(LIST).content.decode().count(world.person_a_top.full_name) == 0
    page = client.get(detail_url(event)).content.decode()
    assert world.person_a_top.full_name not in page
    assert "Tối mật" in page


def test_detail_shows_who_when_where_why_and_the_changes(world, client):
    person = world.person_a
    token = current.set(RequestContext(request_id="req-7f3a", ip="10.20.30.40"))
    try:
        do_update_person(actor=world.officer_a, person=person, expected_version=person.version,
                         data={"post": "Phó bí thư"}, reason="Theo quyết định 12-QĐ/ĐU")
    finally:
        current.reset(token)
    event = AuditEvent.objects.order_by("-id").first()
    client.force_login(world.auditor)
    page = client.get(detail_url(event)).content.decode()
    assert "officer_a" in page
    assert timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M:%S") in page
    assert "10.20.30.40" in page and "req-7f3a" in page
    assert "Theo quyết định 12-QĐ/ĐU" in page
    assert "Chức vụ" in page and "Phó bí thư" in page
    assert "Họ và tên" not in page  # unchanged fields are not listed


def test_list_is_newest_first_and_paginated_by_fifty(world, client):
    _read_many(world, 60)
    client.force_login(world.auditor)
    first = client.get(LIST)
    ids = [event.pk for event in first.context["events"]]
    assert len(ids) == 50 and ids == sorted(ids, reverse=True)
    assert ids[0] == AuditEvent.objects.order_by("-id").first().pk
    assert first.context["has_next"]
    second = client.get(LIST, {"page": 2})
    assert len(second.context["events"]) == AuditEvent.objects.count() - 50
    assert not second.context["has_next"]


def test_list_query_count_does_not_grow_with_rows(world, client, django_assert_num_queries):
    client.force_login(world.auditor)
    client.get(LIST)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, {"action": AuditAction.READ})
    _read_many(world, 60)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(LIST, {"action": AuditAction.READ, "page": 2})


def test_filters_narrow_the_list(world, client):
    record_read(actor=world.officer_a, target=world.person_a_secret, reason="Thẩm tra kết nạp")
    client.force_login(world.auditor)

    def listed(**params):
        return {event.pk for event in client.get(LIST, params).context["events"]}

    reads = set(AuditEvent.objects.filter(action=AuditAction.READ).values_list("pk", flat=True))
    assert listed(action=AuditAction.READ) == reads
    assert listed(actor="officer_a") == reads
    assert listed(actor="admin", action=AuditAction.READ) == set()
    assert listed(q="kết nạp") == reads
    assert listed(target_type="people.person") == set(
        AuditEvent.objects.filter(target_type="people.person").values_list("pk", flat=True))
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert listed(date_from=today, date_to=today) == set(
        AuditEvent.objects.values_list("pk", flat=True))
    assert listed(date_to="01/01/2020") == set()


def test_bad_date_is_a_vietnamese_error_not_a_crash(world, client):
    client.force_login(world.auditor)
    response = client.get(LIST, {"date_from": "2026-13-45"})
    assert response.status_code == 200
    assert "Nhập ngày theo dạng dd/mm/yyyy" in response.content.decode()


def test_failed_login_of_unknown_name_is_seen_by_the_centre_only(world, client, auditor_a):
    event = record_event(actor=None, action=AuditAction.LOGIN_FAILED,
                         target_type="accounts.user", target_repr="khong_co_ai")
    client.force_login(auditor_a)
    assert client.get(detail_url(event)).status_code == 404
    client.force_login(world.auditor)
    assert client.get(detail_url(event)).status_code == 200
