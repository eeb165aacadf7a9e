"""Admission rules: papers' validity, the expired-paper guard, the 60/+30 working-day clock over
Tết, the ceremony limit, probation end, party status updates, illegal moves, edit conflict."""

from datetime import date

import pytest

from admission.choices import Status
from admission.models import AdmissionRule, add_months
from admission.services import do_add_document, do_transition_dossier, do_update_dossier
from admission.tests.factories import expired_course, kind, make_candidate, make_dossier
from admission.workflow import Action, IllegalTransition, Refused, RoleRefused
from core.errors import EditConflict, NotAllowed
from people.choices import PartyStatus


@pytest.fixture
def candidate(world):
    return make_candidate(world.admin, world.hn_cell)


def test_paper_expiry_follows_its_kind_validity(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, papers_issued=None)
    course = do_add_document(actor=world.officer_a, dossier=dossier, data={
        "kind": kind("GIAY_CHUNG_NHAN_LOP_BOI_DUONG"), "issued_on": date(2021, 2, 28)})
    form = do_add_document(actor=world.officer_a, dossier=dossier, data={
        "kind": kind("DON_XIN_VAO_DANG"), "issued_on": date(2024, 2, 29)})
    assert course.expires_on == date(2026, 2, 28)
    assert form.expires_on == date(2025, 2, 28)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_cell_cannot_resolve_while_the_course_certificate_has_expired(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=2)
    expired_course(world.officer_a, dossier)
    with pytest.raises(Refused) as refused:
        do_transition_dossier(actor=world.officer_a, dossier=dossier, action=Action.CELL_RESOLVE,
                              on=date(2026, 1, 30))
    assert str(refused.value.message) == (
        "Giấy chứng nhận lớp bồi dưỡng đã hết hạn ngày 01/12/2025: cần bổ sung trước khi "
        "chi bộ xét.")
    dossier.refresh_from_db()
    assert dossier.status == Status.RESULTS_IN and dossier.cell_resolved_on is None


def test_a_renewed_paper_lets_the_cell_resolve(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=2,
                           papers_issued=date(2024, 12, 1))
    with pytest.raises(Refused):
        do_transition_dossier(actor=world.officer_a, dossier=dossier, action=Action.CELL_RESOLVE,
                              on=date(2026, 1, 30))
    for code in ("DON_XIN_VAO_DANG", "LY_LICH", "GIOI_THIEU_DANG_VIEN", "NHAN_XET_DOAN_THE",
                 "TONG_HOP_Y_KIEN_NOI_CU_TRU"):
        dossier.documents.filter(kind__code=code).delete()
        do_add_document(actor=world.officer_a, dossier=dossier,
                        data={"kind": kind(code), "issued_on": date(2025, 12, 1)})
    dossier = do_transition_dossier(actor=world.officer_a, dossier=dossier,
                                    action=Action.CELL_RESOLVE, on=date(2026, 1, 30))
    assert dossier.status == Status.CELL_RESOLVED


def test_a_newer_paper_of_the_same_kind_replaces_the_expired_one(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=2)
    do_add_document(actor=world.officer_a, dossier=dossier, data={
        "kind": kind("GIAY_CHUNG_NHAN_LOP_BOI_DUONG"), "issued_on": date(2019, 6, 1)})
    dossier = do_transition_dossier(actor=world.officer_a, dossier=dossier,
                                    action=Action.CELL_RESOLVE, on=date(2026, 1, 30))
    assert dossier.status == Status.CELL_RESOLVED


def test_cell_cannot_resolve_while_a_required_paper_is_missing(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=2)
    dossier.documents.filter(kind__code="LY_LICH").delete()
    with pytest.raises(Refused) as refused:
        do_transition_dossier(actor=world.officer_a, dossier=dossier, action=Action.CELL_RESOLVE,
                              on=date(2026, 1, 30))
    assert "Hồ sơ còn thiếu: Lý lịch của người xin vào Đảng (mẫu 2-KNĐ)" in str(
        refused.value.message)


def test_paper_valid_the_day_before_it_expires(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=2,
                           papers_issued=date(2025, 1, 31))
    dossier = do_transition_dossier(actor=world.officer_a, dossier=dossier,
                                    action=Action.CELL_RESOLVE, on=date(2026, 1, 30))
    assert dossier.status == Status.CELL_RESOLVED


def test_decision_clock_is_60_working_days_over_tet_and_may_holidays(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=3)
    # 30/01/2026 + 60 working days, skipping Tết (16–20/02), 27/04, 30/04 and 01/05.
    assert dossier.cell_resolved_on == date(2026, 1, 30)
    assert dossier.decision_due_on == date(2026, 5, 6)


def test_special_case_adds_30_working_days(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=3, special_case=True)
    assert dossier.decision_due_on == date(2026, 6, 17)


def test_decision_after_the_clock_is_refused(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=3)
    with pytest.raises(Refused) as refused:
        do_transition_dossier(actor=world.officer_a, dossier=dossier, action=Action.DECIDE,
                              on=date(2026, 5, 7))
    assert "06/05/2026" in str(refused.value.message)
    ok = do_transition_dossier(actor=world.officer_a, dossier=dossier, action=Action.DECIDE,
                               on=date(2026, 5, 6), number="123-QĐ/ĐU")
    assert ok.status == Status.DECIDED and ok.decision_number == "123-QĐ/ĐU"


def test_marking_special_case_after_resolution_extends_the_clock(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=3)
    dossier = do_update_dossier(actor=world.officer_a, dossier=dossier, expected_version=dossier.version,
                                data={"special_case": True, "special_case_reason": "Vùng sâu"})
    assert dossier.decision_due_on == date(2026, 6, 17)


def test_ceremony_within_30_working_days_of_the_decision(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=4)
    assert dossier.ceremony_due_on == date(2026, 4, 13)
    with pytest.raises(Refused):
        do_transition_dossier(actor=world.officer_a, dossier=dossier, action=Action.ADMIT,
                              on=date(2026, 4, 14))
    dossier = do_transition_dossier(actor=world.officer_a, dossier=dossier, action=Action.ADMIT,
                                    on=date(2026, 4, 13))
    assert dossier.status == Status.ADMITTED


def test_ceremony_makes_the_person_a_probationary_member(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=5)
    candidate.refresh_from_db()
    assert candidate.party_status == PartyStatus.DU_BI
    assert candidate.party_admitted_on == date(2026, 3, 20)
    assert dossier.probation_ends_on == date(2027, 3, 20)


def test_full_membership_not_before_probation_ends(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=6)
    with pytest.raises(Refused) as refused:
        do_transition_dossier(actor=world.officer_a, dossier=dossier, action=Action.CONFIRM,
                              on=date(2027, 3, 19))
    assert "20/03/2027" in str(refused.value.message)
    dossier = do_transition_dossier(actor=world.officer_a, dossier=dossier, action=Action.CONFIRM,
                                    on=date(2027, 3, 22))
    candidate.refresh_from_db()
    assert dossier.status == Status.FULL_MEMBER
    assert candidate.party_status == PartyStatus.CHINH_THUC
    assert candidate.party_official_on == date(2027, 3, 20)


def test_probation_length_is_data(world, candidate):
    AdmissionRule.objects.update(probation_months=18)
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=5)
    assert dossier.probation_ends_on == date(2027, 9, 20)


def test_clock_rule_in_force_on_the_resolution_date_applies(world, candidate):
    AdmissionRule.objects.update(valid_to=date(2025, 12, 31))
    AdmissionRule.objects.create(decision_days=10, special_extra_days=5, ceremony_days=5,
                                 probation_months=12, valid_from=date(2026, 1, 1))
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=3)
    assert dossier.decision_due_on == date(2026, 2, 13)


def test_steps_cannot_be_skipped(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    with pytest.raises(IllegalTransition):
        do_transition_dossier(actor=world.officer_a, dossier=dossier, action=Action.DECIDE,
                              on=date(2026, 1, 5))


def test_only_leaders_withdraw_a_dossier_and_with_a_reason(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=1)
    with pytest.raises(RoleRefused):
        do_transition_dossier(actor=world.officer_a, dossier=dossier, action=Action.WITHDRAW,
                              on=date(2026, 3, 2), reason="Chuyển công tác")
    with pytest.raises(ValueError):
        do_transition_dossier(actor=world.admin, dossier=dossier, action=Action.WITHDRAW,
                              on=date(2026, 3, 2), reason=" ")
    dossier = do_transition_dossier(actor=world.admin, dossier=dossier, action=Action.WITHDRAW,
                                    on=date(2026, 3, 2), reason="Chuyển công tác")
    assert dossier.status == Status.WITHDRAWN


def test_viewer_cannot_move_a_dossier(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    with pytest.raises(NotAllowed):
        do_transition_dossier(actor=world.viewer_a, dossier=dossier,
                              action=Action.SEND_VERIFICATION, on=date(2025, 10, 1))


def test_a_date_before_the_previous_step_is_refused(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=1)
    with pytest.raises(Refused):
        do_transition_dossier(actor=world.officer_a, dossier=dossier,
                              action=Action.RECORD_RESULTS, on=date(2025, 9, 1))


def test_second_editor_gets_a_conflict(world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    stale = dossier.version
    do_update_dossier(actor=world.officer_a, dossier=dossier, expected_version=stale,
                      data={"special_case": True, "special_case_reason": "A"})
    with pytest.raises(EditConflict):
        do_update_dossier(actor=world.officer_a, dossier=dossier, expected_version=stale,
                          data={"special_case": False, "special_case_reason": ""})
    dossier.refresh_from_db()
    assert dossier.special_case_reason == "A"
