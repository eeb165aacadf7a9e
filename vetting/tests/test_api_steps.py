"""The vetting API's further steps: assignment, explanation, complaints, sending back."""

from datetime import date

import pytest

from core.choices import Classification
from core.tests.api_client import call
from vetting.models import Conclusion, Explanation, VettingCase
from vetting.services import today
from vetting.tests.factories import conclude, make_case, to_appraising

pytestmark = pytest.mark.django_db
BASE = "/vetting/cases"


@pytest.fixture
def submitted(world):
    return make_case(world.officer_a, world.hn, world.person_a, submit_on=date(2026, 1, 5))


def test_leader_assigns_and_a_stale_version_is_409(client, world, leader_a, submitted):
    url = f"{BASE}/{submitted.pk}/assign"
    body = {"officer": world.officer_a.pk, "team": [world.officer_a.pk, leader_a.pk],
            "version": submitted.version}
    response = call(client, "POST", url, leader_a, body)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ASSIGNED"
    assert response.json()["officer_id"] == world.officer_a.pk
    assert call(client, "POST", url, leader_a, body).status_code == 409


def test_assign_refuses_strangers_officers_and_roles(client, world, leader_a, submitted):
    url = f"{BASE}/{submitted.pk}/assign"
    response = call(client, "POST", url, leader_a,
                    {"officer": world.officer_b.pk, "version": submitted.version})
    assert response.status_code == 400 and "officer" in response.json()["errors"]
    response = call(client, "POST", url, leader_a, {"officer": "ai đó", "version": 1})
    assert response.status_code == 400 and "officer" in response.json()["errors"]
    assert call(client, "POST", url, world.officer_b, {"officer": world.officer_b.pk,
                                                       "version": 1}).status_code == 404
    assert call(client, "POST", url, world.viewer_a, {"officer": world.officer_a.pk,
                                                      "version": 1}).status_code == 403
    # An officer may not assign (leaders only): the workflow refuses the role.
    assert call(client, "POST", url, world.officer_a,
                {"officer": world.officer_a.pk,
                 "version": submitted.version}).status_code == 403
    assert VettingCase.objects.get(pk=submitted.pk).status == "REQUESTED"


def test_explanation_is_asked_then_recorded(client, world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    url = f"{BASE}/{case.pk}/explanations"
    response = call(client, "POST", url, world.officer_a,
                    {"points": "Giải trình việc khai lý lịch", "requested_on": "02/02/2026"})
    assert response.status_code == 201, response.content
    assert response.json()["due_on"] > "2026-02-02" and not response.json()["settled"]
    again = call(client, "POST", url, world.officer_a,
                 {"points": "Lần nữa", "requested_on": "02/02/2026"})
    assert again.status_code == 400 and "__all__" in again.json()["errors"]
    early = call(client, "POST", url + "/received", world.officer_a,
                 {"received_on": "01/02/2026", "summary": "Khai sót"})
    assert early.status_code == 400 and "trước ngày đề nghị" in str(early.json())
    response = call(client, "POST", url + "/received", world.officer_a,
                    {"received_on": "03/02/2026", "summary": "Khai sót"})
    assert response.status_code == 200 and response.json()["settled"]
    listed = call(client, "GET", url, world.officer_a).json()
    assert [e["summary"] for e in listed] == ["Khai sót"]
    none_open = call(client, "POST", url + "/received", world.officer_a,
                     {"received_on": "03/02/2026", "summary": "x"})
    assert none_open.status_code == 400


def test_absence_is_noted_only_after_the_deadline(client, world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    url = f"{BASE}/{case.pk}/explanations"
    call(client, "POST", url, world.officer_a,
         {"points": "Giải trình", "requested_on": today().strftime("%d/%m/%Y")})
    absent = call(client, "POST", url + "/absent", world.officer_a)
    assert absent.status_code == 400 and "Chưa hết hạn" in str(absent.json())
    Explanation.objects.filter(case=case).update(requested_on=date(2026, 2, 2),
                                                 due_on=date(2026, 2, 9))
    absent = call(client, "POST", url + "/absent", world.officer_a)
    assert absent.status_code == 200 and absent.json()["absence_noted_on"]
    assert call(client, "POST", url + "/absent", world.officer_a).status_code == 400


def test_explanation_input_errors_name_fields(client, world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    response = call(client, "POST", f"{BASE}/{case.pk}/explanations", world.officer_a,
                    {"requested_on": "31/02/2026"})
    assert response.status_code == 400
    assert {"points"} <= set(response.json()["errors"])
    response = call(client, "POST", f"{BASE}/{case.pk}/explanations", world.officer_a,
                    {"points": "x", "requested_on": "31/02/2026"})
    assert "requested_on" in response.json()["errors"]


def test_complaint_is_filed_then_settled(client, world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    url = f"{BASE}/{case.pk}/complaints"
    early = call(client, "POST", url, world.officer_a,
                 {"filed_on": "03/02/2026", "summary": "Khiếu nại"})
    assert early.status_code == 400  # nothing decided yet
    conclude(case, world.officer_a, leader_a)
    before = call(client, "POST", url, world.officer_a,
                  {"filed_on": "01/02/2026", "summary": "Khiếu nại"})
    assert before.status_code == 400 and "trước ngày kết luận" in str(before.json())
    response = call(client, "POST", url, world.officer_a,
                    {"filed_on": "03/02/2026", "summary": "Khiếu nại kết luận"})
    assert response.status_code == 201, response.content
    assert call(client, "POST", url, world.officer_a,
                {"filed_on": "03/02/2026", "summary": "Lần hai"}).status_code == 400
    bad = call(client, "POST", url + "/settle", leader_a,
               {"result": "KHONG_BIET", "result_on": "05/02/2026"})
    assert bad.status_code == 400 and "result" in bad.json()["errors"]
    response = call(client, "POST", url + "/settle", leader_a,
                    {"result": "GIU_NGUYEN", "result_on": "05/02/2026"})
    assert response.status_code == 200 and response.json()["result"] == "GIU_NGUYEN"
    assert len(call(client, "GET", url, world.officer_a).json()) == 1
    assert call(client, "POST", url + "/settle", leader_a,
                {"result": "GIU_NGUYEN", "result_on": "05/02/2026"}).status_code == 400


def test_steps_of_another_province_are_404(client, world, case_b):
    for path in ("explanations", "complaints"):
        assert call(client, "GET", f"{BASE}/{case_b.pk}/{path}",
                    world.officer_a).status_code == 404
        assert call(client, "POST", f"{BASE}/{case_b.pk}/{path}", world.officer_a,
                    {"points": "x", "requested_on": "02/02/2026", "filed_on": "02/02/2026",
                     "summary": "x"}).status_code == 404


def test_classified_case_steps_need_a_reason_and_hide_from_viewer(client, world):
    case = make_case(world.officer_a, world.hn, world.person_a,
                     classification=Classification.MAT)
    url = f"{BASE}/{case.pk}/explanations"
    response = call(client, "GET", url, world.officer_a)
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    assert call(client, "GET", url + "?reason=Thẩm định bổ nhiệm",
                world.officer_a).status_code == 200
    assert call(client, "GET", url + "?reason=Thẩm định bổ nhiệm",
                world.viewer_a).status_code == 404


def test_send_back_through_the_api_withdraws_the_proposal(client, world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    response = call(client, "POST", f"{BASE}/{case.pk}/conclusions", world.officer_a,
                    {"outcome": "DU_TIEU_CHUAN", "reasons": "Đủ tiêu chuẩn"})
    assert response.status_code == 201
    response = call(client, "POST", f"{BASE}/{case.pk}/transitions", leader_a,
                    {"action": "SEND_BACK"})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = call(client, "POST", f"{BASE}/{case.pk}/transitions", leader_a,
                    {"action": "SEND_BACK", "reason": "Cần xác minh thêm"})
    assert response.status_code == 200 and response.json()["status"] == "APPRAISING"
    assert Conclusion.objects.get(case=case).withdrawn


def test_patch_of_a_classified_case_needs_a_reason(client, world):
    case = make_case(world.officer_a, world.hn, world.person_a,
                     classification=Classification.MAT)
    url = f"/vetting/cases/{case.pk}"
    response = call(client, "PATCH", url, world.officer_a,
                    {"position": "Trưởng ban", "version": case.version})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = call(client, "PATCH", url, world.officer_a,
                    {"position": "Trưởng ban", "version": case.version,
                     "reason": "Đổi chức danh dự kiến"})
    assert response.status_code == 200 and response.json()["position"] == "Trưởng ban"
