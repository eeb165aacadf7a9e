"""The trip's rules: approvals by the matrix, the two-committee rule for private trips, the
blocking guard, the post-trip report deadline over holidays, flags and differences."""

from datetime import date

import pytest

from core.errors import EditConflict, NotAllowed
from core.models import CalendarDay
from inspections.choices import InspectionType
from inspections.tests.factories import conclude as conclude_inspection
from inspections.tests.factories import make_inspection, run_to_draft
from travel import guards, services, workflow
from travel.choices import CommitteeRole, ManagementLevel, PrivateKind, Purpose, Status
from travel.models import ApprovalRule, Trip
from travel.tests.factories import approve_all, make_trip, run_trip, submit
from travel.workflow import Action, Refused
from vetting.tests.factories import add_finding, make_case

DISCIPLINED = {"violation": True, "findings": ["Chưa thực hiện kê khai"],
               "recommended_discipline": "CANH_CAO", "applied_discipline": "KHIEN_TRACH",
               "discipline_decision": "12-QĐ/UBKT", "discipline_decided_on": date(2025, 4, 10)}


def test_official_trip_of_provincial_cadre_needs_the_provincial_committee(world):
    trip = submit(world.officer_a, make_trip(world.officer_a, world.hn, [world.person_a]))
    assert trip.status == Status.SUBMITTED
    assert [(a.committee, a.committee_role) for a in trip.approvals.all()] == [
        (world.hn, CommitteeRole.MANAGING)]


def test_private_trip_needs_both_managing_and_active_committee(world, leader_a):
    trip = make_trip(world.officer_a, world.hn, [world.person_a], purpose=Purpose.VIEC_RIENG,
                     private_kind=PrivateKind.DU_LICH, funding="TU_TUC")
    trip = submit(world.officer_a, trip)
    managing, active = trip.approvals.order_by("pk")
    assert (managing.committee, managing.committee_role) == (world.hn, CommitteeRole.MANAGING)
    assert (active.committee, active.committee_role) == (world.hn_ward, CommitteeRole.ACTIVE)
    trip = services.do_decide_approval(actor=leader_a, approval=managing, decision="APPROVED",
                                       decided_on=date(2026, 2, 10))
    assert trip.status == Status.SUBMITTED  # one committee is not enough
    trip = services.do_decide_approval(actor=leader_a, approval=active, decision="APPROVED",
                                       decided_on=date(2026, 2, 11))
    assert trip.status == Status.APPROVED


def test_private_trip_of_a_grassroots_member_needs_one_opinion_when_committees_coincide(world):
    trip = make_trip(world.officer_a, world.hn, [world.person_a], purpose=Purpose.VIEC_RIENG,
                     private_kind=PrivateKind.CHUA_BENH, level=ManagementLevel.DANG_VIEN)
    trip = submit(world.officer_a, trip)
    assert [a.committee for a in trip.approvals.all()] == [world.hn_ward]


def test_approval_matrix_is_data(world):
    ApprovalRule.objects.filter(management_level=ManagementLevel.TINH).update(
        approving_kind="XA_PHUONG")
    trip = submit(world.officer_a, make_trip(world.officer_a, world.hn, [world.person_a]))
    assert [a.committee for a in trip.approvals.all()] == [world.hn_ward]


def test_one_refusal_refuses_the_trip_and_needs_a_reason(world, leader_a):
    trip = make_trip(world.officer_a, world.hn, [world.person_a], purpose=Purpose.VIEC_RIENG,
                     private_kind=PrivateKind.DU_LICH)
    trip = submit(world.officer_a, trip)
    first = trip.approvals.order_by("pk").first()
    with pytest.raises(Refused):
        services.do_decide_approval(actor=leader_a, approval=first, decision="REFUSED",
                                    decided_on=date(2026, 2, 10))
    trip = services.do_decide_approval(actor=leader_a, approval=first, decision="REFUSED",
                                       decided_on=date(2026, 2, 10), reason="Chưa phù hợp.")
    assert trip.status == Status.REFUSED
    assert trip.approvals.order_by("pk").first().approver == leader_a


def test_officer_cannot_give_a_committee_opinion(world):
    trip = submit(world.officer_a, make_trip(world.officer_a, world.hn, [world.person_a]))
    with pytest.raises(NotAllowed):
        services.do_decide_approval(actor=world.officer_a, approval=trip.approvals.first(),
                                    decision="APPROVED", decided_on=date(2026, 2, 10))


def test_open_investigation_blocks_the_request_with_the_reason(world, leader_a):
    inspection = make_inspection(leader_a, world.hn, type=InspectionType.DAU_HIEU_VI_PHAM)
    run_to_draft(leader_a, inspection, people=[world.person_a])
    trip = make_trip(world.officer_a, world.hn, [world.person_a])
    with pytest.raises(Refused) as refused:
        submit(world.officer_a, trip)
    assert "dấu hiệu vi phạm" in str(refused.value.message)
    assert Trip.objects.get(pk=trip.pk).status == Status.CELL_REVIEW  # nothing saved


def test_planned_investigation_does_not_block(world, leader_a):
    inspection = make_inspection(leader_a, world.hn, type=InspectionType.DAU_HIEU_VI_PHAM)
    from inspections import services as inspection_services
    inspection_services.do_add_subject(actor=leader_a, inspection=inspection,
                                       data={"person": world.person_a})
    assert guards.blocking_reasons(world.person_a) == []


def test_discipline_on_an_inspection_not_closed_blocks(world, leader_a):
    inspection = run_to_draft(leader_a, make_inspection(leader_a, world.hn),
                              people=[world.person_a])
    member = inspection.subjects.get()
    conclude_inspection(leader_a, inspection, date(2025, 4, 1), {member: DISCIPLINED})
    reasons = guards.blocking_reasons(world.person_a)
    assert len(reasons) == 1 and "kỷ luật" in reasons[0]


def test_no_violation_does_not_block(world, leader_a):
    inspection = run_to_draft(leader_a, make_inspection(leader_a, world.hn),
                              people=[world.person_a])
    conclude_inspection(leader_a, inspection, date(2025, 4, 1),
                        {inspection.subjects.get(): {"violation": False}})
    assert guards.blocking_reasons(world.person_a) == []


def test_unconcluded_current_political_finding_blocks_the_approval(world, leader_a):
    trip = submit(world.officer_a, make_trip(world.officer_a, world.hn, [world.person_a]))
    case = make_case(world.officer_a, world.hn, world.person_a)
    add_finding(world.officer_a, case, code="CHINH_TRI_HIEN_NAY")
    with pytest.raises(Refused) as refused:
        services.do_decide_approval(actor=leader_a, approval=trip.approvals.first(),
                                    decision="APPROVED", decided_on=date(2026, 2, 10))
    assert "chính trị hiện nay" in str(refused.value.message)
    assert Trip.objects.get(pk=trip.pk).status == Status.SUBMITTED


def test_other_finding_categories_do_not_block(world):
    case = make_case(world.officer_a, world.hn, world.person_a)
    add_finding(world.officer_a, case, code="LICH_SU_CHINH_TRI")
    assert guards.blocking_reasons(world.person_a) == []


def test_report_due_counts_working_days_over_holidays(world, leader_a):
    # Returned Tuesday 28/4/2026: 30/4 and 1/5 are holidays, weekends skipped.
    for day in (date(2026, 4, 30), date(2026, 5, 1)):
        CalendarDay.objects.get_or_create(date=day, defaults={"name": "Nghỉ lễ"})
    trip = make_trip(world.officer_a, world.hn, [world.person_a], departure=date(2026, 4, 20),
                     back=date(2026, 4, 28))
    trip = run_trip(world.officer_a, leader_a, trip, departed=date(2026, 4, 20),
                    returned=date(2026, 4, 28))
    # 29/4 (1), 4/5..8/5 (2-6), 11/5 (7).
    assert trip.report_due_on == date(2026, 5, 11)
    assert not Trip.objects.overdue_report(date(2026, 5, 11)).exists()
    assert list(Trip.objects.overdue_report(date(2026, 5, 12))) == [trip]
    assert "Quá hạn nộp báo cáo" in trip.flags(date(2026, 5, 12))


def test_report_days_are_data(world, leader_a):
    from travel.models import TravelRule
    TravelRule.objects.update(report_days=3)
    trip = run_trip(world.officer_a, leader_a,
                    make_trip(world.officer_a, world.hn, [world.person_a]),
                    returned=date(2026, 3, 9))
    assert trip.report_due_on == date(2026, 3, 12)


def test_overdue_return_and_passport_flags(world, leader_a):
    trip = approve_all(leader_a, submit(world.officer_a, make_trip(
        world.officer_a, world.hn, [world.person_a])))
    trip = services.do_transition_trip(actor=world.officer_a, trip=trip, action=Action.DEPART,
                                       on=date(2026, 3, 2))
    assert list(Trip.objects.overdue_return(date(2026, 3, 10))) == [trip]
    assert trip.flags(date(2026, 3, 10)) == ["Quá hạn về nước"]
    trip = services.do_transition_trip(actor=world.officer_a, trip=trip, action=Action.RETURN,
                                       on=date(2026, 3, 11))
    assert list(Trip.objects.passport_not_returned()) == [trip]
    trip = services.do_record_passport(actor=world.officer_a, trip=trip, on=date(2026, 3, 12))
    assert not Trip.objects.passport_not_returned().exists()


def test_full_trip_to_closed_with_differences(world, leader_a):
    trip = make_trip(world.officer_a, world.hn, [world.person_a, world.person_a_secret],
                     countries=["LA", "KH"])
    trip = run_trip(world.officer_a, leader_a, trip, departed=date(2026, 3, 3),
                    returned=date(2026, 3, 10), countries=["LA", "TH"])
    assert services.differences(trip) == {"not_visited": ["KH"], "added": ["TH"],
                                          "departure_days": 1, "return_days": 1}
    act = services.do_transition_trip
    trip = act(actor=world.officer_a, trip=trip, action=Action.REQUEST_REPORT,
               on=date(2026, 3, 11))
    trip = act(actor=world.officer_a, trip=trip, action=Action.REPORT, on=date(2026, 3, 13),
               text="Đoàn làm việc đúng chương trình.")
    with pytest.raises(workflow.RoleRefused):
        act(actor=world.officer_a, trip=trip, action=Action.REVIEW, on=date(2026, 3, 16))
    trip = act(actor=leader_a, trip=trip, action=Action.REVIEW, on=date(2026, 3, 16),
               text="Đạt yêu cầu.")
    trip = act(actor=world.officer_a, trip=trip, action=Action.CLOSE, on=date(2026, 3, 17))
    assert trip.status == Status.CLOSED
    assert trip.reported_on == date(2026, 3, 13) and trip.review_note == "Đạt yêu cầu."


def test_cannot_depart_before_approval(world):
    trip = submit(world.officer_a, make_trip(world.officer_a, world.hn, [world.person_a]))
    with pytest.raises(workflow.IllegalTransition):
        services.do_transition_trip(actor=world.officer_a, trip=trip, action=Action.DEPART)


def test_cancel_needs_a_reason(world):
    trip = make_trip(world.officer_a, world.hn, [world.person_a])
    with pytest.raises(Refused):
        services.do_transition_trip(actor=world.officer_a, trip=trip, action=Action.CANCEL)
    trip = services.do_transition_trip(actor=world.officer_a, trip=trip, action=Action.CANCEL,
                                       reason="Đối tác hoãn.")
    assert trip.status == Status.CANCELLED


def test_second_editor_gets_a_conflict(world):
    trip = make_trip(world.officer_a, world.hn, [world.person_a])
    services.do_transition_trip(actor=world.officer_a, trip=trip, action=Action.SEND_TO_CELL,
                                expected_version=trip.version)
    with pytest.raises(EditConflict):
        services.do_transition_trip(actor=world.officer_a, trip=trip, action=Action.CANCEL,
                                    reason="Hủy.", expected_version=trip.version)


def test_family_visit_needs_the_relatives_commitment(world):
    with pytest.raises(Refused):
        make_trip(world.officer_a, world.hn, [world.person_a], purpose=Purpose.VIEC_RIENG,
                  private_kind=PrivateKind.THAM_THAN)
    trip = make_trip(world.officer_a, world.hn, [world.person_a], purpose=Purpose.VIEC_RIENG,
                     private_kind=PrivateKind.THAM_THAN,
                     relatives_commitment="Cam kết chấp hành quy định khi thăm con tại Nhật Bản.")
    assert trip.pk


def test_return_before_departure_is_refused(world):
    with pytest.raises(Refused):
        make_trip(world.officer_a, world.hn, [world.person_a], departure=date(2026, 3, 9),
                  back=date(2026, 3, 2))


def test_officer_cannot_send_a_person_of_another_province(world):
    with pytest.raises(NotAllowed):
        make_trip(world.officer_a, world.hn, [world.person_b])


def test_viewer_cannot_request_a_trip(world):
    with pytest.raises(NotAllowed):
        make_trip(world.viewer_a, world.hn, [world.person_a])


def test_only_services_move_a_submitted_trip():
    assert workflow.available_actions(Status.SUBMITTED, "OFFICER") == [Action.CANCEL]
    with pytest.raises(workflow.RoleRefused):
        workflow.target_of(Status.SUBMITTED, Action.APPROVE, "ADMIN")
