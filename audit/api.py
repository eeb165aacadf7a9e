"""REST API of the audit log, read-only, for auditors and administrators: the events of their
scope (newest first, the list page's filters) and one event with what changed. Content of a
record above the reader's clearance is masked as on the pages."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from accounts.choices import Role
from audit.display import changed_fields
from audit.forms import AuditFilterForm, target_type_choices
from audit.models import AuditEvent
from audit.services import event_digest
from coordination.forms import vietnamese_messages
from core.access import get_visible_or_404

router = Router(tags=["audit"])
PAGE_SIZE = 50
MAX_PAGE = 100_000
READERS = (Role.AUDITOR, Role.ADMIN)


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


class EventOut(Schema):
    """One event; ``masked`` when the record is above the reader's clearance (its name and
    the reason are then withheld)."""

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    action_label: str
    target_type: str
    target_label: str
    target_id: str
    target_repr: str
    classification: int
    reason: str
    ip: str
    masked: bool


class ChangeOut(Schema):
    field: str
    label: str
    before: str
    after: str


class EventDetail(EventOut):
    request_id: str
    changes: list[ChangeOut]
    intact: bool


class EventPage(Schema):
    page: int
    page_size: int
    has_next: bool
    results: list[EventOut]


class EventFilters(Schema):
    actor: str = ""
    action: str = ""
    target_type: str = ""
    date_from: str = ""
    date_to: str = ""
    q: str = ""
    page: int = 1


def _require_reader(user) -> None:
    if user.role not in READERS:
        raise PermissionDenied("role")


def _out(event: AuditEvent, user, labels: dict) -> dict:
    masked = event.classification > user.clearance
    return {"id": event.id, "at": event.at, "actor_id": event.actor_id,
            "actor_name": event.actor_name, "action": event.action,
            "action_label": str(event.get_action_display()), "target_type": event.target_type,
            "target_label": str(labels.get(event.target_type, event.target_type)),
            "target_id": event.target_id, "target_repr": "" if masked else event.target_repr,
            "classification": event.classification, "reason": "" if masked else event.reason,
            "ip": event.ip, "masked": masked}


@router.get("/events", summary="Nhật ký hệ thống (kiểm tra nhật ký)",
            response={200: EventPage, 400: FieldErrorsOut, 403: ErrorOut})
def list_events(request, filters: EventFilters = Query(...)):  # noqa: B008
    """Events of the caller's scope, newest first, 50 a page (no total: the log is large).
    Dates as dd/mm/yyyy; ``actor`` is a user name; ``q`` searches name, reason, id, address."""
    _require_reader(request.user)
    if not 1 <= filters.page <= MAX_PAGE:
        raise ValidationError({"page": [_("Số trang từ 1 đến %(n)d.") % {"n": MAX_PAGE}]})
    values = {k: v for k, v in filters.dict(exclude={"page"}).items() if v}
    form = AuditFilterForm(values)
    vietnamese_messages(form)
    if not form.is_valid():
        raise ValidationError({name: list(msgs) for name, msgs in form.errors.items()})
    events = form.apply(AuditEvent.objects.visible_to(request.user)).order_by("-id")
    start = (filters.page - 1) * PAGE_SIZE
    rows = list(events[start:start + PAGE_SIZE + 1])
    labels = dict(target_type_choices())
    return {"page": filters.page, "page_size": PAGE_SIZE, "has_next": len(rows) > PAGE_SIZE,
            "results": [_out(e, request.user, labels) for e in rows[:PAGE_SIZE]]}


@router.get("/events/{event_id}", summary="Xem một sự kiện nhật ký",
            response={200: EventDetail, 403: ErrorOut, 404: ErrorOut})
def get_event(request, event_id: int):
    """One event: who, when, from where, why, what changed, and whether its hash is intact."""
    _require_reader(request.user)
    event = get_visible_or_404(AuditEvent, request.user, pk=event_id)
    out = _out(event, request.user, dict(target_type_choices()))
    changes = [] if out["masked"] else changed_fields(event, request.user)
    return {**out, "request_id": event.request_id, "intact": event_digest(event) == event.hash,
            "changes": [vars(c) | {"label": str(c.label)} for c in changes]}
