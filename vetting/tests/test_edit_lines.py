"""Correcting a line of a case — relative, finding, explanation, complaint — (API PATCH and the
edit pages): the row changes and the case timeline records before/after; a stale version is a
conflict that changes nothing; another province's line is a 404, a viewer is refused, bad input
names its field, and relatives, findings and explanations stay as they are once the case is
concluded (complaints come after the conclusion)."""

from datetime import date

import pytest
from django.urls import reverse

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.tests.api_client import call
from vetting.models import Complaint, Explanation, Finding, Relative, VettingCase
from vetting.tests.factories import (
    add_finding,
    add_relative,
    ask_explanation,
    conclude,
    file_complaint,
    make_case,
    to_appraising,
)

pytestmark = pytest.mark.django_db
BASE = "/vetting"


def _updates(case):
    return AuditEvent.objects.filter(target_type="vetting.vettingcase", target_id=str(case.pk),
                                     action=AuditAction.UPDATE, before__isnull=False)


# --- relatives ---------------------------------------------------------------------------------


def test_relative_patch_changes_the_row_and_audits(client, world, case_a):
    relative = add_relative(world.officer_a, case_a)
    response = call(client, "PATCH", f"{BASE}/relatives/{relative.pk}", world.officer_a,
                    {"residence": "Phường Ba Đình, Hà Nội", "cccd": "001150012345",
                     "version": relative.version, "reason": "Khai lại nơi ở"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["residence"] == "Phường Ba Đình, Hà Nội" and body["has_cccd"]
    assert body["version"] == relative.version + 1 and body["full_name"] == relative.full_name
    assert "001150012345" not in response.content.decode()
    relative.refresh_from_db()
    assert relative.residence == "Phường Ba Đình, Hà Nội" and relative.cccd == "001150012345"
    event = _updates(case_a).get()
    assert event.reason == "Khai lại nơi ở" and event.actor_id == world.officer_a.pk
    assert event.before["residence"] == "Hà Nội"
    assert event.after["residence"] == "Phường Ba Đình, Hà Nội"


def test_relative_stale_version_is_409_and_changes_nothing(client, world, case_a):
    relative = add_relative(world.officer_a, case_a)
    url = f"{BASE}/relatives/{relative.pk}"
    assert call(client, "PATCH", url, world.officer_a,
                {"occupation": "Nông dân", "version": 1}).status_code == 200
    stale = call(client, "PATCH", url, world.officer_a, {"occupation": "Giáo viên", "version": 1})
    assert stale.status_code == 409 and stale.json()["detail"]
    assert Relative.objects.get(pk=relative.pk).occupation == "Nông dân"
    assert _updates(case_a).count() == 1


def test_relative_of_other_province_is_404_and_viewer_is_403(client, world, case_b):
    theirs = add_relative(world.officer_b, case_b)
    response = call(client, "PATCH", f"{BASE}/relatives/{theirs.pk}", world.officer_a,
                    {"full_name": "Sửa trộm", "version": theirs.version})
    assert response.status_code == 404
    mine = add_relative(world.officer_a, make_case(world.officer_a, world.hn, world.person_a))
    refused = call(client, "PATCH", f"{BASE}/relatives/{mine.pk}", world.viewer_a,
                   {"full_name": "Sửa trộm", "version": mine.version})
    assert refused.status_code == 403
    assert not Relative.objects.filter(full_name="Sửa trộm").exists()


def test_relative_bad_input_names_the_field(client, world, case_a):
    relative = add_relative(world.officer_a, case_a)
    url = f"{BASE}/relatives/{relative.pk}"
    bad = call(client, "PATCH", url, world.officer_a, {"relation": "ANH_HO", "version": 1})
    assert bad.status_code == 400 and "relation" in bad.json()["errors"]
    future = call(client, "PATCH", url, world.officer_a, {"birth_year": 2999, "version": 1})
    assert future.status_code == 400 and "birth_year" in future.json()["errors"]
    blank = call(client, "PATCH", url, world.officer_a, {"full_name": "", "version": 1})
    assert blank.status_code == 400 and "full_name" in blank.json()["errors"]
    missing = call(client, "PATCH", url, world.officer_a, {"full_name": "Khác"})
    assert missing.status_code == 400 and "version" in missing.json()["errors"]
    assert Relative.objects.get(pk=relative.pk).full_name == "Nguyễn Văn Cha"


def test_relative_of_classified_case_needs_a_reason(client, world):
    case = make_case(world.officer_a, world.hn, world.person_a_secret)
    relative = add_relative(world.officer_a, case)
    url = f"{BASE}/relatives/{relative.pk}"
    response = call(client, "PATCH", url, world.officer_a, {"occupation": "Kỹ sư", "version": 1})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = call(client, "PATCH", url, world.officer_a,
                    {"occupation": "Kỹ sư", "version": 1, "reason": "Bổ sung lý lịch 2026"})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(case.pk),
                                     reason="Bổ sung lý lịch 2026").exists()


# --- findings ----------------------------------------------------------------------------------


def test_finding_patch_changes_the_row_and_audits(client, world, case_a):
    relative = add_relative(world.officer_a, case_a)
    finding = add_finding(world.officer_a, case_a, relative=relative)
    response = call(client, "PATCH", f"{BASE}/findings/{finding.pk}", world.officer_a,
                    {"summary": "Có thời gian làm việc ở nước ngoài, đã khai đủ.",
                     "relative": None, "recorded_on": "21/01/2026", "version": finding.version,
                     "reason": "Nhầm người"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["relative_id"] is None and body["recorded_on"] == "2026-01-21"
    assert body["version"] == finding.version + 1
    finding.refresh_from_db()
    assert finding.summary.startswith("Có thời gian") and finding.relative_id is None
    event = _updates(case_a).get()
    assert event.before["relative"] == relative.pk and event.after["relative"] is None
    assert event.reason == "Nhầm người"


def test_finding_stale_version_is_409_and_changes_nothing(client, world, case_a):
    finding = add_finding(world.officer_a, case_a)
    url = f"{BASE}/findings/{finding.pk}"
    assert call(client, "PATCH", url, world.officer_a,
                {"source": "Công an tỉnh", "version": 1}).status_code == 200
    stale = call(client, "PATCH", url, world.officer_a, {"source": "Quân đội", "version": 1})
    assert stale.status_code == 409
    assert Finding.objects.get(pk=finding.pk).source == "Công an tỉnh"


def test_finding_of_other_province_is_404_and_viewer_is_403(client, world, case_a, case_b):
    theirs = add_finding(world.officer_b, case_b)
    assert call(client, "PATCH", f"{BASE}/findings/{theirs.pk}", world.officer_a,
                {"summary": "Sửa trộm", "version": 1}).status_code == 404
    mine = add_finding(world.officer_a, case_a)
    assert call(client, "PATCH", f"{BASE}/findings/{mine.pk}", world.viewer_a,
                {"summary": "Sửa trộm", "version": 1}).status_code == 403
    assert not Finding.objects.filter(summary="Sửa trộm").exists()


def test_finding_bad_input_names_the_field(client, world, case_a, case_b):
    finding = add_finding(world.officer_a, case_a)
    url = f"{BASE}/findings/{finding.pk}"
    bad_date = call(client, "PATCH", url, world.officer_a,
                    {"recorded_on": "31/02/2026", "version": 1})
    assert bad_date.status_code == 400 and "recorded_on" in bad_date.json()["errors"]
    other_relative = add_relative(world.officer_b, case_b)
    forged = call(client, "PATCH", url, world.officer_a,
                  {"relative": other_relative.pk, "version": 1})
    assert forged.status_code == 400 and "relative" in forged.json()["errors"]
    empty = call(client, "PATCH", url, world.officer_a, {"summary": "", "version": 1})
    assert empty.status_code == 400 and "summary" in empty.json()["errors"]
    assert Finding.objects.get(pk=finding.pk).version == 1


def test_no_line_changes_after_the_conclusion(client, world, leader_a, case_a):
    relative = add_relative(world.officer_a, case_a)
    finding = add_finding(world.officer_a, case_a)
    conclude(to_appraising(case_a, leader_a, world.officer_a), world.officer_a, leader_a)
    assert VettingCase.objects.get(pk=case_a.pk).status == "CONCLUDED"
    response = call(client, "PATCH", f"{BASE}/relatives/{relative.pk}", world.officer_a,
                    {"occupation": "Muộn", "version": relative.version})
    assert response.status_code == 400
    response = call(client, "PATCH", f"{BASE}/findings/{finding.pk}", world.officer_a,
                    {"summary": "Muộn", "version": finding.version})
    assert response.status_code == 400
    assert Relative.objects.get(pk=relative.pk).occupation == "Hưu trí"
    client.force_login(world.officer_a)
    page = client.get(reverse("vetting:relative_edit", kwargs={"relative_id": relative.pk}))
    assert page.status_code == 302


# --- the edit pages ----------------------------------------------------------------------------


def _page(name, row):
    key = "relative_id" if isinstance(row, Relative) else "finding_id"
    return reverse(f"vetting:{name}", kwargs={key: row.pk})


def test_relative_edit_page_saves_through_the_service(client, world, case_a):
    relative = add_relative(world.officer_a, case_a)
    client.force_login(world.officer_a)
    detail = client.get(reverse("vetting:detail", kwargs={"vetting_case_id": case_a.pk}))
    assert _page("relative_edit", relative) in detail.content.decode()
    form = client.get(_page("relative_edit", relative)).content.decode()
    assert "Nguyễn Văn Cha" in form and 'name="version"' in form
    response = client.post(_page("relative_edit", relative), {
        "relation": "CHA", "full_name": "Nguyễn Văn Cả", "birth_year": 1950,
        "residence": "Hà Nội", "occupation": "Hưu trí", "version": 1,
        "change_reason": "Sửa chính tả"})
    assert response.status_code == 302
    assert Relative.objects.get(pk=relative.pk).full_name == "Nguyễn Văn Cả"
    assert _updates(case_a).get().reason == "Sửa chính tả"
    timeline = client.get(reverse("vetting:detail", kwargs={"vetting_case_id": case_a.pk}))
    assert "Sửa thân nhân" in timeline.content.decode()
    stale = client.post(_page("relative_edit", relative), {
        "relation": "CHA", "full_name": "Nguyễn Văn Khác", "version": 1})
    assert stale.status_code == 200 and "vừa được người khác cập nhật" in stale.content.decode()
    assert Relative.objects.get(pk=relative.pk).full_name == "Nguyễn Văn Cả"


def test_finding_edit_page_shows_dates_as_dd_mm_yyyy_and_refuses_bad_ones(client, world, case_a):
    finding = add_finding(world.officer_a, case_a)
    client.force_login(world.officer_a)
    assert "20/01/2026" in client.get(_page("finding_edit", finding)).content.decode()
    bad = client.post(_page("finding_edit", finding), {
        "category": finding.category_id, "summary": "Khai đúng", "recorded_on": "31/02/2026",
        "version": 1})
    assert bad.status_code == 200 and "không có thật" in bad.content.decode()
    good = client.post(_page("finding_edit", finding), {
        "category": finding.category_id, "summary": "Khai đúng, đủ", "recorded_on": "22/01/2026",
        "version": 1})
    assert good.status_code == 302
    finding.refresh_from_db()
    assert finding.summary == "Khai đúng, đủ" and finding.recorded_on == date(2026, 1, 22)


def test_edit_pages_are_scoped_and_closed_to_viewers(client, world, case_b):
    theirs = add_relative(world.officer_b, case_b)
    their_finding = add_finding(world.officer_b, case_b)
    client.force_login(world.officer_a)
    assert client.get(_page("relative_edit", theirs)).status_code == 404
    assert client.post(_page("finding_edit", their_finding), {
        "category": 1, "summary": "Sửa trộm", "recorded_on": "05/01/2026",
        "version": 1}).status_code == 404
    mine = add_relative(world.officer_a, make_case(world.officer_a, world.hn, world.person_a))
    client.force_login(world.viewer_a)
    assert client.get(_page("relative_edit", mine)).status_code == 403
    assert not Finding.objects.filter(summary="Sửa trộm").exists()


# --- explanations and complaints ---------------------------------------------------------------


def test_explanation_patch_changes_the_row_and_audits(client, world, case_a):
    explanation = ask_explanation(world.officer_a, case_a)
    url = f"{BASE}/explanations/{explanation.pk}"
    response = call(client, "PATCH", url, world.officer_a,
                    {"points": "Giải trình việc khai thiếu thời gian học tập ở nước ngoài.",
                     "summary": "Không áp dụng", "version": explanation.version,
                     "reason": "Nêu rõ nội dung"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["points"].startswith("Giải trình việc khai thiếu thời gian")
    assert body["summary"] == ""  # not received yet: there is no summary to correct
    assert body["version"] == explanation.version + 1 and body["due_on"]
    event = _updates(case_a).get()
    assert event.before["points"].startswith("Giải trình việc khai thiếu quá trình")
    assert event.reason == "Nêu rõ nội dung"
    stale = call(client, "PATCH", url, world.officer_a, {"points": "Khác", "version": 1})
    assert stale.status_code == 409
    assert Explanation.objects.get(pk=explanation.pk).points.startswith(
        "Giải trình việc khai thiếu thời gian")


def test_explanation_scope_role_and_field_errors(client, world, case_a, case_b):
    theirs = ask_explanation(world.officer_b, case_b)
    assert call(client, "PATCH", f"{BASE}/explanations/{theirs.pk}", world.officer_a,
                {"points": "Sửa trộm", "version": 1}).status_code == 404
    mine = ask_explanation(world.officer_a, case_a)
    url = f"{BASE}/explanations/{mine.pk}"
    assert call(client, "PATCH", url, world.viewer_a,
                {"points": "Sửa trộm", "version": 1}).status_code == 403
    empty = call(client, "PATCH", url, world.officer_a, {"points": "", "version": 1})
    assert empty.status_code == 400 and "points" in empty.json()["errors"]
    assert not Explanation.objects.filter(points="Sửa trộm").exists()


def test_complaint_patch_after_the_conclusion(client, world, leader_a, case_a):
    conclude(to_appraising(case_a, leader_a, world.officer_a), world.officer_a, leader_a)
    complaint = file_complaint(world.officer_a, case_a)
    url = f"{BASE}/complaints/{complaint.pk}"
    response = call(client, "PATCH", url, world.officer_a,
                    {"summary": "Không đồng ý với kết luận về quan hệ gia đình.",
                     "version": complaint.version})
    assert response.status_code == 200, response.content
    assert response.json()["summary"].endswith("quan hệ gia đình.")
    assert _updates(case_a).filter(before__has_key="complaint_id").count() == 1
    assert call(client, "PATCH", url, world.officer_a,
                {"summary": "Khác", "version": complaint.version}).status_code == 409
    empty = call(client, "PATCH", url, world.officer_a, {"summary": "", "version": 2})
    assert empty.status_code == 400 and "summary" in empty.json()["errors"]
    assert call(client, "PATCH", url, world.viewer_a,
                {"summary": "Sửa trộm", "version": 2}).status_code == 403
    assert call(client, "PATCH", url, world.officer_b,
                {"summary": "Sửa trộm", "version": 2}).status_code == 404
    assert Complaint.objects.get(pk=complaint.pk).summary.endswith("quan hệ gia đình.")


def test_explanation_and_complaint_edit_pages(client, world, leader_a, case_a):
    explanation = ask_explanation(world.officer_a, case_a)
    client.force_login(world.officer_a)
    url = reverse("vetting:explanation_edit", kwargs={"explanation_id": explanation.pk})
    detail = client.get(reverse("vetting:detail", kwargs={"vetting_case_id": case_a.pk}))
    assert url in detail.content.decode()
    assert client.post(url, {"points": "Nội dung mới", "version": 1}).status_code == 302
    assert Explanation.objects.get(pk=explanation.pk).points == "Nội dung mới"
    stale = client.post(url, {"points": "Nội dung khác", "version": 1})
    assert "vừa được người khác cập nhật" in stale.content.decode()
    conclude(to_appraising(case_a, leader_a, world.officer_a), world.officer_a, leader_a)
    complaint = file_complaint(world.officer_a, case_a)
    complaint_url = reverse("vetting:complaint_edit", kwargs={"complaint_id": complaint.pk})
    response = client.post(complaint_url, {"summary": "Khiếu nại (bản sửa)", "version": 1})
    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).summary == "Khiếu nại (bản sửa)"
    timeline = client.get(reverse("vetting:detail", kwargs={"vetting_case_id": case_a.pk}))
    assert "Sửa khiếu nại" in timeline.content.decode()
    assert client.get(url).status_code == 302  # concluded: the explanation stays as it is
    client.force_login(world.viewer_a)
    assert client.get(complaint_url).status_code == 403
