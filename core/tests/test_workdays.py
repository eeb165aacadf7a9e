"""Working days on the seeded Vietnamese calendar (core/migrations/0002_calendar_2025_2027)."""

from datetime import date

import pytest

from core.models import CalendarDay
from core.workdays import WorkCalendar, add_working_days

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar():
    return WorkCalendar.load()


def test_tet_2026_and_its_weekends_are_skipped(calendar):
    # Friday 13/02/2026, then nine days off (Sat 14 – Sun 22): the next working day is Mon 23.
    assert calendar.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert calendar.add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)


def test_tet_2025_spanning_two_weekends_is_skipped(calendar):
    assert calendar.add_working_days(date(2025, 1, 24), 1) == date(2025, 2, 3)


def test_swapped_saturday_is_a_working_day(calendar):
    assert calendar.is_working_day(date(2025, 4, 26))
    assert calendar.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    # ...and the Friday it was swapped for is off: 29/4 (Tue) + 1 = Mon 5/5 after 30/4–4/5.
    assert not calendar.is_working_day(date(2025, 5, 2))
    assert calendar.add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)


def test_national_day_and_its_adjacent_day_are_off(calendar):
    assert calendar.add_working_days(date(2025, 8, 29), 1) == date(2025, 9, 3)


def test_hung_kings_day_on_a_sunday_gives_the_monday_off(calendar):
    assert calendar.add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)


def test_working_days_between_counts_across_tet(calendar):
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1
    assert calendar.working_days_between(date(2026, 2, 9), date(2026, 2, 27)) == 9


def test_working_days_between_is_negative_backwards(calendar):
    assert calendar.working_days_between(date(2026, 2, 23), date(2026, 2, 13)) == -1


def test_negative_count_goes_back_over_tet(calendar):
    assert calendar.add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)
    assert calendar.add_working_days(date(2025, 5, 5), -2) == date(2025, 4, 28)


def test_zero_days_is_the_start_itself(calendar):
    assert calendar.add_working_days(date(2026, 2, 17), 0) == date(2026, 2, 17)


def test_post_trip_report_due_seven_working_days_after_return_at_tet(calendar):
    # Back on Thursday 12/02/2026: 13, 23, 24, 25, 26, 27, then Monday 02/03.
    assert calendar.add_working_days(date(2026, 2, 12), 7) == date(2026, 3, 2)


def test_estimated_2027_days_say_so_for_the_administrator():
    tet_2027 = CalendarDay.objects.filter(date__year=2027, name__startswith="Tết Nguyên đán")
    assert tet_2027.count() == 5
    assert all("ƯỚC TÍNH" in day.legal_basis for day in tet_2027)
    assert not CalendarDay.objects.filter(date__year=2025, legal_basis__contains="ƯỚC TÍNH").exists()


def test_an_admin_edit_of_the_calendar_changes_the_count():
    before = add_working_days(date(2026, 6, 5), 1)
    CalendarDay.objects.create(date=date(2026, 6, 8), name="Nghỉ đột xuất")
    assert before == date(2026, 6, 8)
    assert add_working_days(date(2026, 6, 5), 1) == date(2026, 6, 9)
