"""Adding an org unit through the API: administrators only, inside their scope, audited."""

import pytest

from accounts.choices import Role
from accounts.tests.factories import make_user
from audit.models import AuditEvent
from core.choices import Classification
from core.tests.api_client import call
from orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_hn(world):
    """An administrator of Hà Nội only."""
    return make_user("admin_hn", world.hn, Role.ADMIN, Classification.MAT)


def unit(world, **extra):
    return {"code": "HN-PHUONG-2", "name": "Đảng ủy phường Hoàn Kiếm", "kind": "XA_PHUONG",
            "parent": world.hn.pk, **extra}


def test_admin_adds_a_unit_under_a_unit_of_their_scope(client, world, admin_hn):
    response = call(client, "POST", "/orgs", admin_hn,
                    unit(world, valid_from="01/07/2025", reason="Sáp nhập phường"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["parent_id"] == world.hn.pk and body["valid_from"] == "2025-07-01"
    created = OrgUnit.objects.get(code="HN-PHUONG-2")
    assert created.path == f"{world.hn.path}{created.pk}/"
    assert AuditEvent.objects.filter(target_type="orgs.orgunit", target_id=str(created.pk),
                                     action="CREATE", reason="Sáp nhập phường").exists()
    children = call(client, "GET", f"/orgs/{world.hn.pk}/children", world.officer_a).json()
    assert "Đảng ủy phường Hoàn Kiếm" in {r["name"] for r in children["results"]}


def test_only_administrators_add_units(client, world):
    for user in (world.officer_a, world.viewer_a, world.auditor):
        assert call(client, "POST", "/orgs", user, unit(world)).status_code == 403
    assert not OrgUnit.objects.filter(code="HN-PHUONG-2").exists()


def test_parent_outside_the_scope_is_a_field_error(client, world, admin_hn):
    response = call(client, "POST", "/orgs", admin_hn, unit(world, parent=world.hp.pk))
    assert response.status_code == 400 and "parent" in response.json()["errors"]
    assert not OrgUnit.objects.filter(code="HN-PHUONG-2").exists()


def test_bad_input_names_each_field(client, world, admin_hn):
    response = call(client, "POST", "/orgs", admin_hn,
                    unit(world, code=world.hn_cell.code, kind="TW", valid_from="31/02/2025"))
    assert response.status_code == 400
    assert {"code", "kind", "valid_from"} <= set(response.json()["errors"])
    response = call(client, "POST", "/orgs", admin_hn, {"name": "x", "parent": "Hà Nội"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["parent"] == ["Cần nhập một số."] and "code" in errors and "kind" in errors
    response = call(client, "POST", "/orgs", admin_hn,
                    unit(world, valid_from="01/07/2025", valid_to="01/01/2025"))
    assert "valid_to" in response.json()["errors"]
