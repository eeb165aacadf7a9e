"""The need-to-know gate: classified records ask why, then log each read with that reason."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.need_to_know import FORM_PREFIX, read_gate


def _request(user, method="get", data=None):
    request = getattr(RequestFactory(), method)("/ho-so/1/", data or {})
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = user
    return request


def _reads(person):
    return AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(person.pk))


def test_unclassified_record_passes_without_a_log(world):
    assert read_gate(_request(world.officer_a), world.person_a) is None
    assert not _reads(world.person_a).exists()


def test_classified_record_asks_for_a_reason_first(world):
    response = read_gate(_request(world.officer_a), world.person_a_secret)
    assert response.status_code == 200 and "Lý do xem hồ sơ" in response.content.decode()
    assert not _reads(world.person_a_secret).exists()


@pytest.mark.parametrize("reason", ["", "ngắn"])
def test_a_missing_or_short_reason_is_refused_in_vietnamese(world, reason):
    request = _request(world.officer_a, "post", {f"{FORM_PREFIX}-reason": reason})
    response = read_gate(request, world.person_a_secret)
    assert response.status_code == 200 and "ít nhất 10 ký tự" in response.content.decode()


def test_a_reason_is_kept_for_the_session_and_logged_with_every_read(world):
    request = _request(world.officer_a, "post", {f"{FORM_PREFIX}-reason": "Thẩm định quy hoạch 2026"})
    response = read_gate(request, world.person_a_secret)
    assert response.status_code == 302 and response.url == "/ho-so/1/"
    later = _request(world.officer_a)
    later.session = request.session
    assert read_gate(later, world.person_a_secret) is None
    assert read_gate(later, world.person_a_secret) is None
    assert list(_reads(world.person_a_secret).values_list("reason", flat=True)) == [
        "Thẩm định quy hoạch 2026"] * 2
