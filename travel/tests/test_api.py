"""Travel API: scope, create with bad input refused, the blocking guard as an error, moves and
a committee's opinion, stale version as 409."""

from inspections.choices import InspectionType
from inspections.tests.factories import make_inspection, run_to_draft
from travel.models import Trip
from travel.tests.factories import make_trip, submit

BASE = "/api/v1/travel"


def _payload(world, **extra):
    return {"org_unit": world.hn.pk, "title": "Đoàn công tác", "purpose": "CONG_TAC",
            "funding": "NGAN_SACH", "countries": ["LA"], "planned_departure_on": "2026-03-02",
            "planned_return_on": "2026-03-09", "leader": world.person_a.pk,
            "management_level": "TINH", **extra}


def test_create_list_and_detail(client, world):
    client.force_login(world.officer_a)
    response = client.post(f"{BASE}/trips", _payload(world), content_type="application/json")
    assert response.status_code == 201
    trip_id = response.json()["id"]
    assert client.get(f"{BASE}/trips").json()["count"] == 1
    detail = client.get(f"{BASE}/trips/{trip_id}").json()
    assert detail["countries"] == ["LA"] and detail["members"][0]["role"] == "TRUONG_DOAN"


def test_create_refuses_return_before_departure(client, world):
    client.force_login(world.officer_a)
    response = client.post(f"{BASE}/trips", _payload(world, planned_return_on="2026-03-01"),
                           content_type="application/json")
    assert response.status_code == 400 and not Trip.objects.exists()


def test_other_province_is_404(client, world):
    trip = make_trip(world.officer_b, world.hp, [world.person_b])
    client.force_login(world.officer_a)
    assert client.get(f"{BASE}/trips/{trip.pk}").status_code == 404
    assert client.get(f"{BASE}/trips").json()["count"] == 0


def test_guard_refuses_the_submission(client, world, leader_a):
    inspection = make_inspection(leader_a, world.hn, type=InspectionType.DAU_HIEU_VI_PHAM)
    run_to_draft(leader_a, inspection, people=[world.person_a])
    trip = make_trip(world.officer_a, world.hn, [world.person_a])
    client.force_login(world.officer_a)
    url = f"{BASE}/trips/{trip.pk}/transitions"
    client.post(url, {"action": "SEND_TO_CELL", "on": "2026-02-02"},
                content_type="application/json")
    response = client.post(url, {"action": "SUBMIT", "on": "2026-02-02"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "dấu hiệu vi phạm" in response.json()["errors"]["__all__"][0]


def test_leader_approves_through_the_api(client, world, leader_a):
    trip = submit(world.officer_a, make_trip(world.officer_a, world.hn, [world.person_a]))
    client.force_login(leader_a)
    response = client.post(f"{BASE}/trips/{trip.pk}/approvals", {
        "committee": world.hn.pk, "decision": "APPROVED", "decided_on": "2026-02-10"},
        content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "APPROVED"


def test_stale_version_is_409(client, world):
    trip = make_trip(world.officer_a, world.hn, [world.person_a])
    client.force_login(world.officer_a)
    response = client.post(f"{BASE}/trips/{trip.pk}/transitions", {
        "action": "SEND_TO_CELL", "on": "2026-02-02", "version": trip.version + 5},
        content_type="application/json")
    assert response.status_code == 409
