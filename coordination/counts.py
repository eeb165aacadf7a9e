"""Counts of the coordination ledger the reports quote: one function per figure, each reading
through visible_to(user), over requests whose clock started in [date_from, date_to].

An answer is on time when its final reply came on or before the due date; an open request is
judged on ``today`` (the day the report is drawn up): not yet due, or overdue.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.choices import COUNTED_STATUSES, Direction
from coordination.models import Agency, CoordinationRequest


@dataclass
class Tally:
    total: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    open: int = 0
    open_overdue: int = 0

    @property
    def answered(self) -> int:
        return self.answered_on_time + self.answered_late

    @property
    def late(self) -> int:
        """Answered late or still waiting past the due date."""
        return self.answered_late + self.open_overdue

    def add(self, other: "Tally") -> None:
        for name in ("total", "answered_on_time", "answered_late", "open", "open_overdue"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class AgencyTimeliness:
    agency: Agency | None
    label: str
    sent: Tally = field(default_factory=Tally)
    received: Tally = field(default_factory=Tally)


def _tallies(user, date_from: date, date_to: date, today: date, only: Q | None = None) -> dict:
    answered = Q(answered_on__isnull=False)
    waiting = Q(answered_on__isnull=True)
    rows = (
        CoordinationRequest.objects.visible_to(user)
        .filter(status__in=COUNTED_STATUSES, opened_on__gte=date_from, opened_on__lte=date_to)
        .filter(only or Q())
        .values("agency_id", "direction")
        .annotate(
            total=Count("id"),
            answered_on_time=Count("id", filter=answered & (
                Q(due_on__isnull=True) | Q(answered_on__lte=F("due_on")))),
            answered_late=Count("id", filter=answered & Q(answered_on__gt=F("due_on"))),
            open=Count("id", filter=waiting & (Q(due_on__isnull=True) | Q(due_on__gte=today))),
            open_overdue=Count("id", filter=waiting & Q(due_on__lt=today)),
        )
        .order_by()
    )
    return {(r.pop("agency_id"), r.pop("direction")): Tally(**r) for r in rows}


def timeliness_by_agency(user, date_from: date, date_to: date, *, today: date | None = None,
                         only: Q | None = None) -> list[AgencyTimeliness]:
    """Per agency (active ones, and any other that has requests), sent and received: total,
    answered on time, answered late, open not yet due, open overdue. A last row "Khác" holds
    requests to party units or named bodies without an agency, when there are any. ``only``
    narrows the requests (e.g. the verification letters of admission dossiers)."""
    today = today or timezone.localdate()
    tallies = _tallies(user, date_from, date_to, today, only)
    used = {agency_id for agency_id, _direction in tallies}
    agencies = Agency.objects.filter(Q(active=True) | Q(pk__in=[a for a in used if a]))
    result = [AgencyTimeliness(agency=a, label=a.name) for a in agencies]
    if None in used:
        result.append(AgencyTimeliness(agency=None, label=_("Khác (tổ chức đảng, cơ quan khác)")))
    for row in result:
        key = row.agency.pk if row.agency else None
        row.sent = tallies.get((key, Direction.SENT), Tally())
        row.received = tallies.get((key, Direction.RECEIVED), Tally())
    return result


def timeliness_total(rows: list[AgencyTimeliness]) -> AgencyTimeliness:
    """The sum of the rows (the report's last line)."""
    total = AgencyTimeliness(agency=None, label=_("Tổng số"))
    for row in rows:
        total.sent.add(row.sent)
        total.received.add(row.received)
    return total
