"""Admission API: list and detail through scope, create with bad input refused, the expired-paper
guard as a field error, edit conflict as 409, other province 404."""


import pytest

from admission.models import AdmissionDossier
from admission.tests.factories import expired_course, make_candidate, make_dossier
from audit.models import AuditEvent
from coordination.tests.factories import matrix_request
from core.choices import Classification
from core.tests.api_client import call

BASE = "/api/v1/admission"


@pytest.fixture
def candidate(world):
    return make_candidate(world.admin, world.hn_cell)


def test_list_and_detail_with_papers(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=3)
    client.force_login(world.officer_a)
    listing = client.get(f"{BASE}/dossiers", {"status": "CELL_RESOLVED"}).json()
    assert [r["id"] for r in listing["results"]] == [dossier.pk]
    detail = client.get(f"{BASE}/dossiers/{dossier.pk}").json()
    assert detail["decision_due_on"] == "2026-05-06"
    assert len(detail["papers"]) == 6 and "DECIDE" in detail["actions"]


def test_other_province_is_404_and_absent_from_the_list(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    client.force_login(world.officer_b)
    assert client.get(f"{BASE}/dossiers/{dossier.pk}").status_code == 404
    assert client.get(f"{BASE}/dossiers").json()["count"] == 0


def test_create_refuses_bad_dates_and_saves_nothing(client, world, candidate):
    client.force_login(world.officer_a)
    response = client.post(f"{BASE}/dossiers", {
        "person": candidate.pk, "org_unit": world.hn_cell.pk, "opened_on": "30/02/2025"},
        content_type="application/json")
    assert response.status_code == 400
    assert "opened_on" in response.json()["errors"]
    assert not AdmissionDossier.objects.exists()
    response = client.post(f"{BASE}/dossiers", {
        "person": candidate.pk, "org_unit": world.hn_cell.pk, "opened_on": "01/09/2025"},
        content_type="application/json")
    assert response.status_code == 201


def test_expired_paper_guard_is_a_field_error(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=2)
    expired_course(world.officer_a, dossier)
    client.force_login(world.officer_a)
    response = client.post(f"{BASE}/dossiers/{dossier.pk}/transitions",
                           {"action": "CELL_RESOLVE", "on": "30/01/2026"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "đã hết hạn ngày 01/12/2025" in response.json()["errors"]["action"][0]


def test_stale_version_is_a_conflict(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    client.force_login(world.officer_a)
    response = client.post(f"{BASE}/dossiers/{dossier.pk}/transitions",
                           {"action": "SEND_VERIFICATION", "on": "01/10/2025",
                            "version": dossier.version - 1}, content_type="application/json")
    assert response.status_code == 409


def test_patch_corrects_fields_and_stale_version_is_409(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    url = f"/admission/dossiers/{dossier.pk}"
    response = call(client, "PATCH", url, world.officer_a,
                    {"special_case": True, "special_case_reason": "Vùng sâu, vùng xa",
                     "version": dossier.version, "reason": "Bổ sung"})
    assert response.status_code == 200, response.content
    assert response.json()["special_case"] is True
    response = call(client, "PATCH", url, world.officer_a,
                    {"special_case": False, "version": dossier.version})
    assert response.status_code == 409
    assert AdmissionDossier.objects.get(pk=dossier.pk).special_case is True


def test_patch_refuses_bad_input_with_field_names(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    url = f"/admission/dossiers/{dossier.pk}"
    response = call(client, "PATCH", url, world.officer_a,
                    {"org_unit": world.hp_cell.pk, "opened_on": "32/01/2025",
                     "version": dossier.version})
    assert response.status_code == 400
    assert {"org_unit", "opened_on"} <= set(response.json()["errors"])
    response = call(client, "PATCH", url, world.officer_a, {"special_case": True,
                                                            "version": dossier.version})
    assert "special_case_reason" in response.json()["errors"]
    response = call(client, "PATCH", url, world.officer_a, {"version": "một"})
    assert response.status_code == 400 and response.json()["errors"]["version"]


def test_officer_b_and_viewer_cannot_patch_or_link(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    url = f"/admission/dossiers/{dossier.pk}"
    assert call(client, "PATCH", url, world.officer_b,
                {"version": dossier.version}).status_code == 404
    assert call(client, "POST", url + "/letters", world.officer_b,
                {"request": 1}).status_code == 404
    assert call(client, "PATCH", url, world.viewer_a,
                {"version": dossier.version}).status_code == 403
    assert call(client, "POST", url + "/letters", world.viewer_a,
                {"request": 1}).status_code == 403


def test_link_a_verification_letter(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    letter = matrix_request(world.officer_a, world.hn, world.hn_ward, candidate)
    other = matrix_request(world.officer_b, world.hp, world.hp_ward, world.person_b)
    url = f"/admission/dossiers/{dossier.pk}/letters"
    response = call(client, "POST", url, world.officer_a, {"request": other.pk})
    assert response.status_code == 400 and "request" in response.json()["errors"]
    response = call(client, "POST", url, world.officer_a, {"request": letter.pk})
    assert response.status_code == 201, response.content
    assert [x["id"] for x in response.json()["letters"]] == [letter.pk]
    # Linked once: it is no longer offered.
    response = call(client, "POST", url, world.officer_a, {"request": letter.pk})
    assert response.status_code == 400


def test_classified_dossier_needs_a_reason_and_the_read_is_logged(client, world):
    person = make_candidate(world.admin, world.hn_cell, classification=Classification.MAT)
    dossier = make_dossier(world.officer_a, world.hn_cell, person,
                           classification=Classification.MAT)
    url = f"/admission/dossiers/{dossier.pk}"
    response = call(client, "GET", url, world.officer_a)
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    assert call(client, "GET", url + "?reason=Xét kết nạp", world.officer_a).status_code == 200
    assert AuditEvent.objects.filter(action="READ", target_id=str(dossier.pk),
                                     reason="Xét kết nạp").exists()
    assert call(client, "GET", url + "?reason=Xét kết nạp", world.viewer_a).status_code == 404


def test_patch_of_a_classified_dossier_needs_a_reason(client, world):
    person = make_candidate(world.admin, world.hn_cell, classification=Classification.MAT)
    dossier = make_dossier(world.officer_a, world.hn_cell, person,
                           classification=Classification.MAT)
    url = f"/admission/dossiers/{dossier.pk}"
    response = call(client, "PATCH", url, world.officer_a, {"version": dossier.version})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = call(client, "PATCH", url, world.officer_a,
                    {"version": dossier.version, "reason": "Sửa ngày lập"})
    assert response.status_code == 200
