"""The only writers of the coordination ledger: each change is checked (scope, clearance,
role, the workflow table) and audited in the same transaction."""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.choices import WRITER_ROLES
from audit.choices import AuditAction
from audit.services import record_event
from coordination import workflow
from coordination.choices import FINAL_REPLY_KINDS, Direction
from coordination.deadlines import compute_due, rule_in_force, working_days_late
from coordination.models import Chaser, CoordinationRequest, Reply
from core.errors import EditConflict, NotAllowed
from core.workdays import WorkCalendar
from orgs.models import OrgUnit

# Fields copied from validated data (coordination.forms.RequestForm.cleaned_data).
PLAIN_FIELDS = [
    "org_unit", "direction", "kind", "agency", "counterpart_unit", "counterpart_name", "subject",
    "legal_basis", "subject_person", "letter_number", "letter_date", "sent_on", "received_on",
    "due_on", "due_changed_reason", "classification",
]
AUDITED_FIELDS = [f for f in PLAIN_FIELDS
                  if f not in ("org_unit", "agency", "counterpart_unit", "subject_person")] + [
    "org_unit_id", "agency_id", "counterpart_unit_id", "subject_person_id", "status", "opened_on",
    "answered_on", "escalated_to_id", "escalated_on",
]


def snapshot(request: CoordinationRequest) -> dict:
    return {name: getattr(request, name) for name in AUDITED_FIELDS}


def today() -> date:
    return timezone.localdate()


def _check_can_write(actor, unit: OrgUnit, classification: int) -> None:
    if actor.role not in WRITER_ROLES:
        raise NotAllowed("role")
    if not OrgUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise NotAllowed("scope")
    if classification > actor.clearance:
        raise NotAllowed("clearance")


def _set_dates(request: CoordinationRequest, calendar: WorkCalendar | None = None) -> None:
    """Start of the clock, rule and due date; a due date changed with a reason is kept."""
    request.opened_on = (request.sent_on if request.direction == Direction.SENT
                         else request.received_on)
    if request.opened_on is None:
        request.rule = None
        return
    due, rule = compute_due(request.kind, request.agency, request.opened_on, calendar)
    request.rule = rule
    if due is None:
        return  # no rule for this kind: the due date typed by the user stands
    if not request.due_changed_reason or request.due_on is None:
        request.due_on = due
        request.due_changed_reason = ""


@transaction.atomic
def do_create_request(*, actor, data: dict, reason: str = "") -> CoordinationRequest:
    """Record a request (status DRAFT) from validated data."""
    _check_can_write(actor, data["org_unit"], data.get("classification", 0))
    request = CoordinationRequest(**{name: data[name] for name in PLAIN_FIELDS if name in data})
    _set_dates(request)
    request.save()
    record_event(actor=actor, action=AuditAction.CREATE, target=request, reason=reason,
                 after=snapshot(request))
    return request


def _locked(request: CoordinationRequest) -> CoordinationRequest:
    """The row re-read under a lock: concurrent replies and moves are applied one by one."""
    return CoordinationRequest.objects.select_for_update(of=("self",)).select_related(
        "org_unit", "agency").get(pk=request.pk)


@transaction.atomic
def do_update_request(*, actor, request: CoordinationRequest, data: dict,
                      expected_version: int, reason: str = "") -> CoordinationRequest:
    """Save corrections unless someone saved since ``expected_version`` (EditConflict)."""
    _check_can_write(actor, request.org_unit, request.classification)
    _check_can_write(actor, data.get("org_unit", request.org_unit),
                     data.get("classification", request.classification))
    current = _locked(request)
    if current.version != expected_version:
        raise EditConflict()
    if not workflow.is_editable(current.status):
        raise workflow.IllegalTransition("edit")
    before = snapshot(current)
    for name in PLAIN_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    _set_dates(current)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    record_event(actor=actor, action=AuditAction.UPDATE, target=current, reason=reason,
                 before=before, after=snapshot(current))
    return current


def _move(request: CoordinationRequest, action: str, role: str | None) -> str:
    """Apply the table's move to ``request`` (locked); return the previous status."""
    previous = request.status
    request.status = workflow.target_of(previous, action, role)
    return previous


def _record_transition(actor, request, action: str, previous: str, reason: str,
                       extra: dict | None = None) -> None:
    after = {"action": action, "status": request.status, **(extra or {})}
    record_event(actor=actor, action=AuditAction.TRANSITION, target=request, reason=reason,
                 before={"status": previous}, after=after)


@transaction.atomic
def do_transition_request(*, actor, request: CoordinationRequest, action: str,
                          reason: str = "", on: date | None = None,
                          expected_version: int | None = None) -> CoordinationRequest:
    """A manual move of the workflow (send, close, reopen, cancel), checked against the table."""
    _check_can_write(actor, request.org_unit, request.classification)
    current = _locked(request)
    if expected_version is not None and current.version != expected_version:
        raise EditConflict()
    if workflow.reason_required(action) and not reason.strip():
        raise ValueError("reason")
    previous = _move(current, action, actor.role)
    if action == workflow.Action.SEND:
        _start_clock(current, on or today())
    if action == workflow.Action.REOPEN:
        current.answered_on = None
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    _record_transition(actor, current, action, previous, reason,
                       {"opened_on": current.opened_on, "due_on": current.due_on})
    return current


def _start_clock(request: CoordinationRequest, on: date) -> None:
    """On sending (or registering a received letter) the start date is known: due date follows."""
    if request.direction == Direction.SENT and request.sent_on is None:
        request.sent_on = on
    if request.direction == Direction.RECEIVED and request.received_on is None:
        request.received_on = on
    _set_dates(request)


@transaction.atomic
def do_add_reply(*, actor, request: CoordinationRequest, data: dict) -> Reply:
    """Record an answer; a final one (or "no record") ends the wait, a partial one does not."""
    _check_can_write(actor, request.org_unit, request.classification)
    current = _locked(request)
    final = data["kind"] in FINAL_REPLY_KINDS
    action = workflow.Action.RECORD_FINAL if final else workflow.Action.RECORD_PARTIAL
    previous = _move(current, action, actor.role)
    reply = Reply.objects.create(
        request=current, kind=data["kind"], replied_on=data["replied_on"],
        letter_number=data.get("letter_number", ""), letter_date=data.get("letter_date"),
        summary=data["summary"], created_by=actor,
    )
    if final:
        current.answered_on = reply.replied_on
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    _record_transition(actor, current, action, previous, data.get("summary", "")[:200],
                       {"reply_id": reply.pk, "reply_kind": reply.kind,
                        "replied_on": reply.replied_on, "letter_number": reply.letter_number,
                        "answered_late": current.answered_late()})
    return reply


@transaction.atomic
def do_add_chaser(*, actor, request: CoordinationRequest, data: dict) -> Chaser:
    """Record a reminder (đôn đốc) on a request still waiting for its answer."""
    _check_can_write(actor, request.org_unit, request.classification)
    current = _locked(request)
    if not workflow.is_open(current.status):
        raise workflow.IllegalTransition("chaser")
    chaser = Chaser.objects.create(
        request=current, sent_on=data["sent_on"], letter_number=data.get("letter_number", ""),
        note=data.get("note", ""), created_by=actor,
    )
    CoordinationRequest.objects.filter(pk=current.pk).update(version=F("version") + 1,
                                                             updated_at=timezone.now())
    record_event(actor=actor, action=AuditAction.UPDATE, target=current,
                 reason=data.get("note", "")[:200],
                 after={"chaser_id": chaser.pk, "sent_on": chaser.sent_on,
                        "letter_number": chaser.letter_number})
    return chaser


REPLY_FIELDS = ["replied_on", "letter_number", "letter_date", "summary"]
CHASER_FIELDS = ["sent_on", "letter_number", "note"]


def _line_values(row, names: list[str]) -> dict:
    return {name: getattr(row, name) for name in names}


def _locked_line(model, row, request_pk: int):
    """The reply or chaser re-read under a lock, still a line of ``request_pk``."""
    current = model.objects.select_for_update(of=("self",)).get(pk=row.pk)
    if current.request_id != request_pk:
        raise NotAllowed("row of another request")
    return current


def _touch(request: CoordinationRequest, **changes) -> None:
    """A line of the request changed: its version moves (open edit forms see a conflict)."""
    CoordinationRequest.objects.filter(pk=request.pk).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes)


@transaction.atomic
def do_update_reply(*, actor, reply: Reply, data: dict, expected_version: int,
                    reason: str = "") -> Reply:
    """Correct a recorded answer (date, letter, summary) until the request is closed or
    cancelled. Its kind stays: a partial answer completed is a new reply, not an edit. When it
    is the answer that ended the wait, the request's answered-on date follows its new date."""
    request = reply.request
    _check_can_write(actor, request.org_unit, request.classification)
    current_request = _locked(request)
    if not workflow.is_editable(current_request.status):
        raise workflow.IllegalTransition("edit")
    current = _locked_line(Reply, reply, current_request.pk)
    if current.version != expected_version:
        raise EditConflict()
    before = {"reply_id": current.pk, **_line_values(current, REPLY_FIELDS)}
    for name in REPLY_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    changes = {}
    last_final = (current_request.replies.filter(kind__in=FINAL_REPLY_KINDS)
                  .order_by("-id").first())
    if current_request.answered_on is not None and last_final is not None \
            and last_final.pk == current.pk:
        changes["answered_on"] = current.replied_on
    _touch(current_request, **changes)
    after = {"reply_id": current.pk, **_line_values(current, REPLY_FIELDS), **changes}
    record_event(actor=actor, action=AuditAction.UPDATE, target=current_request, reason=reason,
                 before=before, after=after)
    return current


@transaction.atomic
def do_update_chaser(*, actor, chaser: Chaser, data: dict, expected_version: int,
                     reason: str = "") -> Chaser:
    """Correct a recorded reminder (date, letter number, note) until the request is closed or
    cancelled."""
    request = chaser.request
    _check_can_write(actor, request.org_unit, request.classification)
    current_request = _locked(request)
    if not workflow.is_editable(current_request.status):
        raise workflow.IllegalTransition("edit")
    current = _locked_line(Chaser, chaser, current_request.pk)
    if current.version != expected_version:
        raise EditConflict()
    before = {"chaser_id": current.pk, **_line_values(current, CHASER_FIELDS)}
    for name in CHASER_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    _touch(current_request)
    record_event(actor=actor, action=AuditAction.UPDATE, target=current_request, reason=reason,
                 before=before, after={"chaser_id": current.pk,
                                       **_line_values(current, CHASER_FIELDS)})
    return current


def escalation_delay(request: CoordinationRequest) -> int | None:
    """Working days after the due date before a late request goes to the unit above."""
    rule = request.rule or rule_in_force(request.kind, request.agency,
                                         request.opened_on or request.due_on)
    return rule.escalate_after_days if rule is not None else None


def do_escalate_overdue(*, on: date | None = None,
                        calendar: WorkCalendar | None = None) -> list[CoordinationRequest]:
    """Escalate every open request late by more than its rule's delay to the unit above.

    Idempotent: a request is escalated once (escalated_on set); run it daily.
    """
    on = on or today()
    calendar = calendar or WorkCalendar.load()
    candidates = (CoordinationRequest.objects.overdue(on)
                  .filter(escalated_on__isnull=True, org_unit__parent__isnull=False)
                  .select_related("org_unit", "org_unit__parent", "rule", "agency")
                  .order_by("due_on", "pk"))
    escalated = []
    for request in candidates.iterator():
        delay = escalation_delay(request)
        late = working_days_late(request.due_on, on, calendar)
        if delay is not None and late > delay and _escalate(request, on, late):
            escalated.append(request)
    return escalated


@transaction.atomic
def _escalate(request: CoordinationRequest, on: date, late: int) -> bool:
    current = _locked(request)
    if current.escalated_on is not None or not workflow.is_open(current.status):
        return False  # escalated meanwhile by another run, or answered
    parent = request.org_unit.parent
    current.escalated_to, current.escalated_on = parent, on
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    record_event(
        actor=None, action=AuditAction.TRANSITION, target=current,
        reason=f"Quá hạn {late} ngày làm việc: báo cáo {parent.name}",
        before={"escalated_to_id": None},
        after={"action": "ESCALATE", "status": current.status, "escalated_to_id": parent.pk,
               "escalated_on": on, "due_on": current.due_on, "working_days_late": late},
    )
    return True
