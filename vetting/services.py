"""The only writers of vetting cases: each change is checked (role, scope, clearance, conflict of
interest, the workflow table) and audited against the case in the same transaction, so the case
timeline shows every step with who, when and why."""

import calendar as month_calendar
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import WRITER_ROLES
from audit.choices import AuditAction
from audit.services import record_event
from core.cccd import blind_index, encrypt_value
from core.errors import EditConflict, NotAllowed
from core.workdays import WorkCalendar
from orgs.models import OrgUnit
from vetting import workflow
from vetting.choices import ADVERSE_OUTCOMES, Outcome, Status
from vetting.models import (
    Complaint,
    Conclusion,
    Explanation,
    Finding,
    Pause,
    Relative,
    VettingCase,
)

CASE_FIELDS = ["org_unit", "subject", "purpose", "position", "requesting_unit", "competent_body",
               "classification"]
AUDITED_FIELDS = ["org_unit_id", "subject_id", "purpose_id", "position", "requesting_unit_id",
                  "competent_body_id", "classification", "officer_id", "status", "opened_on",
                  "due_on", "paused_days", "concluded_on", "recheck_on"]


class RuleBroken(Exception):
    """A rule of the vetting procedure refuses the step; ``message`` says which, in Vietnamese."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def today() -> date:
    return timezone.localdate()


def snapshot(case: VettingCase) -> dict:
    return {name: getattr(case, name) for name in AUDITED_FIELDS}


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


# --- who may act -------------------------------------------------------------------------------


def conflict_of_interest(user, case: VettingCase) -> bool:
    """True when ``user`` is the case's subject or one of its declared relatives.

    A user is linked to their own Person record (accounts.User.person); relatives are matched by
    that person's CCCD blind index, so nobody deals with a case about themselves or their family.
    """
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return False
    if case.subject_id == person_id:
        return True
    index = getattr(user.person, "cccd_index", None)
    return bool(index) and case.relatives.filter(cccd_index=index).exists()


def _check_can_write(actor, unit: OrgUnit, classification: int) -> None:
    if actor.role not in WRITER_ROLES:
        raise NotAllowed("role")
    if not OrgUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise NotAllowed("scope")
    if classification > actor.clearance:
        raise NotAllowed("clearance")


def check_can_act(actor, case: VettingCase) -> None:
    """Writer in scope and clearance, and not the subject nor a relative (NotAllowed)."""
    _check_can_write(actor, case.org_unit, case.classification)
    if conflict_of_interest(actor, case):
        raise NotAllowed("conflict of interest")


def _locked(case: VettingCase) -> VettingCase:
    return VettingCase.objects.select_for_update(of=("self",)).select_related(
        "org_unit", "purpose", "competent_body", "subject").get(pk=case.pk)


def _save(case: VettingCase) -> VettingCase:
    case.version = F("version") + 1
    case.save()
    case.refresh_from_db()
    return case


def _event(actor, case, reason: str = "", before=None, after=None,
           action: str = AuditAction.UPDATE) -> None:
    record_event(actor=actor, action=action, target=case, reason=reason, before=before,
                 after=after)


# --- the clock ---------------------------------------------------------------------------------


def compute_due(case: VettingCase, calendar: WorkCalendar | None = None) -> date | None:
    """Case deadline: opened_on + the purpose's working days + working days spent paused."""
    if case.opened_on is None:
        return None
    calendar = calendar or WorkCalendar.load()
    return calendar.add_working_days(case.opened_on, case.purpose.sla_days + case.paused_days)


# --- the case ----------------------------------------------------------------------------------


@transaction.atomic
def do_create_case(*, actor, data: dict, reason: str = "") -> VettingCase:
    """Open a case (DRAFT) from validated data (vetting.forms.CaseForm.cleaned_data)."""
    _check_can_write(actor, data["org_unit"], data.get("classification", 0))
    case = VettingCase(**{name: data[name] for name in CASE_FIELDS if name in data})
    if actor.person_id is not None and actor.person_id == case.subject_id:
        raise NotAllowed("conflict of interest")
    case.save()
    record_event(actor=actor, action=AuditAction.CREATE, target=case, reason=reason,
                 after=snapshot(case))
    return case


@transaction.atomic
def do_update_case(*, actor, case: VettingCase, data: dict, expected_version: int,
                   reason: str = "") -> VettingCase:
    """Correct a case unless someone saved since ``expected_version`` (EditConflict)."""
    check_can_act(actor, case)
    _check_can_write(actor, data.get("org_unit", case.org_unit),
                     data.get("classification", case.classification))
    current = _locked(case)
    if current.version != expected_version:
        raise EditConflict()
    if not workflow.is_editable(current.status):
        raise workflow.IllegalTransition("edit")
    before = snapshot(current)
    for name in CASE_FIELDS:
        if name in data and name != "subject":  # the subject of a case never changes
            setattr(current, name, data[name])
    current.due_on = compute_due(current)
    _save(current)
    _event(actor, current, reason, before, snapshot(current))
    return current


def _transition_event(actor, case, action: str, previous: str, reason: str, extra=None):
    after = {"action": action, "status": case.status, **(extra or {})}
    record_event(actor=actor, action=AuditAction.TRANSITION, target=case, reason=reason,
                 before={"status": previous}, after=after)


@transaction.atomic
def do_transition_case(*, actor, case: VettingCase, action: str, reason: str = "",
                       on: date | None = None,
                       expected_version: int | None = None) -> VettingCase:
    """A move of the workflow table (submit, return, start, suspend, resume, withdraw …)."""
    check_can_act(actor, case)
    current = _locked(case)
    if expected_version is not None and current.version != expected_version:
        raise EditConflict()
    if workflow.reason_required(action) and not reason.strip():
        raise RuleBroken(_reason_missing())
    on = on or today()
    previous = current.status
    current.status = workflow.target_of(previous, action, actor.role, current.status_before_pause)
    extra = {}
    if action == workflow.Action.SUBMIT:
        current.opened_on = on
    if action == workflow.Action.SUSPEND:
        current.status_before_pause = previous
        Pause.objects.create(case=current, started_on=on, reason=reason)
    if action == workflow.Action.RESUME:
        extra["paused_working_days"] = _close_pause(current, on)
        current.status_before_pause = ""
    current.due_on = compute_due(current)
    extra["due_on"] = current.due_on
    _save(current)
    _transition_event(actor, current, action, previous, reason, extra)
    return current


def _reason_missing():
    return _("Cần nêu lý do.")


def _close_pause(case: VettingCase, on: date) -> int:
    """End the open pause on ``on``; its working days extend the case deadline."""
    pause = case.pauses.filter(ended_on__isnull=True).order_by("-id").first()
    if pause is None:
        return 0
    if on < pause.started_on:
        raise RuleBroken(_("Ngày tiếp tục không được trước ngày tạm dừng."))
    # The clock stood still on the working days from the pause day up to the day before resuming.
    pause.working_days = WorkCalendar.load().working_days_between(
        pause.started_on - timedelta(days=1), on - timedelta(days=1))
    pause.ended_on = on
    pause.save(update_fields=["working_days", "ended_on"])
    case.paused_days += pause.working_days
    return pause.working_days


@transaction.atomic
def do_assign_case(*, actor, case: VettingCase, officer, team, expected_version: int,
                   reason: str = "") -> VettingCase:
    """Name the handling officer and the verification team (leaders)."""
    check_can_act(actor, case)
    current = _locked(case)
    if current.version != expected_version:
        raise EditConflict()
    for member in [officer, *team]:
        if conflict_of_interest(member, current):
            raise RuleBroken(_("Không thể phân công người là đối tượng hoặc thân nhân của "
                               "đối tượng thẩm định."))
    previous = current.status
    current.status = workflow.target_of(previous, workflow.Action.ASSIGN, actor.role)
    current.officer = officer
    current.due_on = compute_due(current)
    _save(current)
    current.team.set(team)
    _transition_event(actor, current, workflow.Action.ASSIGN, previous, reason,
                      {"officer_id": officer.pk, "team": sorted(u.pk for u in team)})
    return current


# --- relatives and findings --------------------------------------------------------------------


def _check_editable(case: VettingCase) -> None:
    if not workflow.is_editable(case.status):
        raise workflow.IllegalTransition("edit")


@transaction.atomic
def do_add_relative(*, actor, case: VettingCase, data: dict) -> Relative:
    """Add a line of the declaration (a relation the form asks for)."""
    check_can_act(actor, case)
    current = _locked(case)
    _check_editable(current)
    cccd = data.get("cccd", "")
    relative = Relative.objects.create(
        case=current, relation=data["relation"], full_name=data["full_name"],
        birth_year=data.get("birth_year"), residence=data.get("residence", ""),
        occupation=data.get("occupation", ""),
        cccd_encrypted=encrypt_value(cccd) if cccd else "",
        cccd_index=blind_index(cccd) if cccd else "")
    VettingCase.objects.filter(pk=current.pk).update(version=F("version") + 1)
    _event(actor, current, after={"relative_id": relative.pk, "relation": relative.relation,
                                  "full_name": relative.full_name,
                                  "cccd_index": relative.cccd_index})
    return relative


@transaction.atomic
def do_add_finding(*, actor, case: VettingCase, data: dict) -> Finding:
    """Record a verified fact of a category, about the subject or one of the case's relatives."""
    from documents.services import do_link_document

    check_can_act(actor, case)
    current = _locked(case)
    _check_editable(current)
    relative = data.get("relative")
    if relative is not None and relative.case_id != current.pk:
        raise NotAllowed("relative of another case")
    finding = Finding.objects.create(
        case=current, category=data["category"], relative=relative, summary=data["summary"],
        source=data.get("source", ""), recorded_on=data.get("recorded_on") or today(),
        recorded_by=actor)
    for document in data.get("evidence") or []:
        do_link_document(actor=actor, document=document, target=finding)
    VettingCase.objects.filter(pk=current.pk).update(version=F("version") + 1)
    _event(actor, current, after={"finding_id": finding.pk, "category": finding.category.code,
                                  "relative_id": finding.relative_id,
                                  "evidence": [d.pk for d in data.get("evidence") or []]})
    return finding


@transaction.atomic
def do_raise_request(*, actor, case: VettingCase, data: dict):
    """A verification request (XAC_MINH) about the subject or one relative, written into the
    coordination ledger (the same ledger, not a second system) and linked to the case."""
    from coordination.models import CoordinationRequest
    from coordination.services import do_create_request

    check_can_act(actor, case)
    current = _locked(case)
    _check_editable(current)
    relative = data.pop("relative", None)
    if relative is not None and relative.case_id != current.pk:
        raise NotAllowed("relative of another case")
    data.update(kind="XAC_MINH", direction="SENT", org_unit=current.org_unit,
                subject_person=current.subject, classification=current.classification)
    request = do_create_request(actor=actor, data=data)
    CoordinationRequest.objects.filter(pk=request.pk).update(vetting_case=current,
                                                             relative=relative)
    request.refresh_from_db()
    _event(actor, current, after={"coordination_request_id": request.pk,
                                  "relative_id": getattr(relative, "pk", None)})
    return request


# --- explanation, conclusion, complaint --------------------------------------------------------


@transaction.atomic
def do_request_explanation(*, actor, case: VettingCase, data: dict) -> Explanation:
    """Ask the subject for a written explanation; its deadline is the purpose's working days."""
    check_can_act(actor, case)
    current = _locked(case)
    _check_editable(current)
    requested = data.get("requested_on") or today()
    due = WorkCalendar.load().add_working_days(requested, current.purpose.explanation_days)
    explanation = Explanation.objects.create(case=current, requested_on=requested, due_on=due,
                                             points=data["points"], created_by=actor)
    _event(actor, current, after={"explanation_id": explanation.pk, "requested_on": requested,
                                  "explanation_due_on": due})
    return explanation


@transaction.atomic
def do_record_explanation(*, actor, explanation: Explanation, data: dict) -> Explanation:
    """The subject's explanation arrived: its date and summary."""
    check_can_act(actor, explanation.case)
    if explanation.settled:
        raise RuleBroken(_("Giải trình này đã được ghi nhận."))
    if data["received_on"] < explanation.requested_on:
        raise RuleBroken(_("Ngày nhận giải trình không được trước ngày đề nghị."))
    explanation.received_on, explanation.summary = data["received_on"], data["summary"]
    explanation.save(update_fields=["received_on", "summary"])
    _event(actor, explanation.case, after={"explanation_id": explanation.pk,
                                           "received_on": explanation.received_on})
    return explanation


@transaction.atomic
def do_note_no_explanation(*, actor, explanation: Explanation, on: date | None = None):
    """Note that no explanation came, only once its deadline has passed."""
    check_can_act(actor, explanation.case)
    on = on or today()
    if explanation.settled:
        raise RuleBroken(_("Giải trình này đã được ghi nhận."))
    if on <= explanation.due_on:
        raise RuleBroken(_("Chưa hết hạn giải trình (%(due)s): chưa thể ghi nhận không giải "
                           "trình.") % {"due": explanation.due_on.strftime("%d/%m/%Y")})
    explanation.absence_noted_on = on
    explanation.save(update_fields=["absence_noted_on"])
    _event(actor, explanation.case, after={"explanation_id": explanation.pk,
                                           "absence_noted_on": on})
    return explanation


def current_conclusion(case: VettingCase) -> Conclusion | None:
    return case.conclusions.filter(withdrawn=False).order_by("-id").first()


@transaction.atomic
def do_propose_conclusion(*, actor, case: VettingCase, data: dict,
                          expected_version: int | None = None) -> Conclusion:
    """Propose an outcome chosen by a person (never by the software), with reasons."""
    check_can_act(actor, case)
    current = _locked(case)
    if expected_version is not None and current.version != expected_version:
        raise EditConflict()
    outcome = data["outcome"]
    if outcome == Outcome.DU_CO_GIOI_HAN and not data.get("ceiling"):
        raise RuleBroken(_("Kết luận “đủ tiêu chuẩn có giới hạn” cần ghi rõ giới hạn."))
    if outcome in ADVERSE_OUTCOMES and not current.explanations.filter(
            Q(received_on__isnull=False) | Q(absence_noted_on__isnull=False)).exists():
        raise RuleBroken(_("Trước khi đề xuất kết luận bất lợi phải đề nghị đối tượng giải trình "
                           "và ghi nhận giải trình (hoặc ghi nhận không giải trình khi đã hết "
                           "hạn)."))
    previous = current.status
    current.status = workflow.target_of(previous, workflow.Action.PROPOSE, actor.role)
    conclusion = Conclusion.objects.create(
        case=current, outcome=outcome, ceiling=data.get("ceiling", ""), reasons=data["reasons"],
        proposed_by=actor, proposed_on=data.get("proposed_on") or today())
    _save(current)
    _transition_event(actor, current, workflow.Action.PROPOSE, previous, data["reasons"][:200],
                      {"conclusion_id": conclusion.pk, "outcome": outcome,
                       "ceiling": conclusion.ceiling})
    return conclusion


def in_competent_body(user, case: VettingCase) -> bool:
    """The user belongs to the competent body itself (not to a unit below it)."""
    return getattr(user, "org_unit_id", None) == case.competent_body_id


@transaction.atomic
def do_approve_conclusion(*, actor, case: VettingCase) -> Conclusion:
    """Second named approval of an adverse proposal: a leader other than the proposer."""
    check_can_act(actor, case)
    current = _locked(case)
    conclusion = current_conclusion(current)
    if current.status != Status.PROPOSED or conclusion is None:
        raise workflow.IllegalTransition("approve")
    if actor.role not in workflow.LEADERS:
        raise workflow.RoleRefused("approve")
    if not conclusion.is_adverse:
        raise RuleBroken(_("Chỉ kết luận bất lợi mới cần người phê duyệt thứ hai."))
    if conclusion.second_approver_id is not None:
        # Two leaders approving at once: the case lock above serialises them; the second loses.
        raise RuleBroken(_("Kết luận này đã được phê duyệt lần hai (%(name)s).")
                         % {"name": conclusion.second_approver.display_name})
    if actor.pk in (conclusion.proposed_by_id, conclusion.decider_id):
        raise RuleBroken(_("Người phê duyệt thứ hai phải khác người đề xuất và người kết luận."))
    conclusion.second_approver, conclusion.second_approved_on = actor, today()
    conclusion.save(update_fields=["second_approver", "second_approved_on"])
    VettingCase.objects.filter(pk=current.pk).update(version=F("version") + 1)
    _event(actor, current, after={"conclusion_id": conclusion.pk, "second_approver_id": actor.pk})
    return conclusion


@transaction.atomic
def do_decide_conclusion(*, actor, case: VettingCase, data: dict,
                         expected_version: int | None = None) -> Conclusion:
    """The named decider of the competent body concludes: date, document, re-check date."""
    check_can_act(actor, case)
    current = _locked(case)
    if expected_version is not None and current.version != expected_version:
        raise EditConflict()
    conclusion = current_conclusion(current)
    if conclusion is None:
        raise workflow.IllegalTransition("decide")
    if not in_competent_body(actor, current):
        raise RuleBroken(_("Chỉ người của cấp có thẩm quyền (%(body)s) mới được kết luận.")
                         % {"body": current.competent_body.name})
    if conclusion.is_adverse:
        if conclusion.second_approver_id is None:
            raise RuleBroken(_("Kết luận bất lợi cần người phê duyệt thứ hai trước khi ký."))
        if conclusion.second_approver_id == actor.pk:
            raise RuleBroken(_("Người kết luận phải khác người phê duyệt thứ hai."))
    previous = current.status
    current.status = workflow.target_of(previous, workflow.Action.CONCLUDE, actor.role)
    decided = data.get("decided_on") or today()
    recheck = data.get("recheck_on") or add_months(decided, current.purpose.recheck_months)
    conclusion.decider, conclusion.decided_on = actor, decided
    conclusion.decision_document = data.get("decision_document")
    conclusion.recheck_on = recheck
    conclusion.save()
    if conclusion.decision_document is not None:
        from documents.services import do_link_document

        do_link_document(actor=actor, document=conclusion.decision_document, target=current)
    current.concluded_on, current.recheck_on = decided, recheck
    _save(current)
    _transition_event(actor, current, workflow.Action.CONCLUDE, previous,
                      data.get("reason") or conclusion.reasons[:200],
                      {"conclusion_id": conclusion.pk, "outcome": conclusion.outcome,
                       "decider_id": actor.pk, "decided_on": decided, "recheck_on": recheck,
                       "decision_document_id": getattr(conclusion.decision_document, "pk", None)})
    return conclusion


@transaction.atomic
def do_send_back(*, actor, case: VettingCase, reason: str,
                 expected_version: int | None = None) -> VettingCase:
    """The proposal goes back to appraisal; it stays on record, marked withdrawn."""
    current = do_transition_case(actor=actor, case=case, action=workflow.Action.SEND_BACK,
                                 reason=reason, expected_version=expected_version)
    current.conclusions.filter(withdrawn=False, decider__isnull=True).update(withdrawn=True)
    return current


@transaction.atomic
def do_file_complaint(*, actor, case: VettingCase, data: dict) -> Complaint:
    """Record a complaint against the decided conclusion, with its deadline."""
    check_can_act(actor, case)
    conclusion = current_conclusion(case)
    if conclusion is None or conclusion.decided_on is None:
        raise RuleBroken(_("Chỉ khiếu nại được kết luận đã ban hành."))
    filed = data["filed_on"]
    if filed < conclusion.decided_on:
        raise RuleBroken(_("Ngày khiếu nại không được trước ngày kết luận."))
    due = WorkCalendar.load().add_working_days(filed, case.purpose.complaint_days)
    complaint = Complaint.objects.create(case=case, conclusion=conclusion, filed_on=filed,
                                         due_on=due, summary=data["summary"], created_by=actor)
    _event(actor, case, after={"complaint_id": complaint.pk, "filed_on": filed,
                               "complaint_due_on": due})
    return complaint


@transaction.atomic
def do_settle_complaint(*, actor, complaint: Complaint, data: dict) -> Complaint:
    """Record how a complaint was settled."""
    check_can_act(actor, complaint.case)
    if complaint.result:
        raise RuleBroken(_("Khiếu nại này đã được giải quyết."))
    if data["result_on"] < complaint.filed_on:
        raise RuleBroken(_("Ngày giải quyết không được trước ngày nhận khiếu nại."))
    complaint.result, complaint.result_on = data["result"], data["result_on"]
    complaint.result_summary = data.get("result_summary", "")
    complaint.save(update_fields=["result", "result_on", "result_summary"])
    _event(actor, complaint.case, after={"complaint_id": complaint.pk, "result": complaint.result,
                                         "result_on": complaint.result_on})
    return complaint


def do_mark_rechecks(*, on: date | None = None) -> int:
    """Concluded cases whose re-check date has come move to NEEDS_RECHECK (daily; idempotent)."""
    on = on or today()
    moved = 0
    for case in VettingCase.objects.filter(status=Status.CONCLUDED, recheck_on__lte=on):
        with transaction.atomic():
            current = _locked(case)
            if current.status != Status.CONCLUDED:
                continue
            current.status = workflow.target_of(current.status, workflow.Action.RECHECK, None)
            _save(current)
            _transition_event(None, current, workflow.Action.RECHECK, Status.CONCLUDED,
                              f"Đến ngày xem xét lại {current.recheck_on:%d/%m/%Y}")
            moved += 1
    return moved
