"""The vetting API: scope, validation, conflicts, self-dealing and the conclusion rules."""

from datetime import date

import pytest

from core.tests.api_client import call
from vetting.models import VettingCase
from vetting.tests.factories import add_finding, add_relative, make_case, to_appraising

pytestmark = pytest.mark.django_db
BASE = "/vetting"


def test_list_is_scoped(client, world, case_a, case_b):
    response = call(client, "GET", BASE + "/cases", world.officer_a)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [case_a.pk]


def test_case_of_another_province_is_404(client, world, case_b):
    assert call(client, "GET", f"{BASE}/cases/{case_b.pk}", world.officer_a).status_code == 404


def test_create_validates_and_refuses_forged_units(client, world):
    payload = {"subject": world.person_a.pk, "purpose": 1, "org_unit": world.hp.pk,
               "requesting_unit": world.hn.pk, "competent_body": world.hn.pk}
    response = call(client, "POST", BASE + "/cases", world.officer_a, payload)
    assert response.status_code == 400 and "org_unit" in response.json()["errors"]
    payload["org_unit"] = world.hn.pk
    response = call(client, "POST", BASE + "/cases", world.officer_a, payload)
    assert response.status_code == 201 and response.json()["status"] == "DRAFT"


def test_stale_version_is_409(client, world, case_a):
    url = f"{BASE}/cases/{case_a.pk}"
    assert call(client, "PATCH", url, world.officer_a,
                {"position": "Trưởng ban", "version": 1}).status_code == 200
    assert call(client, "PATCH", url, world.officer_a,
                {"position": "Phó ban", "version": 1}).status_code == 409
    case_a.refresh_from_db()
    assert case_a.position == "Trưởng ban"


def test_illegal_transition_is_400(client, world, case_a):
    response = call(client, "POST", f"{BASE}/cases/{case_a.pk}/transitions", world.officer_a,
                    {"action": "APPRAISE"})
    assert response.status_code == 400


def test_subject_of_the_case_is_refused_by_the_api(client, world, case_a):
    world.officer_a.person = world.person_a
    world.officer_a.save()
    response = call(client, "POST", f"{BASE}/cases/{case_a.pk}/transitions", world.officer_a,
                    {"action": "SUBMIT"})
    assert response.status_code == 403
    assert call(client, "GET", f"{BASE}/cases/{case_a.pk}",
                world.officer_a).json()["actions"] == []
    assert VettingCase.objects.get(pk=case_a.pk).status == "DRAFT"


def test_relatives_and_findings(client, world, case_a):
    response = call(client, "POST", f"{BASE}/cases/{case_a.pk}/relatives", world.officer_a,
                    {"relation": "ME", "full_name": "Lê Thị Mẹ", "birth_year": 1955,
                     "cccd": "001155012345"})
    assert response.status_code == 201 and response.json()["has_cccd"]
    assert "001155012345" not in response.content.decode()
    relative_id = response.json()["id"]
    response = call(client, "POST", f"{BASE}/cases/{case_a.pk}/relatives", world.officer_a,
                    {"relation": "ANH_HO", "full_name": "Anh họ"})
    assert response.status_code == 400  # only the form's relations
    response = call(client, "POST", f"{BASE}/cases/{case_a.pk}/findings", world.officer_a,
                    {"category": 1, "relative": relative_id, "summary": "Không có vấn đề",
                     "recorded_on": "05/01/2026"})
    assert response.status_code == 201
    finding_id = response.json()["id"]
    assert call(client, "GET", f"{BASE}/findings/{finding_id}",
                world.officer_a).json()["relative_id"] == relative_id


def test_relative_and_finding_of_other_province_are_404(client, world):
    case = make_case(world.officer_b, world.hp, world.person_b)
    relative = add_relative(world.officer_b, case)
    finding = add_finding(world.officer_b, case)
    assert call(client, "GET", f"{BASE}/relatives/{relative.pk}",
                world.officer_a).status_code == 404
    assert call(client, "GET", f"{BASE}/findings/{finding.pk}",
                world.officer_a).status_code == 404


def test_adverse_conclusion_rules_through_the_api(client, world, leader_a, leader_a2, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    url = f"{BASE}/cases/{case.pk}/conclusions"
    adverse = {"outcome": "KHONG_DU_TIEU_CHUAN", "reasons": "Khai sai lý lịch"}
    assert call(client, "POST", url, world.officer_a, adverse).status_code == 400  # no explanation
    from vetting.services import do_record_explanation, do_request_explanation

    explanation = do_request_explanation(actor=world.officer_a, case=case, data={
        "points": "Giải trình", "requested_on": date(2026, 2, 2)})
    do_record_explanation(actor=world.officer_a, explanation=explanation,
                          data={"received_on": date(2026, 2, 3), "summary": "Khai sót"})
    assert call(client, "POST", url, world.officer_a, adverse).status_code == 201
    decide = {"decided_on": "10/02/2026"}
    assert call(client, "POST", url + "/decide", leader_a, decide).status_code == 400
    assert call(client, "POST", url + "/approve", leader_a).status_code == 200
    assert call(client, "POST", url + "/decide", leader_a, decide).status_code == 400
    response = call(client, "POST", url + "/decide", leader_a2, decide)
    assert response.status_code == 200 and response.json()["decider_id"] == leader_a2.pk


def test_endpoints_are_in_the_openapi_schema(client, world):
    paths = call(client, "GET", "/openapi.json", world.officer_a).json()["paths"]
    for path in ("/api/v1/vetting/cases", "/api/v1/vetting/cases/{vetting_case_id}/findings",
                 "/api/v1/vetting/cases/{vetting_case_id}/conclusions",
                 "/api/v1/vetting/relatives/{relative_id}"):
        assert path in paths


def test_verification_request_raised_through_the_api(client, world, case_a):
    relative = add_relative(world.officer_a, case_a)
    url = f"{BASE}/cases/{case_a.pk}/requests"
    response = call(client, "POST", url, world.officer_a, {"subject": "Xác minh"})
    assert response.status_code == 400  # no counterpart
    response = call(client, "POST", url, world.officer_a, {
        "relative": relative.pk, "counterpart_name": "Công an phường Ba Đình",
        "subject": "Đề nghị xác minh lý lịch", "sent_on": "05/01/2026"})
    assert response.status_code == 201
    request_id = response.json()["coordination_request_id"]
    detail = call(client, "GET", f"/coordination/requests/{request_id}", world.officer_a).json()
    assert detail["subject"] == "Đề nghị xác minh lý lịch"
    assert call(client, "GET", f"{BASE}/cases/{case_a.pk}",
                world.officer_a).json()["request_ids"] == [request_id]
