"""Rules of the vetting procedure, enforced by the services (pages and API call them)."""

from datetime import date

import pytest

from accounts.tests.factories import make_user
from audit.models import AuditEvent
from core.errors import EditConflict, NotAllowed
from people.services import do_update_person
from vetting import workflow
from vetting.choices import Outcome, Status
from vetting.services import (
    RuleBroken,
    do_approve_conclusion,
    do_decide_conclusion,
    do_file_complaint,
    do_mark_rechecks,
    do_note_no_explanation,
    do_propose_conclusion,
    do_record_explanation,
    do_request_explanation,
    do_settle_complaint,
    do_transition_case,
    do_update_case,
)
from vetting.tests.factories import add_finding, add_relative, conclude, make_case, to_appraising

A = workflow.Action
ADVERSE = {"outcome": Outcome.KHONG_DU_TIEU_CHUAN, "reasons": "Khai không đúng lý lịch."}


# --- deadlines -----------------------------------------------------------------------------------


def test_case_deadline_counts_working_days_and_skips_tet(world):
    # BO_NHIEM: 30 working days from Monday 26/01/2026; Tết 16–20/02/2026 is not counted
    # (without it the deadline would be 09/03).
    case = make_case(world.officer_a, world.hn, world.person_a, submit_on=date(2026, 1, 26))
    assert case.opened_on == date(2026, 1, 26)
    assert case.due_on == date(2026, 3, 16)


def test_pause_over_tet_stops_the_clock_and_resume_extends_the_deadline(world, leader_a):
    case = make_case(world.officer_a, world.hn, world.person_a, submit_on=date(2026, 1, 26))
    case = do_transition_case(actor=leader_a, case=case, action=A.SUSPEND,
                              reason="Chờ bổ sung bản tự khai", on=date(2026, 2, 13))
    assert case.status == Status.SUSPENDED
    case = do_transition_case(actor=leader_a, case=case, action=A.RESUME,
                              reason="Đã nhận bản tự khai", on=date(2026, 3, 2))
    # Paused Fri 13/02 up to Mon 02/03: 13/02 and 23–27/02 are 6 working days (Tết is not).
    assert case.status == Status.REQUESTED
    assert case.paused_days == 6
    assert case.due_on == date(2026, 3, 24)  # 16/03 + 6 working days
    pause = case.pauses.get()
    assert (pause.started_on, pause.ended_on, pause.working_days) == \
        (date(2026, 2, 13), date(2026, 3, 2), 6)


def test_suspend_needs_a_reason(world, leader_a):
    case = make_case(world.officer_a, world.hn, world.person_a, submit_on=date(2026, 1, 5))
    with pytest.raises(RuleBroken):
        do_transition_case(actor=leader_a, case=case, action=A.SUSPEND, reason=" ")


def test_suspended_case_is_not_overdue(world, leader_a):
    case = make_case(world.officer_a, world.hn, world.person_a, submit_on=date(2026, 1, 5))
    do_transition_case(actor=leader_a, case=case, action=A.SUSPEND, reason="Chờ",
                       on=date(2026, 1, 6))
    case.refresh_from_db()
    assert not case.is_overdue(date(2026, 6, 1))
    assert case.__class__.objects.overdue(date(2026, 6, 1)).count() == 0


# --- workflow on the server ----------------------------------------------------------------------


def test_a_move_not_in_the_table_is_refused_and_nothing_changes(world, case_a):
    with pytest.raises(workflow.IllegalTransition):
        do_transition_case(actor=world.officer_a, case=case_a, action=A.APPRAISE)
    case_a.refresh_from_db()
    assert case_a.status == Status.DRAFT


def test_each_move_is_on_the_timeline_with_who_and_why(world, leader_a):
    case = make_case(world.officer_a, world.hn, world.person_a, submit_on=date(2026, 1, 5))
    do_transition_case(actor=leader_a, case=case, action=A.RETURN, reason="Thiếu bản tự khai")
    event = AuditEvent.objects.filter(target_type="vetting.vettingcase",
                                      target_id=str(case.pk), action="TRANSITION").order_by("id").last()
    assert event.actor == leader_a and event.reason == "Thiếu bản tự khai"
    assert event.after["status"] == Status.RETURNED_INCOMPLETE


def test_second_editor_gets_a_conflict_and_nothing_is_overwritten(world, case_a):
    data = {"position": "Trưởng ban"}
    do_update_case(actor=world.officer_a, case=case_a, data=data, expected_version=1)
    with pytest.raises(EditConflict):
        do_update_case(actor=world.officer_a, case=case_a, data={"position": "Phó ban"},
                       expected_version=1)
    case_a.refresh_from_db()
    assert case_a.position == "Trưởng ban"


# --- self-dealing --------------------------------------------------------------------------------


def test_nobody_acts_on_a_case_about_themselves(world, case_a):
    world.officer_a.person = world.person_a
    world.officer_a.save()
    with pytest.raises(NotAllowed):
        do_transition_case(actor=world.officer_a, case=case_a, action=A.SUBMIT)


def test_nobody_acts_on_a_case_about_a_declared_relative(world, case_a, leader_a):
    do_update_person(actor=world.admin, person=world.person_a_secret,
                     data={"cccd": "001085012345"}, expected_version=1)
    add_relative(world.officer_a, case_a, cccd="001085012345")
    leader_a.person = world.person_a_secret
    leader_a.save()
    do_transition_case(actor=world.officer_a, case=case_a, action=A.SUBMIT)
    with pytest.raises(NotAllowed):
        do_transition_case(actor=leader_a, case=case_a, action=A.RETURN, reason="Thiếu")


# --- explanation, approvals, conclusion ----------------------------------------------------------


def test_adverse_outcome_needs_the_explanation_first(world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    with pytest.raises(RuleBroken):
        do_propose_conclusion(actor=world.officer_a, case=case, data=dict(ADVERSE))
    explanation = do_request_explanation(actor=world.officer_a, case=case, data={
        "points": "Giải trình việc khai lý lịch", "requested_on": date(2026, 2, 2)})
    with pytest.raises(RuleBroken):  # asked, not yet answered
        do_propose_conclusion(actor=world.officer_a, case=case, data=dict(ADVERSE))
    do_record_explanation(actor=world.officer_a, explanation=explanation,
                          data={"received_on": date(2026, 2, 5), "summary": "Khai sót"})
    conclusion = do_propose_conclusion(actor=world.officer_a, case=case, data=dict(ADVERSE))
    assert conclusion.is_adverse


def test_no_explanation_is_noted_only_after_its_deadline(world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    explanation = do_request_explanation(actor=world.officer_a, case=case, data={
        "points": "Giải trình", "requested_on": date(2026, 2, 2)})
    assert explanation.due_on == date(2026, 2, 23)  # 10 working days, Tết skipped
    with pytest.raises(RuleBroken):
        do_note_no_explanation(actor=world.officer_a, explanation=explanation,
                               on=date(2026, 2, 23))
    do_note_no_explanation(actor=world.officer_a, explanation=explanation,
                           on=date(2026, 2, 24))
    assert do_propose_conclusion(actor=world.officer_a, case=case, data=dict(ADVERSE)).pk


def _adverse_proposed(world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    explanation = do_request_explanation(actor=world.officer_a, case=case, data={
        "points": "Giải trình", "requested_on": date(2026, 2, 2)})
    do_record_explanation(actor=world.officer_a, explanation=explanation,
                          data={"received_on": date(2026, 2, 5), "summary": "Khai sót"})
    do_propose_conclusion(actor=world.officer_a, case=case, data=dict(ADVERSE))
    return case


def test_adverse_outcome_needs_a_second_different_approver(world, leader_a, leader_a2, case_a):
    case = _adverse_proposed(world, leader_a, case_a)
    with pytest.raises(RuleBroken):  # nobody approved yet
        do_decide_conclusion(actor=leader_a, case=case, data={"decided_on": date(2026, 2, 10)})
    do_approve_conclusion(actor=leader_a, case=case)
    with pytest.raises(RuleBroken):  # the approver cannot also decide
        do_decide_conclusion(actor=leader_a, case=case, data={"decided_on": date(2026, 2, 10)})
    conclusion = do_decide_conclusion(actor=leader_a2, case=case,
                                      data={"decided_on": date(2026, 2, 10)})
    assert (conclusion.second_approver, conclusion.decider) == (leader_a, leader_a2)
    case.refresh_from_db()
    assert case.status == Status.CONCLUDED


def test_the_proposer_cannot_be_the_second_approver(world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, leader_a)
    explanation = do_request_explanation(actor=leader_a, case=case, data={
        "points": "Giải trình", "requested_on": date(2026, 2, 2)})
    do_record_explanation(actor=leader_a, explanation=explanation,
                          data={"received_on": date(2026, 2, 5), "summary": "Khai sót"})
    do_propose_conclusion(actor=leader_a, case=case, data=dict(ADVERSE))
    with pytest.raises(RuleBroken):
        do_approve_conclusion(actor=leader_a, case=case)


def test_only_a_user_of_the_competent_body_concludes(world, leader_a):
    # Handled by the ward, concluded by the city: the ward's leader sees it but cannot decide.
    ward_leader = make_user("ward_leader", world.hn_ward, "LEADER")
    case = make_case(world.officer_a, world.hn_ward, world.person_a, competent_body=world.hn)
    case = to_appraising(case, leader_a, world.officer_a)
    do_propose_conclusion(actor=world.officer_a, case=case,
                          data={"outcome": Outcome.DU_TIEU_CHUAN, "reasons": "Đủ"})
    with pytest.raises(RuleBroken):
        do_decide_conclusion(actor=ward_leader, case=case, data={"decided_on": date(2026, 2, 2)})


def test_limited_outcome_needs_its_ceiling(world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    with pytest.raises(RuleBroken):
        do_propose_conclusion(actor=world.officer_a, case=case,
                              data={"outcome": Outcome.DU_CO_GIOI_HAN, "reasons": "Có yếu tố"})


def test_recheck_date_defaults_to_six_months_and_the_daily_job_marks_it(world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    conclusion = conclude(case, world.officer_a, leader_a)
    assert conclusion.recheck_on == date(2026, 8, 2)
    assert do_mark_rechecks(on=date(2026, 8, 1)) == 0
    assert do_mark_rechecks(on=date(2026, 8, 2)) == 1
    assert do_mark_rechecks(on=date(2026, 8, 3)) == 0  # once
    case.refresh_from_db()
    assert case.status == Status.NEEDS_RECHECK


def test_complaint_is_tracked_with_deadline_and_result(world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    conclude(case, world.officer_a, leader_a)
    with pytest.raises(RuleBroken):  # before the conclusion
        do_file_complaint(actor=world.officer_a, case=case,
                          data={"filed_on": date(2026, 1, 30), "summary": "Không đồng ý"})
    complaint = do_file_complaint(actor=world.officer_a, case=case,
                                  data={"filed_on": date(2026, 2, 3), "summary": "Không đồng ý"})
    assert complaint.due_on == date(2026, 3, 24)  # 30 working days, Tết skipped
    assert complaint.is_overdue(date(2026, 3, 25))
    do_settle_complaint(actor=leader_a, complaint=complaint, data={
        "result": "GIU_NGUYEN", "result_on": date(2026, 3, 10), "result_summary": "Đúng"})
    complaint.refresh_from_db()
    assert complaint.result == "GIU_NGUYEN" and not complaint.is_overdue(date(2026, 4, 1))


def test_finding_about_a_relative_of_another_case_is_refused(world, case_a):
    other = make_case(world.officer_a, world.hn, world.person_a_secret)
    relative = add_relative(world.officer_a, other)
    with pytest.raises(NotAllowed):
        add_finding(world.officer_a, case_a, relative=relative)


def test_relative_cccd_is_stored_encrypted_with_a_blind_index(world, case_a):
    relative = add_relative(world.officer_a, case_a, cccd="001085012345")
    assert "001085012345" not in relative.cccd_encrypted
    assert relative.cccd == "001085012345" and relative.cccd_index


def test_viewer_cannot_write(world, case_a):
    with pytest.raises(NotAllowed):
        do_transition_case(actor=world.viewer_a, case=case_a, action=A.SUBMIT)


def test_a_relative_of_the_subject_cannot_be_assigned(world, leader_a, case_a):
    do_update_person(actor=world.admin, person=world.person_a_secret,
                     data={"cccd": "001085012345"}, expected_version=1)
    add_relative(world.officer_a, case_a, cccd="001085012345")
    world.officer_a.person = world.person_a_secret
    world.officer_a.save()
    case = do_transition_case(actor=leader_a, case=case_a, action=A.SUBMIT)
    from vetting.services import do_assign_case

    with pytest.raises(RuleBroken):
        do_assign_case(actor=leader_a, case=case, officer=world.officer_a, team=[],
                       expected_version=case.version)


def test_evidence_documents_are_linked_to_the_finding(world, case_a):
    from documents.services import documents_of
    from documents.tests.factories import make_document
    from vetting.models import FindingCategory
    from vetting.services import do_add_finding

    document = make_document(world.officer_a, world.hn)
    finding = do_add_finding(actor=world.officer_a, case=case_a, data={
        "category": FindingCategory.objects.get(code="KHAI_LY_LICH"), "summary": "Khai đúng",
        "recorded_on": date(2026, 1, 5), "evidence": [document]})
    assert list(documents_of(world.officer_a, finding)) == [document]
    assert list(documents_of(world.officer_b, finding)) == []
