"""The positions API: scope, validation, override rule, conflicts, compliance and counts."""

from datetime import date

import pytest

from core.tests.api_client import call
from positions.choices import Level
from positions.models import Holding
from positions.services import do_assign_holder
from positions.tests.factories import decided_conclusion, make_catalogue
from vetting.choices import Outcome

pytestmark = pytest.mark.django_db
BASE = "/positions"


@pytest.fixture
def catalogue_a(world):
    return make_catalogue(world.officer_a, world.hn, valid_from=date(2025, 1, 1))


def test_catalogues_are_scoped_and_other_province_is_404(client, world, catalogue_a):
    other = make_catalogue(world.admin, world.hp)
    response = call(client, "GET", BASE + "/catalogues", world.officer_a)
    assert [c["id"] for c in response.json()] == [catalogue_a.pk]
    assert call(client, "GET", f"{BASE}/catalogues/{other.pk}", world.officer_a
                ).status_code == 404


def test_create_catalogue_validates_dates_and_lines(client, world):
    payload = {"org_unit": world.hn.pk, "decision_number": "3-QĐ", "decided_on": "30/02/2025",
               "valid_from": "01/03/2025", "positions": "Văn phòng | Văn thư | sai"}
    response = call(client, "POST", BASE + "/catalogues", world.officer_a, payload)
    errors = response.json()["errors"]
    assert response.status_code == 400 and "decided_on" in errors and "positions" in errors
    payload.update(decided_on="20/02/2025", positions="Văn phòng | Văn thư | cơ mật")
    response = call(client, "POST", BASE + "/catalogues", world.officer_a, payload)
    assert response.status_code == 201 and response.json()["positions"][0]["level"] == "CO_MAT"


def test_assign_unfit_needs_override_with_reason(client, world, catalogue_a):
    position = catalogue_a.positions.get(level=Level.CO_MAT)
    url = f"{BASE}/positions/{position.pk}/holdings"
    payload = {"person": world.person_a.pk, "started_on": "01/03/2025"}
    response = call(client, "POST", url, world.officer_a, payload)
    assert response.status_code == 400 and response.json()["errors"]["fitness"] == ["NONE"]
    payload.update(override=True, override_reason="Chờ kết luận, bố trí tạm thời")
    response = call(client, "POST", url, world.officer_a, payload)
    assert response.status_code == 201
    assert response.json()["override_by"] == "officer_a"


def test_viewer_cannot_assign(client, world, catalogue_a):
    decided_conclusion(world.admin, world.person_a, Outcome.DU_TIEU_CHUAN)
    position = catalogue_a.positions.first()
    response = call(client, "POST", f"{BASE}/positions/{position.pk}/holdings", world.viewer_a,
                    {"person": world.person_a.pk, "started_on": "01/03/2025"})
    assert response.status_code == 403 and not Holding.objects.exists()


def test_stale_version_ending_a_holding_is_409(client, world, catalogue_a):
    holding = do_assign_holder(actor=world.officer_a, position=catalogue_a.positions.first(),
                               person=world.person_a, started_on=date(2025, 3, 1),
                               override=True, override_reason="Lý do đủ dài để bố trí")
    url = f"{BASE}/holdings/{holding.pk}/end"
    assert call(client, "POST", url, world.officer_a,
                {"ended_on": "01/04/2025", "version": 1}).status_code == 200
    assert call(client, "POST", url, world.officer_a,
                {"ended_on": "02/04/2025", "version": 1}).status_code == 409


def test_compliance_and_counts(client, world, catalogue_a):
    do_assign_holder(actor=world.officer_a, position=catalogue_a.positions.get(
        level=Level.TRONG_YEU), person=world.person_a, started_on=date(2025, 3, 1),
        override=True, override_reason="Lý do đủ dài để bố trí")
    body = call(client, "GET", BASE + "/compliance?on=01/04/2025", world.officer_a).json()
    assert [f["holding"]["person_id"] for f in body["unfit_holders"]] == [world.person_a.pk]
    assert [p["level"] for p in body["vacant_positions"]] == ["CO_MAT"]
    body = call(client, "GET", BASE + "/counts?on=01/04/2025", world.officer_a).json()
    assert body["holders"] == 1 and body["holders_without_valid_conclusion"] == 1
    assert body["positions_without_holder"] == 1
    assert call(client, "GET", BASE + "/counts?on=99/99/2025", world.officer_a
                ).status_code == 400


def test_secret_catalogue_needs_a_reason(client, world):
    secret = make_catalogue(world.officer_a, world.hn, classification=1)
    url = f"{BASE}/catalogues/{secret.pk}"
    assert call(client, "GET", url, world.officer_a).status_code == 400
    assert call(client, "GET", url + "?reason=Kiểm tra danh mục", world.officer_a
                ).status_code == 200
