"""Counts for the reports: scoped through visible_to, one function per figure."""

from datetime import date

from django.core.management import call_command

from vetting import counts
from vetting.choices import Outcome
from vetting.tests.factories import add_finding, conclude, make_case, to_appraising

PERIOD = (date(2026, 1, 1), date(2026, 12, 31))


def test_appraisals_by_purpose_and_outcome_with_foreign_elements(world, leader_a, case_a):
    case = to_appraising(case_a, leader_a, world.officer_a)
    add_finding(world.officer_a, case, code="YEU_TO_NUOC_NGOAI")
    conclude(case, world.officer_a, leader_a, outcome=Outcome.KHONG_CO_VAN_DE)
    other = make_case(world.officer_b, world.hp, world.person_b)
    assert other.pk  # province B: never counted for officer_a
    assert counts.appraisals_by_purpose_and_outcome(world.officer_a, *PERIOD) == [
        {"purpose": "BO_NHIEM", "outcome": "KHONG_CO_VAN_DE", "count": 1}]
    assert counts.appraisals_with_foreign_elements(world.officer_a, *PERIOD) == 1
    assert counts.appraisals_with_foreign_elements(world.officer_b, *PERIOD) == 0


def test_overdue_and_rechecks(world, leader_a, case_a):
    make_case(world.officer_a, world.hn, world.person_a_secret, submit_on=date(2026, 1, 5))
    assert counts.overdue_cases(world.officer_a, *PERIOD, today=date(2026, 6, 1)) == {
        "concluded_late": 0, "open_overdue": 1}
    assert counts.overdue_cases(world.viewer_a, *PERIOD, today=date(2026, 6, 1)) == {
        "concluded_late": 0, "open_overdue": 0}  # a Mật case: above the viewer's clearance
    case = to_appraising(case_a, leader_a, world.officer_a)
    conclude(case, world.officer_a, leader_a)
    call_command("mark_rechecks", on="03/08/2026")
    assert counts.rechecks(world.officer_a, *PERIOD) == {"due": 1, "marked": 1}
