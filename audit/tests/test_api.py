"""The audit API: auditors and admins only, scoped, filtered, masked above clearance."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from accounts.tests.factories import make_user
from audit.models import AuditEvent
from audit.services import record_read
from core.choices import Classification
from core.tests.api_client import call, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditor_hn(world):
    """An auditor of Hà Nội cleared to Thường only."""
    return make_user("auditor_hn", world.hn, Role.AUDITOR, Classification.THUONG)


def test_only_auditors_and_admins_read_the_log(client, world):
    for user in (world.officer_a, world.viewer_a):
        response = call(client, "GET", "/audit/events", user)
        assert response.status_code == 403
        assert "quyền" in response.json()["detail"]
    event = AuditEvent.objects.order_by("id").first()
    assert call(client, "GET", f"/audit/events/{event.pk}", world.officer_a).status_code == 403
    assert call(client, "GET", "/audit/events", world.auditor).status_code == 200
    assert call(client, "GET", "/audit/events", world.admin).status_code == 200


def test_list_is_scoped_to_the_auditors_subtree(client, world, auditor_hn):
    ids = [r["id"] for r in call(client, "GET", "/audit/events", auditor_hn).json()["results"]]
    assert ids, "the world's creation is logged"
    paths = set(AuditEvent.objects.filter(pk__in=ids).values_list("org_path", flat=True))
    assert all(p.startswith(world.hn.path) for p in paths)
    event_b = AuditEvent.objects.filter(org_path__startswith=world.hp.path).first()
    assert call(client, "GET", f"/audit/events/{event_b.pk}", auditor_hn).status_code == 404


def test_event_above_clearance_is_masked(client, world, auditor_hn):
    event = record_read(actor=world.officer_a, target=world.person_a_secret,
                        reason="Thẩm định hồ sơ")
    body = call(client, "GET", f"/audit/events/{event.pk}", auditor_hn).json()
    assert body["masked"] and body["target_repr"] == "" and body["reason"] == ""
    assert world.person_a_secret.full_name not in str(body)
    body = call(client, "GET", f"/audit/events/{event.pk}", world.auditor).json()
    assert not body["masked"] and body["reason"] == "Thẩm định hồ sơ" and body["intact"]


def test_filters_and_their_errors(client, world):
    record_read(actor=world.officer_a, target=world.person_a_secret, reason="Lý do riêng biệt")
    response = call(client, "GET", "/audit/events?action=READ&actor=officer_a", world.auditor)
    results = response.json()["results"]
    assert results and {r["action"] for r in results} == {"READ"}
    assert {r["actor_name"] for r in results} == {"officer_a"}
    response = call(client, "GET", "/audit/events?date_from=31/02/2025&action=XYZ", world.auditor)
    assert response.status_code == 400
    assert {"date_from", "action"} <= set(response.json()["errors"])
    response = call(client, "GET", "/audit/events?page=0", world.auditor)
    assert response.status_code == 400 and "page" in response.json()["errors"]


def test_detail_shows_what_changed(client, world):
    event = AuditEvent.objects.filter(target_type="people.person", action="CREATE",
                                      target_id=str(world.person_a.pk)).get()
    body = call(client, "GET", f"/audit/events/{event.pk}", world.auditor).json()
    assert any(c["field"] == "full_name" and c["after"] == world.person_a.full_name
               for c in body["changes"])


def test_list_query_count_does_not_grow_with_the_events(client, world):
    def queries() -> int:
        headers = {"Authorization": f"Bearer {token}"}
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/audit/events", headers=headers).status_code == 200
        return len(captured)

    token = token_for(world.auditor)
    few = queries()
    for n in range(30):
        record_read(actor=world.officer_a, target=world.person_a_secret, reason=f"Lý do {n}")
    assert queries() == few
