"""Trip pages: list with flags, detail with approvals and the blocking reason, request form,
moves, a committee's opinion, scope and the need-to-know gate."""

from datetime import date

from django.urls import reverse

from inspections.choices import InspectionType
from inspections.tests.factories import make_inspection, run_to_draft
from travel.choices import Status
from travel.models import Trip
from travel.tests.factories import make_trip, run_trip, submit


def _login(client, user):
    client.force_login(user)


def test_officer_requests_a_trip_through_the_form(client, world):
    _login(client, world.officer_a)
    response = client.post(reverse("travel:create"), {
        "title": "Đoàn học tập kinh nghiệm", "org_unit": world.hn.pk, "classification": 0,
        "purpose": "CONG_TAC", "funding": "NGAN_SACH", "countries": ["JP", "KR"],
        "planned_departure_on": "02/03/2026", "planned_return_on": "09/03/2026",
        "leader": world.person_a.pk, "management_level": "TINH"})
    trip = Trip.objects.get()
    assert response.status_code == 302
    assert trip.countries() == ["JP", "KR"] and trip.leader().person == world.person_a


def test_bad_dates_and_missing_commitment_are_refused_in_vietnamese(client, world):
    _login(client, world.officer_a)
    response = client.post(reverse("travel:create"), {
        "title": "Thăm con", "org_unit": world.hn.pk, "classification": 0,
        "purpose": "VIEC_RIENG", "private_kind": "THAM_THAN", "funding": "TU_TUC",
        "countries": ["JP"], "planned_departure_on": "31/02/2026",
        "planned_return_on": "09/03/2026", "leader": world.person_a.pk,
        "management_level": "DANG_VIEN"})
    body = response.content.decode()
    assert response.status_code == 200 and not Trip.objects.exists()
    assert "dd/mm/yyyy" in body and "cam kết về thân nhân" in body


def test_forged_person_of_other_province_is_refused(client, world):
    _login(client, world.officer_a)
    response = client.post(reverse("travel:create"), {
        "title": "Đoàn", "org_unit": world.hn.pk, "classification": 0, "purpose": "CONG_TAC",
        "funding": "NGAN_SACH", "countries": ["LA"], "planned_departure_on": "02/03/2026",
        "planned_return_on": "09/03/2026", "leader": world.person_b.pk,
        "management_level": "TINH"})
    assert response.status_code == 200 and not Trip.objects.exists()


def test_detail_shows_the_blocking_reason(client, world, leader_a):
    inspection = make_inspection(leader_a, world.hn, type=InspectionType.DAU_HIEU_VI_PHAM)
    run_to_draft(leader_a, inspection, people=[world.person_a])
    trip = make_trip(world.officer_a, world.hn, [world.person_a])
    _login(client, world.officer_a)
    body = client.get(reverse("travel:detail", kwargs={"trip_id": trip.pk})).content.decode()
    assert "dấu hiệu vi phạm" in body


def test_submit_refused_by_the_guard_shows_the_reason(client, world, leader_a):
    inspection = make_inspection(leader_a, world.hn, type=InspectionType.DAU_HIEU_VI_PHAM)
    run_to_draft(leader_a, inspection, people=[world.person_a])
    trip = make_trip(world.officer_a, world.hn, [world.person_a])
    _login(client, world.officer_a)
    url = reverse("travel:transition", kwargs={"trip_id": trip.pk})
    client.post(url, {"action": "SEND_TO_CELL", "on": "02/02/2026", "version": trip.version})
    trip.refresh_from_db()
    response = client.post(url, {"action": "SUBMIT", "on": "02/02/2026",
                                 "version": trip.version})
    assert "dấu hiệu vi phạm" in response.content.decode()
    trip.refresh_from_db()
    assert trip.status == Status.CELL_REVIEW


def test_leader_records_a_committee_opinion(client, world, leader_a):
    trip = submit(world.officer_a, make_trip(world.officer_a, world.hn, [world.person_a]))
    _login(client, leader_a)
    url = reverse("travel:approval", kwargs={"trip_id": trip.pk})
    response = client.post(url, {"committee": world.hn.pk, "decision": "APPROVED",
                                 "decided_on": "10/02/2026"})
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == Status.APPROVED


def test_list_filters_overdue_reports(client, world, leader_a):
    trip = run_trip(world.officer_a, leader_a,
                    make_trip(world.officer_a, world.hn, [world.person_a], title="Đoàn trễ"),
                    departed=date(2025, 3, 2), returned=date(2025, 3, 10))
    make_trip(world.officer_a, world.hn, [world.person_a], title="Đoàn khác")
    _login(client, world.officer_a)
    body = client.get(reverse("travel:list"), {"flag": "report"}).content.decode()
    assert trip.title in body and "Đoàn khác" not in body and "Quá hạn nộp báo cáo" in body


def test_officer_cannot_open_trip_of_other_province(client, world):
    trip = make_trip(world.officer_b, world.hp, [world.person_b])
    _login(client, world.officer_a)
    assert client.get(reverse("travel:detail", kwargs={"trip_id": trip.pk})).status_code == 404


def test_classified_trip_asks_the_reason_first(client, world):
    trip = make_trip(world.officer_a, world.hn, [world.person_a], classification=1)
    _login(client, world.officer_a)
    body = client.get(reverse("travel:detail", kwargs={"trip_id": trip.pk})).content.decode()
    assert "Lý do xem hồ sơ" in body and trip.title not in body
    _login(client, world.viewer_a)
    assert client.get(reverse("travel:detail", kwargs={"trip_id": trip.pk})).status_code == 404
