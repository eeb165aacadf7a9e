"""Due dates of requests: the response rule in force, counted in working days (core.workdays)."""

from datetime import date

from django.db.models import Q

from coordination.models import Agency, ResponseRule
from core.workdays import WorkCalendar


def rule_in_force(kind: str, agency: Agency | None, on: date) -> ResponseRule | None:
    """The rule for ``kind`` on day ``on``: the agency's own rule first, else the general one."""
    rules = ResponseRule.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on), kind=kind, valid_from__lte=on,
    )
    agency_id = agency.pk if agency is not None else None
    rules = rules.filter(Q(agency__isnull=True) | Q(agency_id=agency_id))
    # The agency's rule sorts before the general one; then the newest.
    candidates = sorted(rules, key=lambda r: (r.agency_id is None, -r.valid_from.toordinal()))
    return candidates[0] if candidates else None


def compute_due(kind: str, agency: Agency | None, start: date,
                calendar: WorkCalendar | None = None) -> tuple[date | None, ResponseRule | None]:
    """(due date, rule) for a request whose clock starts on ``start``; (None, None) if no rule."""
    rule = rule_in_force(kind, agency, start)
    if rule is None:
        return None, None
    calendar = calendar or WorkCalendar.load()
    return calendar.add_working_days(start, rule.answer_days), rule


def working_days_late(due_on: date | None, today: date, calendar: WorkCalendar) -> int:
    """Working days past the due date on ``today`` (0 when not late)."""
    if due_on is None or today <= due_on:
        return 0
    return calendar.working_days_between(due_on, today)
