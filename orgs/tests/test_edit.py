"""Correcting a unit through the API (administrators of its scope): name, validity and
predecessors change and are audited; a stale version is a 409 that changes nothing; a unit of
another province is a 404 for a province's administrator; other roles are refused; bad input
names its field; code, kind and place in the tree stay."""

from datetime import date

import pytest

from accounts.choices import Role
from accounts.tests.factories import make_user
from audit.choices import AuditAction
from audit.models import AuditEvent
from core.choices import Classification
from core.tests.api_client import call
from orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_admin_corrects_a_unit_and_it_is_audited(client, world):
    cell = world.hn_cell
    response = call(client, "PATCH", f"/orgs/{cell.pk}", world.admin, {
        "name": "Chi bộ Khu phố 1 (phường Ba Đình)", "valid_to": "30/06/2025",
        "predecessors": [world.hp_cell.pk], "version": cell.version, "reason": "Sáp nhập"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "Chi bộ Khu phố 1 (phường Ba Đình)" and body["valid_to"] == "2025-06-30"
    assert body["code"] == cell.code and body["kind"] == cell.kind
    assert [p["id"] for p in body["predecessors"]] == [world.hp_cell.pk]
    assert body["version"] == cell.version + 1 and not body["is_active"]
    stored = OrgUnit.objects.get(pk=cell.pk)
    assert "phuong ba dinh" in stored.name_folded and stored.path == cell.path
    event = AuditEvent.objects.get(target_type="orgs.orgunit", target_id=str(cell.pk),
                                   action=AuditAction.UPDATE)
    assert event.before["name"] == "Chi bộ khu phố 1" and event.after["valid_to"] == "2025-06-30"
    assert event.reason == "Sáp nhập"


def test_stale_version_is_409_and_changes_nothing(client, world):
    url = f"/orgs/{world.hn_cell.pk}"
    assert call(client, "PATCH", url, world.admin, {"name": "Lần một", "version": 1}
                ).status_code == 200
    stale = call(client, "PATCH", url, world.admin, {"name": "Lần hai", "version": 1})
    assert stale.status_code == 409 and stale.json()["detail"]
    assert OrgUnit.objects.get(pk=world.hn_cell.pk).name == "Lần một"


def test_other_province_is_404_and_other_roles_are_403(client, world):
    admin_hn = make_user("admin_hn", world.hn, Role.ADMIN, Classification.MAT)
    response = call(client, "PATCH", f"/orgs/{world.hp_cell.pk}", admin_hn,
                    {"name": "Sửa trộm", "version": 1})
    assert response.status_code == 404
    for user in (world.viewer_a, world.officer_a):
        assert call(client, "PATCH", f"/orgs/{world.hn_cell.pk}", user,
                    {"name": "Sửa trộm", "version": 1}).status_code == 403
    assert not OrgUnit.objects.filter(name="Sửa trộm").exists()


def test_bad_input_names_the_field(client, world):
    url = f"/orgs/{world.hn_cell.pk}"
    backwards = call(client, "PATCH", url, world.admin, {
        "valid_from": "01/07/2025", "valid_to": "30/06/2025", "version": 1})
    assert backwards.status_code == 400 and "valid_to" in backwards.json()["errors"]
    empty = call(client, "PATCH", url, world.admin, {"name": " ", "version": 1})
    assert empty.status_code == 400 and "name" in empty.json()["errors"]
    itself = call(client, "PATCH", url, world.admin,
                  {"predecessors": [world.hn_cell.pk], "version": 1})
    assert itself.status_code == 400 and "predecessors" in itself.json()["errors"]
    impossible = call(client, "PATCH", url, world.admin, {"valid_from": "31/02/2025",
                                                          "version": 1})
    assert impossible.status_code == 400 and "valid_from" in impossible.json()["errors"]
    stored = OrgUnit.objects.get(pk=world.hn_cell.pk)
    assert stored.version == 1 and stored.valid_from != date(2025, 7, 1)
