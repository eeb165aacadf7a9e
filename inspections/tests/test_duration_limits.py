"""Duration limits by level (60 / 45 / 20 days, data), one extension of at most 1/3, the
overdue flag, and the look-back period (≤ 5 years)."""

from datetime import date

import pytest
from django.db import IntegrityError

from core.errors import EditConflict
from core.models import CalendarDay
from inspections.choices import DayUnit, Status
from inspections.forms import InspectionForm
from inspections.models import DurationRule, Inspection, Subject
from inspections.services import WorkflowError, do_extend_inspection
from inspections.tests.factories import make_inspection, make_programme, run_to_draft, step
from orgs.choices import OrgKind

START = date(2025, 3, 3)  # run_to_draft: decided 03/3, announced 05/3


def _running(actor, unit, subject_unit):
    inspection = make_inspection(actor, unit)
    return run_to_draft(actor, inspection, units=[subject_unit], start=START)


def test_seeded_limits_are_60_45_20_days_extendable_by_a_third(db):
    on = date(2025, 6, 1)
    assert DurationRule.for_level(OrgKind.TW, on).max_days == 60
    assert DurationRule.for_level(OrgKind.TINH_THANH, on).max_days == 45
    assert DurationRule.for_level(OrgKind.XA_PHUONG, on).max_days == 20
    assert DurationRule.for_level(OrgKind.TINH_THANH, on).max_extension_days == 15
    assert DurationRule.for_level(OrgKind.XA_PHUONG, on).max_extension_days == 6
    assert DurationRule.for_level(OrgKind.TW, on).day_unit == DayUnit.CALENDAR


def test_province_inspection_deadline_is_45_calendar_days_after_announcement(world, leader_a):
    inspection = _running(leader_a, world.hn, world.hn_ward)
    assert inspection.level == OrgKind.TINH_THANH
    assert inspection.started_on == date(2025, 3, 5)
    assert inspection.limit_days == 45
    assert inspection.deadline == date(2025, 4, 19)


def test_ward_inspection_has_20_days(world, admin_ward):
    inspection = _running(admin_ward, world.hn_ward, world.hn_cell)
    assert inspection.deadline == date(2025, 3, 25)


@pytest.fixture
def admin_ward(world):
    from accounts.choices import Role
    from accounts.tests.factories import make_user

    return make_user("leader_ward", world.hn_ward, Role.LEADER)


def test_a_rule_in_working_days_counts_working_days_on_the_holiday_calendar(world, leader_a):
    DurationRule.objects.create(level=OrgKind.TINH_THANH, max_days=10, day_unit=DayUnit.WORKING,
                                valid_from=date(2025, 1, 1))
    CalendarDay.objects.create(date=date(2025, 3, 10), kind=CalendarDay.Kind.HOLIDAY)
    inspection = _running(leader_a, world.hn, world.hn_ward)
    # 05/3 (Wed) + 10 working days, skipping two weekends and the holiday of Mon 10/3.
    assert inspection.limit_days == 10
    assert inspection.deadline == date(2025, 3, 20)


def test_the_rule_in_force_on_the_decision_date_is_frozen(world, leader_a):
    inspection = _running(leader_a, world.hn, world.hn_ward)
    DurationRule.objects.create(level=OrgKind.TINH_THANH, max_days=30, valid_from=date(2025, 4, 1))
    inspection.refresh_from_db()
    assert inspection.limit_days == 45


def test_extension_once_by_at_most_a_third(world, leader_a):
    inspection = _running(leader_a, world.hn, world.hn_ward)
    with pytest.raises(WorkflowError, match="tối đa 15"):
        do_extend_inspection(actor=leader_a, inspection=inspection, days=16, on=date(2025, 4, 1),
                             reason="Nhiều đối tượng", expected_version=inspection.version)
    do_extend_inspection(actor=leader_a, inspection=inspection, days=15, on=date(2025, 4, 1),
                         reason="Nhiều đối tượng", expected_version=inspection.version)
    assert inspection.deadline == date(2025, 5, 4)
    with pytest.raises(WorkflowError, match="một lần"):
        do_extend_inspection(actor=leader_a, inspection=inspection, days=1, on=date(2025, 4, 2),
                             reason="Lần hai", expected_version=inspection.version)


def test_extension_with_a_stale_version_is_a_conflict(world, leader_a):
    inspection = _running(leader_a, world.hn, world.hn_ward)
    with pytest.raises(EditConflict):
        do_extend_inspection(actor=leader_a, inspection=inspection, days=5, on=date(2025, 4, 1),
                             reason="Nhiều đối tượng", expected_version=inspection.version - 1)


def test_no_extension_before_the_announcement(world, leader_a):
    inspection = make_inspection(leader_a, world.hn)
    with pytest.raises(WorkflowError):
        do_extend_inspection(actor=leader_a, inspection=inspection, days=5, on=date(2025, 4, 1),
                             reason="Sớm", expected_version=inspection.version)


def test_running_past_the_deadline_is_flagged_and_listed(world, leader_a):
    inspection = _running(leader_a, world.hn, world.hn_ward)
    assert not inspection.is_overdue(date(2025, 4, 19))
    assert inspection.is_overdue(date(2025, 4, 20))
    assert list(Inspection.objects.overdue(date(2025, 4, 20))) == [inspection]
    assert not Inspection.objects.overdue(date(2025, 4, 19)).exists()


def test_the_extension_moves_the_flag(world, leader_a):
    inspection = _running(leader_a, world.hn, world.hn_ward)
    do_extend_inspection(actor=leader_a, inspection=inspection, days=10, on=date(2025, 4, 1),
                         reason="Nhiều đối tượng", expected_version=inspection.version)
    assert not inspection.is_overdue(date(2025, 4, 29))
    assert inspection.is_overdue(date(2025, 4, 30))


def test_concluded_late_stays_flagged_concluded_in_time_does_not(world, leader_a):
    late = _running(leader_a, world.hn, world.hn_ward)
    from inspections.services import do_record_conclusion

    do_record_conclusion(actor=leader_a, subject=late.subjects.get(), data={"violation": False})
    step(leader_a, late, Status.CONCLUDED, date(2025, 4, 25))
    assert late.is_overdue(date(2026, 1, 1))
    assert list(Inspection.objects.overdue(date(2026, 1, 1))) == [late]


def test_look_back_of_five_years_is_accepted_and_more_is_refused(world, leader_a):
    programme = make_programme(leader_a, world.hn)
    ok = InspectionForm({"kind": "KIEM_TRA", "type": "CHUYEN_DE", "title": "Kiểm tra",
                         "look_back_from": "31/12/2020", "look_back_to": "31/12/2025",
                         "classification": "0"}, user=leader_a, programme=programme)
    assert ok.is_valid(), ok.errors
    too_long = InspectionForm({"kind": "KIEM_TRA", "type": "CHUYEN_DE", "title": "Kiểm tra",
                               "look_back_from": "30/12/2020", "look_back_to": "31/12/2025",
                               "classification": "0"}, user=leader_a, programme=programme)
    assert not too_long.is_valid()
    assert "tối đa 5 năm" in too_long.errors["look_back_from"][0]


def test_supervision_has_no_violation_signs_type(world, leader_a):
    programme = make_programme(leader_a, world.hn)
    form = InspectionForm({"kind": "GIAM_SAT", "type": "DAU_HIEU_VI_PHAM", "title": "Giám sát",
                           "look_back_from": "01/01/2024", "look_back_to": "31/12/2024",
                           "classification": "0"}, user=leader_a, programme=programme)
    assert not form.is_valid()
    assert "type" in form.errors


def test_impossible_date_gets_a_vietnamese_message(world, leader_a):
    programme = make_programme(leader_a, world.hn)
    form = InspectionForm({"kind": "KIEM_TRA", "type": "CHUYEN_DE", "title": "Kiểm tra",
                           "look_back_from": "31/02/2024", "look_back_to": "2024-13-01",
                           "classification": "0"}, user=leader_a, programme=programme)
    assert not form.is_valid()
    assert "ngày/tháng/năm" in form.errors["look_back_from"][0]
    assert "ngày/tháng/năm" in form.errors["look_back_to"][0]


def test_a_subject_is_a_unit_or_a_member_never_both(world, leader_a):
    inspection = make_inspection(leader_a, world.hn)
    with pytest.raises(IntegrityError):
        Subject.objects.create(inspection=inspection, org_unit=world.hn_ward,
                               person=world.person_a)
