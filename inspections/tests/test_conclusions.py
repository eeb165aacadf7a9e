"""Per-subject conclusions, discipline, appeals (30 days by default, data), remediation with
owners and deadlines, the overdue list, and follow-up inspections checking remediation."""

from datetime import date

import pytest
from django.db import IntegrityError

from core.errors import NotAllowed
from inspections import services
from inspections.choices import AppealResult, Status
from inspections.forms import AppealForm, ConclusionForm, RemediationDoneForm
from inspections.models import AppealRule, Conclusion, Finding, RemediationItem
from inspections.services import WorkflowError
from inspections.tests.factories import conclude, make_inspection, run_to_draft, step

DISCIPLINED = {"violation": True, "findings": ["Chưa thực hiện kê khai", "Lưu hồ sơ thiếu"],
               "recommended_discipline": "CANH_CAO", "applied_discipline": "KHIEN_TRACH",
               "discipline_decision": "12-QĐ/UBKT", "discipline_decided_on": date(2025, 4, 10)}


@pytest.fixture
def concluded(world, leader_a):
    """A concluded inspection of a ward (no violation) and a member (disciplined)."""
    inspection = run_to_draft(leader_a, make_inspection(leader_a, world.hn),
                              units=[world.hn_ward], people=[world.person_a])
    ward, member = inspection.subjects.order_by("pk")
    conclude(leader_a, inspection, date(2025, 4, 1), {ward: {"violation": False},
                                                      member: DISCIPLINED})
    return inspection


def test_conclusion_is_recorded_per_subject(concluded):
    ward, member = concluded.subjects.order_by("pk")
    assert ward.conclusion.violation is False and ward.conclusion.applied_discipline == ""
    assert member.conclusion.violation is True
    assert member.conclusion.recommended_discipline == "CANH_CAO"
    assert member.conclusion.applied_discipline == "KHIEN_TRACH"
    assert concluded.status == Status.CONCLUDED and concluded.concluded_on == date(2025, 4, 1)


def test_findings_stay_linked_to_the_inspection_that_found_them(concluded):
    member = concluded.subjects.order_by("pk").last()
    texts = list(Finding.objects.filter(inspection=concluded, subject=member)
                 .values_list("text", flat=True))
    assert texts == ["Chưa thực hiện kê khai", "Lưu hồ sơ thiếu"]


def test_no_conclusion_before_the_draft_report(world, leader_a):
    inspection = make_inspection(leader_a, world.hn)
    subject = services.do_add_subject(actor=leader_a, inspection=inspection,
                                      data={"org_unit": world.hn_ward})
    with pytest.raises(WorkflowError):
        services.do_record_conclusion(actor=leader_a, subject=subject, data={"violation": True})


def test_discipline_without_violation_is_refused_by_form_and_database(concluded):
    form = ConclusionForm({"violation": "0", "recommended_discipline": "KHIEN_TRACH"})
    assert not form.is_valid()
    assert "Không vi phạm" in form.errors["recommended_discipline"][0]
    ward = concluded.subjects.order_by("pk").first()
    with pytest.raises(IntegrityError):
        Conclusion.objects.filter(pk=ward.conclusion.pk).update(applied_discipline="KHAI_TRU")


def test_applied_discipline_needs_its_decision(db):
    form = ConclusionForm({"violation": "1", "applied_discipline": "CANH_CAO"})
    assert not form.is_valid()
    assert "quyết định kỷ luật" in form.errors["discipline_decision"][0]


def _member_conclusion(inspection):
    return inspection.subjects.order_by("pk").last().conclusion


def test_appeal_within_30_days_is_tracked_to_its_result(concluded, leader_a):
    conclusion = _member_conclusion(concluded)
    assert services.appeal_deadline(conclusion) == date(2025, 5, 10)
    appeal = services.do_file_appeal(actor=leader_a, conclusion=conclusion, data={
        "filed_on": date(2025, 5, 10), "content": "Đề nghị xem xét lại"})
    assert appeal.result == AppealResult.PENDING and appeal.deadline == date(2025, 5, 10)
    services.do_decide_appeal(actor=leader_a, appeal=appeal, data={
        "result": AppealResult.CHANGED, "new_discipline": "CANH_CAO",
        "decided_on": date(2025, 6, 1)})
    conclusion.refresh_from_db()
    assert appeal.result == AppealResult.CHANGED
    assert conclusion.applied_discipline == "CANH_CAO"


def test_appeal_after_the_period_is_refused(concluded, leader_a):
    conclusion = _member_conclusion(concluded)
    with pytest.raises(WorkflowError, match="Quá thời hạn khiếu nại"):
        services.do_file_appeal(actor=leader_a, conclusion=conclusion, data={
            "filed_on": date(2025, 5, 11), "content": "Muộn"})
    assert not conclusion.appeals.exists()


def test_appeal_period_is_data(concluded, leader_a):
    AppealRule.objects.create(days=15, valid_from=date(2025, 4, 1))
    conclusion = _member_conclusion(concluded)
    assert services.appeal_deadline(conclusion) == date(2025, 4, 25)


def test_appeal_before_the_discipline_or_without_one_is_a_form_error(concluded):
    member = _member_conclusion(concluded)
    form = AppealForm({"filed_on": "01/04/2025", "content": "Sớm"}, conclusion=member)
    assert not form.is_valid() and "trước ngày quyết định" in form.errors["filed_on"][0]
    ward = concluded.subjects.order_by("pk").first().conclusion
    form = AppealForm({"filed_on": "15/04/2025", "content": "Không có kỷ luật"}, conclusion=ward)
    assert not form.is_valid() and "chưa bị kỷ luật" in str(form.errors)


def test_only_leaders_decide_an_appeal(concluded, leader_a, world):
    appeal = services.do_file_appeal(actor=leader_a, conclusion=_member_conclusion(concluded),
                                     data={"filed_on": date(2025, 4, 20), "content": "Xem lại"})
    with pytest.raises(NotAllowed):
        services.do_decide_appeal(actor=world.officer_a, appeal=appeal, data={
            "result": AppealResult.UPHELD, "decided_on": date(2025, 5, 1)})


def _item(actor, inspection, deadline, **extra):
    return services.do_add_remediation(actor=actor, inspection=inspection, data={
        "content": "Bổ sung quy chế bảo vệ bí mật", "owner_text": "Đảng ủy phường",
        "deadline": deadline, **extra})


def test_overdue_remediation_shows_in_the_list(concluded, leader_a, client):
    late = _item(leader_a, concluded, date(2025, 5, 1))
    _item(leader_a, concluded, date(2099, 1, 1))
    assert list(RemediationItem.objects.overdue(date(2025, 5, 2))) == [late]
    client.force_login(leader_a)
    page = client.get("/kiem-tra/khac-phuc-qua-han/").content.decode()
    assert "01/05/2025" in page and "01/01/2099" not in page


def test_closing_needs_every_remediation_item_done(concluded, leader_a):
    item = _item(leader_a, concluded, date(2025, 6, 1))
    step(leader_a, concluded, Status.REMEDIATION, date(2025, 4, 2))
    with pytest.raises(WorkflowError, match="chưa hoàn thành"):
        step(leader_a, concluded, Status.CLOSED, date(2025, 6, 2))
    services.do_complete_remediation(actor=leader_a, item=item, expected_version=item.version,
                                     data={"done_on": date(2025, 5, 20)})
    step(leader_a, concluded, Status.CLOSED, date(2025, 6, 2))
    assert concluded.status == Status.CLOSED


def test_a_follow_up_inspection_checks_the_remediation(concluded, leader_a, world):
    item = _item(leader_a, concluded, date(2025, 6, 1))
    follow_up = make_inspection(leader_a, world.hn, programme=concluded.programme,
                                follow_up_of=concluded, title="Kiểm tra việc khắc phục")
    form = RemediationDoneForm({"done_on": "20/05/2025", "checked_by": follow_up.pk,
                                "version": item.version}, user=leader_a, item=item)
    assert form.is_valid(), form.errors
    services.do_complete_remediation(actor=leader_a, item=item, data=form.cleaned_data,
                                     expected_version=item.version)
    assert item.checked_by == follow_up
    assert list(concluded.follow_ups.all()) == [follow_up]


def test_an_unrelated_inspection_cannot_be_named_as_checker(concluded, leader_a, world):
    item = _item(leader_a, concluded, date(2025, 6, 1))
    other = make_inspection(leader_a, world.hn, title="Cuộc khác")
    form = RemediationDoneForm({"done_on": "20/05/2025", "checked_by": other.pk,
                                "version": item.version}, user=leader_a, item=item)
    assert not form.is_valid() and "checked_by" in form.errors


def test_expulsion_applies_to_members_not_to_units(world, leader_a):
    inspection = run_to_draft(leader_a, make_inspection(leader_a, world.hn),
                              units=[world.hn_ward])
    with pytest.raises(WorkflowError, match="chỉ áp dụng với đảng viên"):
        services.do_record_conclusion(actor=leader_a, subject=inspection.subjects.get(), data={
            "violation": True, "recommended_discipline": "KHAI_TRU"})


def test_a_done_item_is_not_marked_done_twice(concluded, leader_a):
    item = _item(leader_a, concluded, date(2025, 6, 1))
    services.do_complete_remediation(actor=leader_a, item=item, expected_version=item.version,
                                     data={"done_on": date(2025, 5, 20)})
    with pytest.raises(WorkflowError, match="đã được ghi hoàn thành"):
        services.do_complete_remediation(actor=leader_a, item=item,
                                         expected_version=item.version,
                                         data={"done_on": date(2025, 5, 30)})
    item.refresh_from_db()
    assert item.done_on == date(2025, 5, 20)
