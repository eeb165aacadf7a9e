"""Coordination counts (phối hợp với các cơ quan): requests whose clock started (opened) in the
period, drafts and cancelled ones aside, per agency. A request is answered on time when its final
answer came by its due date (or it had none); still waiting past the due date at the period's end
is overdue, still waiting before it is open; an answer dated after the period's end does not count
yet. The "as of" rule is in reports.counts.base. Admission letters are the same ledger narrowed
(reports.counts.admission). The per-agency table of both directions (``timeliness_by_agency``)
groups the same conditions in one query.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.counts.base import NONE_VALUE, Breakdown, CountDef

PATH = "org_unit__path"


def on_time_q(scope) -> Q:
    return scope.done_by("answered_on") & (Q(due_on__isnull=True)
                                           | Q(answered_on__lte=F("due_on")))


def late_q(scope) -> Q:
    return scope.done_by("answered_on") & Q(answered_on__gt=F("due_on"))


def open_q(scope) -> Q:
    return scope.not_done_by("answered_on") & (Q(due_on__isnull=True)
                                               | Q(due_on__gte=scope.end))


def overdue_q(scope) -> Q:
    return scope.not_done_by("answered_on") & Q(due_on__lt=scope.end)


def agency_labels(scope, seen):
    """Active agencies in their order, any other with requests, then "Khác" when used."""
    from coordination.models import Agency

    ids = [int(v) for v in seen if v != NONE_VALUE]
    rows = [(str(a.pk), a.name) for a in Agency.objects.filter(Q(active=True) | Q(pk__in=ids))]
    if NONE_VALUE in seen:
        rows.append((NONE_VALUE, _("Khác (tổ chức đảng, cơ quan khác)")))
    return rows


def requests(scope, direction: str | None = None, only: Q | None = None):
    """Counted requests opened in the period (one direction, or both; ``only`` narrows them)."""
    from coordination.choices import COUNTED_STATUSES
    from coordination.models import CoordinationRequest

    rows = (CoordinationRequest.objects.visible_to(scope.user)
            .filter(scope.created_by(), scope.in_period("opened_on"),
                    status__in=COUNTED_STATUSES)
            .filter(only or Q()))
    return rows.filter(direction=direction) if direction else rows


def on_time(scope, rows):
    return rows.filter(on_time_q(scope))


def late(scope, rows):
    return rows.filter(late_q(scope))


def overdue(scope, rows):
    return rows.filter(overdue_q(scope))


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
    agency: object | None
    label: str
    sent: Tally = field(default_factory=Tally)
    received: Tally = field(default_factory=Tally)


def timeliness_by_agency(scope, only: Q | None = None) -> list[AgencyTimeliness]:
    """Per agency (active ones, and any other that has requests), sent and received: total,
    answered on time, answered late, open not yet due, open overdue. A last row "Khác" holds
    requests to party units or named bodies without an agency, when there are any."""
    from coordination.choices import Direction
    from coordination.models import Agency

    rows = (requests(scope, only=only).filter(**{f"{PATH}__startswith": scope.unit.path})
            .values("agency_id", "direction")
            .annotate(total=Count("id"), answered_on_time=Count("id", filter=on_time_q(scope)),
                      answered_late=Count("id", filter=late_q(scope)),
                      open=Count("id", filter=open_q(scope)),
                      open_overdue=Count("id", filter=overdue_q(scope)))
            .order_by())
    tallies = {(r.pop("agency_id"), r.pop("direction")): Tally(**r) for r in rows}
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


def counts() -> list[CountDef]:
    from coordination.choices import Direction

    agency = (Breakdown("agency", "agency_id", labels=agency_labels),)
    detail = "coordination.request"

    def sent(scope):
        return requests(scope, Direction.SENT)

    def received(scope):
        return requests(scope, Direction.RECEIVED)

    return [
        CountDef("coordination.sent", gettext_lazy("Yêu cầu phối hợp gửi đi"), sent, PATH,
                 breakdowns=agency, detail=detail),
        CountDef("coordination.answered_on_time", gettext_lazy("Được trả lời đúng hạn"),
                 lambda s: on_time(s, sent(s)), PATH, breakdowns=agency, detail=detail),
        CountDef("coordination.answered_late", gettext_lazy("Được trả lời muộn"),
                 lambda s: late(s, sent(s)), PATH, breakdowns=agency, detail=detail),
        CountDef("coordination.open_overdue", gettext_lazy("Quá hạn chưa được trả lời"),
                 lambda s: overdue(s, sent(s)), PATH, breakdowns=agency, detail=detail),
        CountDef("coordination.received", gettext_lazy("Yêu cầu phối hợp nhận đến"), received,
                 PATH, breakdowns=agency, detail=detail),
        CountDef("coordination.received_answered", gettext_lazy("Yêu cầu nhận đến đã trả lời"),
                 lambda s: received(s).filter(s.done_by("answered_on")), PATH,
                 breakdowns=agency, detail=detail),
    ]
