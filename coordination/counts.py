"""Counts of the coordination ledger: defined once in reports.counts.coordination (the reports,
dashboard and API read them there); these are the same counts for the user's own unit, with
the signature the coordination pages and API use."""

from datetime import date

from django.db.models import Q

from reports.counts import coordination as definitions
from reports.counts.base import user_scope
from reports.counts.coordination import AgencyTimeliness, Tally, timeliness_total

__all__ = ["AgencyTimeliness", "Tally", "timeliness_by_agency", "timeliness_total"]


def timeliness_by_agency(user, date_from: date, date_to: date, *, today: date | None = None,
                         only: Q | None = None) -> list[AgencyTimeliness]:
    """Per agency, sent and received, for requests opened in the period; open requests judged
    on ``today`` (or the period's end when earlier). See reports.counts.coordination."""
    scope = user_scope(user, date_from, date_to, today or date_to)
    if scope is None:
        return []
    return definitions.timeliness_by_agency(scope, only)
