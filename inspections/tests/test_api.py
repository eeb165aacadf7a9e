"""REST API: scoped lists with filters, detail, the workflow step (409 on a stale version),
the report counts, JSON errors in Vietnamese."""

from datetime import date

from core.tests.api_client import call
from inspections.choices import DocType, Status
from inspections.tests.factories import add_doc, make_inspection, run_to_draft


def test_list_is_scoped_and_filtered(client, world, leader_a, leader_b):
    mine = make_inspection(leader_a, world.hn, title="Của Hà Nội")
    make_inspection(leader_b, world.hp, title="Của Hải Phòng")
    body = call(client, "GET", "/inspections", world.officer_a).json()
    assert [r["id"] for r in body["results"]] == [mine.pk] and body["count"] == 1
    assert call(client, "GET", "/inspections?status=CLOSED", world.officer_a).json()["count"] == 0
    bad = call(client, "GET", "/inspections?status=NOPE", world.officer_a)
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_detail_of_other_province_is_404(client, world, leader_b):
    other = make_inspection(leader_b, world.hp)
    assert call(client, "GET", f"/inspections/{other.pk}", world.officer_a).status_code == 404


def test_transition_through_the_api(client, world, leader_a):
    inspection = run_to_draft(leader_a, make_inspection(leader_a, world.hn),
                              units=[world.hn_ward], start=date(2025, 3, 3))
    response = call(client, "POST", f"/inspections/{inspection.pk}/transition", world.officer_a,
                    {"target": "CONCLUDED", "on": "01/04/2025", "version": inspection.version})
    assert response.status_code == 403  # officers do not record conclusions
    add_doc(leader_a, inspection, DocType.KL, date(2025, 4, 1))
    inspection.refresh_from_db()
    response = call(client, "POST", f"/inspections/{inspection.pk}/transition", leader_a,
                    {"target": "CONCLUDED", "on": "01/04/2025", "version": inspection.version})
    assert response.status_code == 400
    assert "từng đối tượng" in response.json()["errors"]["target"][0]


def test_stale_version_is_409(client, world, leader_a):
    inspection = make_inspection(leader_a, world.hn)
    response = call(client, "POST", f"/inspections/{inspection.pk}/transition", leader_a,
                    {"target": "DECIDED", "on": "01/04/2025", "version": inspection.version + 5})
    assert response.status_code == 409


def test_bad_date_is_a_field_error(client, world, leader_a):
    inspection = make_inspection(leader_a, world.hn)
    response = call(client, "POST", f"/inspections/{inspection.pk}/transition", leader_a,
                    {"target": "DECIDED", "on": "32/01/2025", "version": inspection.version})
    assert response.status_code == 400
    assert "ngày/tháng/năm" in response.json()["errors"]["on"][0]
    inspection.refresh_from_db()
    assert inspection.status == Status.PLANNED


def test_counts_endpoint(client, world, leader_a):
    run_to_draft(leader_a, make_inspection(leader_a, world.hn), units=[world.hn_ward])
    body = call(client, "GET", "/inspections/counts?date_from=2025-01-01&date_to=2025-12-31",
                world.officer_a).json()
    assert body["inspected"]["total"] == {"units": 1, "members": 0}
    reversed_period = call(client, "GET",
                           "/inspections/counts?date_from=2025-12-31&date_to=2025-01-01",
                           world.officer_a)
    assert reversed_period.status_code == 400


def test_detail_lists_subjects_conclusions_and_hides_people_out_of_clearance(client, world,
                                                                            leader_a):
    from inspections.tests.factories import conclude

    inspection = run_to_draft(leader_a, make_inspection(leader_a, world.hn),
                              units=[world.hn_ward], people=[world.person_a_secret])
    ward, member = inspection.subjects.order_by("pk")
    conclude(leader_a, inspection, date(2025, 4, 1), {
        ward: {"violation": True, "findings": ["Chưa mở sổ theo dõi"]},
        member: {"violation": False}})
    body = call(client, "GET", f"/inspections/{inspection.pk}", world.viewer_a).json()
    assert body["subjects"][0] == {
        "id": ward.pk, "org_unit_id": world.hn_ward.pk, "person_id": None, "violation": True,
        "findings": ["Chưa mở sổ theo dõi"], "recommended_discipline": "",
        "applied_discipline": "", "discipline_decided_on": None}
    assert body["subjects"][1]["person_id"] is None  # a Mật person, viewer_a sees Thường only
    officer = call(client, "GET", f"/inspections/{inspection.pk}", world.officer_a).json()
    assert officer["subjects"][1]["person_id"] == world.person_a_secret.pk
    assert [d["doc_type"] for d in officer["documents"]][:1] == ["QD"]


def test_classified_detail_needs_a_reason(client, world, leader_a):
    from core.choices import Classification

    secret = make_inspection(leader_a, world.hn, classification=Classification.MAT)
    assert call(client, "GET", f"/inspections/{secret.pk}", world.officer_a).status_code == 400
    ok = call(client, "GET", f"/inspections/{secret.pk}?reason=Theo+dõi+khắc+phục",
              world.officer_a)
    assert ok.status_code == 200 and ok.json()["classification"] == 1
