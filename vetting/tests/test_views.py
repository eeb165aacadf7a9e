"""Pages of vetting cases: scope, buttons, refusals, bad input, conflicts, the ledger link."""

from datetime import date

import pytest
from django.urls import reverse

from coordination.models import CoordinationRequest
from vetting.models import Finding, VettingCase
from vetting.tests.factories import add_relative, make_case

pytestmark = pytest.mark.django_db


def _detail(case):
    return reverse("vetting:detail", kwargs={"vetting_case_id": case.pk})


def _url(name, case):
    return reverse(f"vetting:{name}", kwargs={"vetting_case_id": case.pk})


def test_list_shows_own_province_cases_only(client, world, case_a, case_b):
    client.force_login(world.officer_a)
    response = client.get(reverse("vetting:list"))
    assert response.status_code == 200
    assert "Nguyễn Văn Huy" in response.content.decode()
    assert "Đặng Văn Hòa" not in response.content.decode()


def test_list_filters_by_status_and_overdue(client, world, case_a):
    submitted = make_case(world.officer_a, world.hn, world.person_a_secret,
                          submit_on=date(2026, 1, 5))
    client.force_login(world.officer_a)
    page = client.get(reverse("vetting:list"), {"status": "REQUESTED"}).content.decode()
    assert f"/tham-dinh/{submitted.pk}/" in page and f"/tham-dinh/{case_a.pk}/" not in page
    page = client.get(reverse("vetting:list"), {"overdue": "on"}).content.decode()
    assert f"/tham-dinh/{submitted.pk}/" in page


def test_case_of_another_province_is_404(client, world, case_b):
    client.force_login(world.officer_a)
    assert client.get(_detail(case_b)).status_code == 404
    assert client.post(_url("transition", case_b) + "?action=SUBMIT").status_code == 404


def test_detail_shows_deadline_and_actions(client, world, case_a):
    client.force_login(world.officer_a)
    page = client.get(_detail(case_a)).content.decode()
    assert 'id="case-actions"' in page and "action=SUBMIT" in page


def test_subject_sees_no_button_and_the_server_refuses(client, world, case_a):
    world.officer_a.person = world.person_a
    world.officer_a.save()
    client.force_login(world.officer_a)
    page = client.get(_detail(case_a)).content.decode()
    assert 'id="case-actions"' not in page and "action=SUBMIT" not in page
    assert 'id="conflict-notice"' in page
    response = client.post(_url("transition", case_a) + "?action=SUBMIT",
                           {"action": "SUBMIT", "version": case_a.version})
    assert response.status_code == 403
    case_a.refresh_from_db()
    assert case_a.status == "DRAFT"


def test_submit_through_the_page_moves_the_case(client, world, case_a):
    client.force_login(world.officer_a)
    response = client.post(_url("transition", case_a) + "?action=SUBMIT",
                           {"action": "SUBMIT", "version": case_a.version, "on": "26/01/2026"})
    assert response.status_code == 302
    case_a.refresh_from_db()
    assert case_a.status == "REQUESTED" and case_a.due_on == date(2026, 3, 16)


def test_second_editor_sees_a_conflict(client, world, case_a):
    client.force_login(world.officer_a)
    form = {"purpose": case_a.purpose_id, "position": "Trưởng ban", "org_unit": world.hn.pk,
            "requesting_unit": world.hn.pk, "competent_body": world.hn.pk, "classification": 0,
            "version": 1}
    assert client.post(_url("edit", case_a), form).status_code == 302
    response = client.post(_url("edit", case_a), {**form, "position": "Phó ban"})
    assert response.status_code == 200
    assert "vừa được người khác cập nhật" in response.content.decode()
    case_a.refresh_from_db()
    assert case_a.position == "Trưởng ban"


def test_impossible_date_is_refused_and_nothing_saved(client, world, case_a):
    client.force_login(world.officer_a)
    response = client.post(_url("finding_add", case_a), {
        "category": 1, "summary": "Khai đúng", "recorded_on": "31/02/2026"})
    assert response.status_code == 200
    assert "không có thật" in response.content.decode()
    assert not Finding.objects.exists()


def test_forged_relative_of_another_case_is_refused(client, world, case_a):
    other = make_case(world.officer_b, world.hp, world.person_b)
    relative = add_relative(world.officer_b, other)
    client.force_login(world.officer_a)
    response = client.post(_url("finding_add", case_a), {
        "category": 1, "summary": "Khai đúng", "recorded_on": "05/01/2026",
        "relative": relative.pk})
    assert response.status_code == 200
    assert not Finding.objects.exists()


def test_verification_request_goes_into_the_coordination_ledger(client, world, case_a):
    relative = add_relative(world.officer_a, case_a)
    client.force_login(world.officer_a)
    response = client.post(_url("request_raise", case_a), {
        "relative": relative.pk, "counterpart_name": "Công an phường Ba Đình",
        "subject": "Đề nghị xác minh lý lịch cha", "sent_on": "05/01/2026"})
    assert response.status_code == 302
    request = CoordinationRequest.objects.get()
    assert (request.vetting_case, request.relative, request.kind) == (case_a, relative, "XAC_MINH")
    assert request.subject_person == world.person_a
    page = client.get(_detail(case_a)).content.decode()
    assert "Đề nghị xác minh lý lịch cha" in page
    letter = reverse("coordination:letter", kwargs={"coordination_request_id": request.pk})
    assert letter in page
    assert client.get(letter)["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml")


def test_create_case_from_the_page(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("vetting:create"), {
        "subject": world.person_a.pk, "purpose": 1, "position": "Phó Chánh Văn phòng",
        "org_unit": world.hn.pk, "requesting_unit": world.hn_ward.pk,
        "competent_body": world.hn.pk, "classification": 0})
    assert response.status_code == 302
    assert VettingCase.objects.get().subject == world.person_a


def test_case_cannot_be_less_secret_than_its_subject(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("vetting:create"), {
        "subject": world.person_a_secret.pk, "purpose": 1, "org_unit": world.hn.pk,
        "requesting_unit": world.hn.pk, "competent_body": world.hn.pk, "classification": 0})
    assert response.status_code == 200 and not VettingCase.objects.exists()


def test_explanation_asked_then_recorded_through_the_pages(client, world, leader_a, case_a):
    from vetting.tests.factories import to_appraising

    case = to_appraising(case_a, leader_a, world.officer_a)
    client.force_login(world.officer_a)
    response = client.post(_url("explanation", case), {
        "points": "Giải trình việc khai lý lịch", "requested_on": "02/02/2026"})
    assert response.status_code == 302
    response = client.post(_url("explanation", case), {
        "received_on": "01/02/2026", "summary": "Khai sót"})
    assert response.status_code == 200  # before the request date: refused, nothing saved
    assert case.explanations.get().received_on is None
    response = client.post(_url("explanation", case), {
        "received_on": "05/02/2026", "summary": "Khai sót"})
    assert response.status_code == 302
    assert case.explanations.get().received_on == date(2026, 2, 5)


def test_adverse_decision_without_second_approver_shows_the_rule(client, world, leader_a, case_a):
    from vetting.services import (
        do_propose_conclusion,
        do_record_explanation,
        do_request_explanation,
    )
    from vetting.tests.factories import to_appraising

    case = to_appraising(case_a, leader_a, world.officer_a)
    explanation = do_request_explanation(actor=world.officer_a, case=case, data={
        "points": "Giải trình", "requested_on": date(2026, 2, 2)})
    do_record_explanation(actor=world.officer_a, explanation=explanation,
                          data={"received_on": date(2026, 2, 3), "summary": "Khai sót"})
    do_propose_conclusion(actor=world.officer_a, case=case, data={
        "outcome": "KHONG_DU_TIEU_CHUAN", "reasons": "Khai sai"})
    client.force_login(leader_a)
    assert "Phê duyệt (người thứ hai)" in client.get(_detail(case)).content.decode()
    case.refresh_from_db()
    response = client.post(_url("decide", case), {"decided_on": "10/02/2026",
                                                  "version": case.version})
    assert "cần người phê duyệt thứ hai" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "PROPOSED"
    client.force_login(world.officer_a)  # the proposer: no approval button
    assert "Phê duyệt (người thứ hai)" not in client.get(_detail(case)).content.decode()


def test_only_relations_of_the_form_and_adult_children(client, world, case_a):
    client.force_login(world.officer_a)
    url = _url("relative_add", case_a)
    assert client.post(url, {"relation": "ANH_HO", "full_name": "Anh họ"}).status_code == 200
    assert client.post(url, {"relation": "CON", "full_name": "Nguyễn Bé",
                             "birth_year": "2020"}).status_code == 200
    assert client.post(url, {"relation": "CON", "full_name": "Nguyễn Văn Con",
                             "birth_year": "1990", "cccd": "12345"}).status_code == 200
    assert not case_a.relatives.exists()
    assert client.post(url, {"relation": "CON", "full_name": "Nguyễn Văn Con",
                             "birth_year": "1990"}).status_code == 302
    assert case_a.relatives.get().relation == "CON"


def test_complaint_filed_and_settled_through_the_pages(client, world, leader_a, case_a):
    from vetting.tests.factories import conclude, to_appraising

    case = to_appraising(case_a, leader_a, world.officer_a)
    conclude(case, world.officer_a, leader_a)
    client.force_login(world.officer_a)
    assert client.post(_url("complaint", case), {"filed_on": "03/02/2026",
                                                 "summary": "Không đồng ý"}).status_code == 302
    page = client.get(_detail(case)).content.decode()
    assert "24/03/2026" in page  # its deadline: 30 working days, Tết skipped
    assert client.post(_url("complaint", case), {"result": "GIU_NGUYEN", "result_on": "10/03/2026",
                                                 "result_summary": "Đúng"}).status_code == 302
    assert case.complaints.get().result == "GIU_NGUYEN"


def test_classified_case_asks_why_and_is_hidden_from_low_clearance(client, world):
    from audit.models import AuditEvent

    case = make_case(world.officer_a, world.hn, world.person_a_secret)
    client.force_login(world.viewer_a)
    assert client.get(_detail(case)).status_code == 404
    client.force_login(world.officer_a)
    assert "Lý do xem hồ sơ" in client.get(_detail(case)).content.decode()
    client.post(_detail(case), {"ntk-reason": "Thẩm định nhân sự bổ nhiệm 2026"})
    assert "Trần Thị Thuỷ" in client.get(_detail(case)).content.decode()
    assert AuditEvent.objects.filter(action="READ", target_id=str(case.pk),
                                     reason="Thẩm định nhân sự bổ nhiệm 2026").exists()


def test_edit_of_classified_case_asks_why_in_place_and_logs_the_read(client, world):
    from audit.models import AuditEvent

    case = make_case(world.officer_a, world.hn, world.person_a_secret)
    reads = AuditEvent.objects.filter(action="READ", target_id=str(case.pk),
                                      target_type="vetting.vettingcase")
    client.force_login(world.officer_a)
    asked = client.get(_url("edit", case)).content.decode()
    assert "Lý do xem hồ sơ" in asked and 'name="version"' not in asked
    assert client.post(_url("edit", case), {"position": "Đổi"})["Location"] == _detail(case)
    response = client.post(_url("edit", case), {"ntk-reason": "Thẩm định nhân sự bổ nhiệm 2026"})
    assert response.status_code == 302 and response["Location"] == _url("edit", case)
    assert 'name="version"' in client.get(_url("edit", case)).content.decode()
    assert list(reads.values_list("reason", flat=True)) == ["Thẩm định nhân sự bổ nhiệm 2026"]
    assert VettingCase.objects.get(pk=case.pk).position == "Phó Trưởng ban"


def test_the_outcome_is_never_preselected(client, world, leader_a, case_a):
    from vetting.tests.factories import to_appraising

    case = to_appraising(case_a, leader_a, world.officer_a)
    client.force_login(world.officer_a)
    page = client.get(_url("propose", case)).content.decode()
    options = page.split('id="id_outcome"')[1].split("</select>")[0]
    assert '<option value="" selected>' in options and options.count("selected") == 1


def test_filter_by_officer(client, world, leader_a, case_a):
    from vetting.tests.factories import to_appraising

    to_appraising(case_a, leader_a, world.officer_a)
    other = make_case(world.officer_a, world.hn, world.person_a_secret)
    client.force_login(world.officer_a)
    page = client.get(reverse("vetting:list"), {"officer": world.officer_a.pk}).content.decode()
    assert f"/tham-dinh/{case_a.pk}/" in page and f"/tham-dinh/{other.pk}/" not in page
