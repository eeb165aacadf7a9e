"""Coordination counts (phối hợp với các cơ quan): requests whose clock started (opened) in the
period, drafts and cancelled ones aside, per agency. A request is answered on time when its final
answer came by its due date (or it had none); still waiting past the due date at the period's end
is overdue; an answer dated after the period's end does not count yet. The "as of" rule is in
reports.counts.base. Admission letters are the same ledger narrowed (reports.counts.admission).
"""

from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.counts.base import NONE_VALUE, Breakdown, CountDef

PATH = "org_unit__path"


def agency_labels(scope, seen):
    """Active agencies in their order, any other with requests, then "Khác" when used."""
    from coordination.models import Agency

    ids = [int(v) for v in seen if v != NONE_VALUE]
    rows = [(str(a.pk), a.name) for a in Agency.objects.filter(Q(active=True) | Q(pk__in=ids))]
    if NONE_VALUE in seen:
        rows.append((NONE_VALUE, _("Khác (tổ chức đảng, cơ quan khác)")))
    return rows


def requests(scope, direction: str, only: Q | None = None):
    """Counted requests of one direction opened in the period (``only`` narrows them)."""
    from coordination.choices import COUNTED_STATUSES
    from coordination.models import CoordinationRequest

    return (CoordinationRequest.objects.visible_to(scope.user)
            .filter(scope.created_by(), scope.in_period("opened_on"),
                    status__in=COUNTED_STATUSES, direction=direction)
            .filter(only or Q()))


def on_time(scope, rows):
    return rows.filter(scope.done_by("answered_on")).filter(
        Q(due_on__isnull=True) | Q(answered_on__lte=F("due_on")))


def late(scope, rows):
    return rows.filter(scope.done_by("answered_on"), answered_on__gt=F("due_on"))


def overdue(scope, rows):
    return rows.filter(scope.not_done_by("answered_on"), due_on__lt=scope.end)


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
