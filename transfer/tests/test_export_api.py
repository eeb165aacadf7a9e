"""The export API: same rows, scope, filters and audit as the page's buttons, token auth."""

import pytest

from accounts.models import ApiToken
from audit.choices import AuditAction
from audit.models import AuditEvent
from people.tests.factories import make_person
from transfer.tests.export_utils import column, csv_table, xlsx_table

pytestmark = pytest.mark.django_db


def _get(client, user, name, **params):
    token = ApiToken.issue(user, name="export")[1]
    response = client.get(f"/api/v1/transfer/export/{name}", params,
                          HTTP_AUTHORIZATION=f"Bearer {token}")
    response.body = b"".join(response.streaming_content) if response.streaming else \
        response.content
    return response


def test_api_export_is_the_page_export(client, world):
    make_person(world.admin, world.hn_ward, "Vũ Thị Lan")
    response = _get(client, world.officer_a, "people", unit=world.hn_cell.pk)
    assert response.status_code == 200 and response.streaming
    names = column(csv_table(response), "Họ và tên")
    assert sorted(names) == ["Nguyễn Văn Huy", "Trần Thị Thuỷ"]
    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert event.actor_name == "officer_a" and event.after["rows"] == 2


def test_api_xlsx_for_viewer_has_no_classified_person(client, world):
    response = _get(client, world.viewer_a, "people", format="xlsx")
    assert column(xlsx_table(response), "Họ và tên") == ["Nguyễn Văn Huy"]


def test_api_refuses_a_forged_unit_and_a_bad_format(client, world):
    assert _get(client, world.officer_a, "people", unit=world.hp_cell.pk).status_code == 404
    response = _get(client, world.officer_a, "people", format="pdf")
    assert response.status_code == 400
    assert "format" in response.json()["errors"]


def test_api_audit_export_is_for_auditors_only(client, world):
    assert _get(client, world.officer_a, "audit_events").status_code == 403
    response = _get(client, world.auditor, "audit_events", action="CREATE")
    assert response.status_code == 200
    assert set(column(csv_table(response), "Hành động")) == {"Tạo mới"}


def test_api_needs_authentication(client, world):
    assert client.get("/api/v1/transfer/export/people").status_code == 401
