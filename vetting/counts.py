"""Counts of vetting cases: defined once in reports.counts.vetting (the reports, dashboard and API
read them there); these are the same counts for the user's own unit, in the shapes the vetting
pages use. Periods: see reports.counts.vetting."""

from datetime import date

from reports.counts import get
from reports.counts.base import NONE_VALUE, grouped, user_scope, value
from vetting.choices import Status

FOREIGN_CATEGORY = "YEU_TO_NUOC_NGOAI"


def appraisals_by_purpose_and_outcome(user, date_from: date, date_to: date) -> list[dict]:
    """Cases concluded in the period, by purpose and outcome: [{purpose, outcome, count}]."""
    rows = grouped("vetting.appraisals", user_scope(user, date_from, date_to), "purpose",
                   "outcome")
    return [{"purpose": purpose, "outcome": None if outcome == NONE_VALUE else outcome,
             "count": n} for (purpose, outcome), n in sorted(rows.items())]


def appraisals_with_foreign_elements(user, date_from: date, date_to: date) -> int:
    """Cases concluded in the period with at least one finding on foreign elements."""
    return value("vetting.foreign_elements", user_scope(user, date_from, date_to))


def overdue_cases(user, date_from: date, date_to: date, today: date | None = None) -> dict:
    """Cases concluded in the period after their deadline, and cases still open (not paused)
    past it on ``today`` (or the period's end when earlier)."""
    scope = user_scope(user, date_from, date_to, today)
    return {"concluded_late": value("vetting.concluded_late", scope),
            "open_overdue": value("vetting.open_overdue", scope)}


def rechecks(user, date_from: date, date_to: date) -> dict:
    """Re-checks falling due in the period, and those already marked as needing one."""
    scope = user_scope(user, date_from, date_to)
    if scope is None:
        return {"due": 0, "marked": 0}
    due = get("vetting.rechecks").records(scope)
    return {"due": due.count(), "marked": due.filter(status=Status.NEEDS_RECHECK).count()}
