"""The audit log pages, for auditors and administrators only."""

from django.shortcuts import render

from accounts.choices import Role
from audit.display import changed_fields
from audit.forms import AuditFilterForm, target_type_choices
from audit.models import AuditEvent
from audit.services import event_digest
from core import access

PAGE_SIZE = 50
LIST_FIELDS = ["id", "at", "actor_name", "action", "target_type", "target_id", "target_repr",
               "org_path", "classification", "reason", "ip"]


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 100_000))
    except ValueError:
        return 1


def listed_events(request):
    """(filter form, the events in the user's scope, newest first): the page and its export."""
    form = AuditFilterForm(request.GET or None)
    return form, form.apply(AuditEvent.objects.visible_to(request.user)).order_by("-id")


@access.role_required(Role.AUDITOR, Role.ADMIN)
def event_list(request):
    """Events in the user's scope, newest first, 50 a page; one query whatever the filters."""
    form, events = listed_events(request)
    page = _page_number(request)
    # No COUNT(*) over millions of rows: fetch one extra row to know whether a next page exists.
    start = (page - 1) * PAGE_SIZE
    rows = list(events.only(*LIST_FIELDS)[start:start + PAGE_SIZE + 1])
    labels = dict(target_type_choices())
    for event in rows:
        event.target_label = labels.get(event.target_type, event.target_type)
        event.masked = event.classification > request.user.clearance
    return render(request, "audit/list.html", {
        "form": form,
        "events": rows[:PAGE_SIZE],
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "has_previous": page > 1,
    })


@access.role_required(Role.AUDITOR, Role.ADMIN)
def event_detail(request, event_id: int):
    """One event: who, when, from where, why, and what changed."""
    event = access.get_visible_or_404(AuditEvent, request.user, pk=event_id)
    # Above the reader's clearance: the event is shown, the record's content is not.
    masked = event.classification > request.user.clearance
    return render(request, "audit/detail.html", {
        "event": event,
        "masked": masked,
        "target_label": dict(target_type_choices()).get(event.target_type, event.target_type),
        "changes": [] if masked else changed_fields(event, request.user),
        "intact": event_digest(event) == event.hash,
    })
