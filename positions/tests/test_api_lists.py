"""Positions API: lists of positions and holdings with filters and pages, one holding (reason
for a classified catalogue), a line added to the catalogue in force — scoped and validated."""

from datetime import date

import pytest

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.tests.api_client import call
from positions.services import do_assign_holder
from positions.tests.factories import make_catalogue, matrix_records

pytestmark = pytest.mark.django_db
BASE = "/positions"


@pytest.fixture
def catalogue_a(world):
    return make_catalogue(world.officer_a, world.hn, valid_from=date(2025, 1, 1))


def test_positions_list_is_scoped_filtered_and_paged(client, world, catalogue_a):
    make_catalogue(world.admin, world.hp)
    body = call(client, "GET", BASE + "/positions", world.officer_a).json()
    assert body["count"] == catalogue_a.positions.count() and body["page"] == 1
    assert {row["catalogue_id"] for row in body["results"]} == {catalogue_a.pk}
    co_mat = call(client, "GET", BASE + "/positions?level=CO_MAT", world.officer_a).json()
    assert co_mat["count"] == catalogue_a.positions.filter(level="CO_MAT").count()
    assert all(row["level"] == "CO_MAT" for row in co_mat["results"])
    bad = call(client, "GET", BASE + "/positions?level=NOPE&page=1", world.officer_a)
    assert bad.status_code == 400 and "level" in bad.json()["errors"]
    assert call(client, "GET", BASE + "/positions?page=0", world.officer_a).status_code == 400
    other = call(client, "GET", f"{BASE}/positions?unit={world.hp.pk}", world.officer_a).json()
    assert other["count"] == 0


def test_holdings_list_and_detail(client, world, catalogue_a):
    position = catalogue_a.positions.first()
    holding = do_assign_holder(actor=world.officer_a, position=position, person=world.person_a,
                               started_on=date(2025, 2, 1), override=True,
                               override_reason="Bố trí tạm thời chờ kết luận")
    theirs = matrix_records(world.admin, world.hp, world.person_b)
    body = call(client, "GET", f"{BASE}/holdings?person={world.person_a.pk}&current=true",
                world.officer_a).json()
    assert [row["id"] for row in body["results"]] == [holding.pk]
    everything = call(client, "GET", BASE + "/holdings", world.officer_a).json()
    assert theirs["holding_id"] not in [row["id"] for row in everything["results"]]
    detail = call(client, "GET", f"{BASE}/holdings/{holding.pk}", world.officer_a).json()
    assert detail["person_id"] == world.person_a.pk and detail["version"] == holding.version
    assert call(client, "GET", f"{BASE}/holdings/{theirs['holding_id']}",
                world.officer_a).status_code == 404


def test_holding_of_a_classified_catalogue_needs_a_reason(client, world):
    records = matrix_records(world.admin, world.hn, world.person_a, classification=1)
    url = f"{BASE}/holdings/{records['holding_id']}"
    missing = call(client, "GET", url, world.officer_a)
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    assert call(client, "GET", url + "?reason=Rà soát vị trí", world.officer_a
                ).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.READ, reason="Rà soát vị trí").exists()
    assert call(client, "GET", url + "?reason=Rà soát vị trí", world.viewer_a
                ).status_code == 404


def test_add_a_position_to_the_catalogue_in_force(client, world, catalogue_a):
    url = f"{BASE}/catalogues/{catalogue_a.pk}/positions"
    response = call(client, "POST", url, world.officer_a,
                    {"department": "Văn phòng", "title": "Thủ quỹ", "level": "TRONG_YEU"})
    assert response.status_code == 201, response.content
    assert catalogue_a.positions.filter(title="Thủ quỹ").exists()
    bad = call(client, "POST", url, world.officer_a, {"department": "", "title": "X",
                                                      "level": "KHAC"})
    assert bad.status_code == 400 and {"department", "level"} <= set(bad.json()["errors"])
    assert call(client, "POST", url, world.viewer_a, {
        "department": "Văn phòng", "title": "Lái xe", "level": "TRONG_YEU"}).status_code == 403
    theirs = make_catalogue(world.admin, world.hp)
    assert call(client, "POST", f"{BASE}/catalogues/{theirs.pk}/positions", world.officer_a, {
        "department": "Văn phòng", "title": "Lái xe", "level": "TRONG_YEU"}).status_code == 404


def test_a_superseded_catalogue_takes_no_new_position(client, world, catalogue_a):
    newer = call(client, "POST", BASE + "/catalogues", world.officer_a, {
        "org_unit": world.hn.pk, "decision_number": "9-QĐ", "decided_on": "01/06/2025",
        "valid_from": "01/06/2025", "positions": "Văn phòng | Văn thư | cơ mật"})
    assert newer.status_code == 201, newer.content
    response = call(client, "POST", f"{BASE}/catalogues/{catalogue_a.pk}/positions",
                    world.officer_a, {"department": "Văn phòng", "title": "Thủ quỹ",
                                      "level": "TRONG_YEU"})
    assert response.status_code == 400 and "thay thế" in response.json()["errors"]["__all__"][0]
    listed = call(client, "GET", f"{BASE}/catalogues?unit={world.hn.pk}", world.officer_a).json()
    assert [c["id"] for c in listed] == [newer.json()["id"]]
