"""Counts of party admission: defined once in reports.counts.admission (the reports, dashboard
and API read them there); these are the same counts for the user's own unit, with the signature
the admission pages use. Letter timeliness is the coordination ledger's own tally narrowed to the
admission dossiers' verification letters."""

from datetime import date

from reports.counts import coordination
from reports.counts.admission import LETTERS
from reports.counts.base import user_scope, value
from reports.counts.coordination import Tally


def admission_verifications(user, date_from: date, date_to: date) -> int:
    """Dossiers whose verification (thẩm tra lý lịch) was sent in the period."""
    return value("admission.verifications", user_scope(user, date_from, date_to))


def admission_letters(user, date_from: date, date_to: date, *,
                      today: date | None = None) -> Tally:
    """Verification letters of admission dossiers sent in the period: total, answered on time,
    answered late, still waiting, waiting past the due date (``late`` = answered late + overdue),
    judged on ``today`` (or the period's end when earlier)."""
    scope = user_scope(user, date_from, date_to, today)
    if scope is None:
        return Tally()
    return coordination.timeliness_total(coordination.timeliness_by_agency(scope, LETTERS)).sent


def admissions_decided(user, date_from: date, date_to: date) -> int:
    """Admission decisions dated in the period."""
    return value("admission.decided", user_scope(user, date_from, date_to))


def full_members_recognised(user, date_from: date, date_to: date) -> int:
    """Probationary members recognised as full members in the period."""
    return value("admission.full_members", user_scope(user, date_from, date_to))
