"""Working days on the Vietnamese calendar: Monday–Friday, less public holidays, plus swapped
working days, all read from core.CalendarDay (data, not code)."""

from datetime import date, timedelta

from core.models import CalendarDay


class WorkCalendar:
    """A snapshot of the calendar table; build one per request or job, not per call."""

    def __init__(self, holidays: set[date], working_days: set[date]):
        self.holidays = holidays
        self.working_days = working_days

    @classmethod
    def load(cls) -> "WorkCalendar":
        rows = CalendarDay.objects.values_list("date", "kind")
        holidays = {d for d, k in rows if k == CalendarDay.Kind.HOLIDAY}
        working = {d for d, k in rows if k == CalendarDay.Kind.WORKING}
        return cls(holidays, working)

    def is_working_day(self, day: date) -> bool:
        if day in self.working_days:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, count: int) -> date:
        """The date ``count`` working days after ``start`` (start itself not counted)."""
        day = start
        step = 1 if count >= 0 else -1
        remaining = abs(count)
        while remaining:
            day += timedelta(days=step)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
        if end < start:
            return -self.working_days_between(end, start)
        days = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days += 1
        return days


def add_working_days(start: date, count: int) -> date:
    """Convenience for one computation; loads the calendar."""
    return WorkCalendar.load().add_working_days(start, count)
