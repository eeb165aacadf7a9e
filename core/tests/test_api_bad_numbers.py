"""Numbers too large for the database are refused as field errors, never a server error."""

import pytest

from core.tests.api_client import call

pytestmark = pytest.mark.django_db
HUGE = 10**30


@pytest.mark.parametrize("path", [
    "/people", "/orgs", "/documents", "/vetting/cases", "/admission/dossiers",
    "/coordination/requests", "/audit/events"])
def test_a_huge_page_number_is_a_field_error(client, world, path):
    response = call(client, "GET", f"{path}?page={HUGE}", world.admin)
    assert response.status_code == 400
    assert response.json()["errors"]["page"] == ["Số trang từ 1 đến 100000."]


def test_huge_ids_in_a_list_are_field_errors(client, world):
    response = call(client, "POST", "/orgs", world.admin,
                    {"code": "X1", "name": "Chi bộ mới", "kind": "CHI_BO",
                     "parent": world.hn_ward.pk, "predecessors": [HUGE]})
    assert response.status_code == 400 and "predecessors.0" in response.json()["errors"]
    response = call(client, "POST", "/vetting/cases/1/assign", world.admin,
                    {"officer": 1, "team": [HUGE], "version": 1})
    assert response.status_code == 400 and "team.0" in response.json()["errors"]


def test_audit_filter_refuses_control_characters_in_vietnamese(client, world):
    response = call(client, "GET", "/audit/events?q=%00", world.auditor)
    assert response.status_code == 400
    assert "ký tự điều khiển" in response.json()["errors"]["q"][0]


def test_huge_ids_in_filters_and_bodies_are_field_errors(client, world):
    """Found by fuzzing with 50 requests per operation: both were a 500 on SQLite."""
    response = call(client, "GET", f"/inspections/programmes?unit={HUGE}", world.admin)
    assert response.status_code == 400 and "unit" in response.json()["errors"]
    response = call(client, "POST", "/travel/trips/1/approvals", world.admin,
                    {"committee": HUGE, "decision": "APPROVED", "decided_on": "2026-01-05"})
    assert response.status_code == 400 and "committee" in response.json()["errors"]
