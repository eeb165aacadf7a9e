"""The only writers of admission dossiers: each change is checked (scope, clearance, role, the
workflow table and its guards) and audited in the same transaction."""

from datetime import date

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.choices import WRITER_ROLES
from admission import workflow
from admission.choices import PAPERS_EDITABLE_STATUSES, Status
from admission.models import (
    AdmissionDocument,
    AdmissionDocumentKind,
    AdmissionDossier,
    AdmissionRule,
    add_months,
)
from audit.choices import AuditAction
from audit.services import record_event
from coordination.models import CoordinationRequest
from core.errors import EditConflict, NotAllowed
from core.workdays import WorkCalendar
from orgs.models import OrgUnit
from people.services import do_set_party_status

PLAIN_FIELDS = ["person", "org_unit", "classification", "opened_on", "special_case",
                "special_case_reason"]
AUDITED_FIELDS = ["person_id", "org_unit_id", "classification", "opened_on", "special_case",
                  "special_case_reason", "status", "verification_sent_on", "results_in_on",
                  "cell_resolved_on", "cell_resolution_number", "decision_due_on", "decided_on",
                  "decision_number", "ceremony_due_on", "ceremony_on", "probation_ends_on",
                  "full_member_on"]


def today() -> date:
    return timezone.localdate()


def snapshot(dossier: AdmissionDossier) -> dict:
    return {name: getattr(dossier, name) for name in AUDITED_FIELDS}


def _check_can_write(actor, unit: OrgUnit, classification: int) -> None:
    if actor.role not in WRITER_ROLES:
        raise NotAllowed("role")
    if not OrgUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise NotAllowed("scope")
    if classification > actor.clearance:
        raise NotAllowed("clearance")


def _locked(dossier: AdmissionDossier) -> AdmissionDossier:
    return AdmissionDossier.objects.select_for_update(of=("self",)).select_related(
        "person", "org_unit").get(pk=dossier.pk)


def _save(dossier: AdmissionDossier) -> AdmissionDossier:
    dossier.version = F("version") + 1
    dossier.save()
    dossier.refresh_from_db()
    return dossier


@transaction.atomic
def do_create_dossier(*, actor, data: dict, reason: str = "") -> AdmissionDossier:
    """Open a dossier (COLLECTING) from validated data (admission.forms.DossierForm)."""
    _check_can_write(actor, data["org_unit"], data.get("classification", 0))
    dossier = AdmissionDossier(**{name: data[name] for name in PLAIN_FIELDS if name in data})
    dossier.save()
    record_event(actor=actor, action=AuditAction.CREATE, target=dossier, reason=reason,
                 after=snapshot(dossier))
    return dossier


@transaction.atomic
def do_update_dossier(*, actor, dossier: AdmissionDossier, data: dict, expected_version: int,
                      reason: str = "") -> AdmissionDossier:
    """Correct a dossier unless someone saved since ``expected_version`` (EditConflict)."""
    _check_can_write(actor, dossier.org_unit, dossier.classification)
    _check_can_write(actor, data.get("org_unit", dossier.org_unit),
                     data.get("classification", dossier.classification))
    current = _locked(dossier)
    if current.version != expected_version:
        raise EditConflict()
    before = snapshot(current)
    for name in PLAIN_FIELDS:
        if name in data and name != "person":
            setattr(current, name, data[name])
    if current.cell_resolved_on is not None:
        _set_decision_due(current, WorkCalendar.load())
    current = _save(current)
    record_event(actor=actor, action=AuditAction.UPDATE, target=current, reason=reason,
                 before=before, after=snapshot(current))
    return current


@transaction.atomic
def do_add_document(*, actor, dossier: AdmissionDossier, data: dict) -> AdmissionDocument:
    """Record a paper of the dossier; its expiry follows from its kind's validity."""
    _check_can_write(actor, dossier.org_unit, dossier.classification)
    current = _locked(dossier)
    kind = data["kind"]
    document = AdmissionDocument.objects.create(
        dossier=current, kind=kind, issued_on=data["issued_on"],
        expires_on=add_months(data["issued_on"], kind.validity_months),
        number=data.get("number", ""), note=data.get("note", ""),
        document=data.get("document"),
    )
    AdmissionDossier.objects.filter(pk=current.pk).update(version=F("version") + 1,
                                                          updated_at=timezone.now())
    record_event(actor=actor, action=AuditAction.UPDATE, target=current,
                 after={"document_id": document.pk, "kind": kind.code,
                        "issued_on": document.issued_on, "expires_on": document.expires_on})
    return document


PAPER_FIELDS = ["kind", "issued_on", "number", "note", "document"]


def _paper_values(paper: AdmissionDocument) -> dict:
    return {"document_id": paper.pk, "kind": paper.kind.code, "issued_on": paper.issued_on,
            "expires_on": paper.expires_on, "number": paper.number, "note": paper.note,
            "archived_document_id": paper.document_id}


@transaction.atomic
def do_update_document(*, actor, paper: AdmissionDocument, data: dict, expected_version: int,
                       reason: str = "") -> AdmissionDocument:
    """Correct a paper (kind, date, number, note, archived document) until the cell's
    resolution, which was checked against the papers' validity; the expiry is recomputed."""
    dossier = paper.dossier
    _check_can_write(actor, dossier.org_unit, dossier.classification)
    current_dossier = _locked(dossier)
    if current_dossier.status not in PAPERS_EDITABLE_STATUSES:
        raise workflow.Refused(_papers_fixed_message())
    current = AdmissionDocument.objects.select_for_update(of=("self",)).select_related(
        "kind").get(pk=paper.pk)
    if current.dossier_id != current_dossier.pk:
        raise NotAllowed("paper of another dossier")
    if current.version != expected_version:
        raise EditConflict()
    before = _paper_values(current)
    for name in PAPER_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.expires_on = add_months(current.issued_on, current.kind.validity_months)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    AdmissionDossier.objects.filter(pk=current_dossier.pk).update(version=F("version") + 1,
                                                                  updated_at=timezone.now())
    record_event(actor=actor, action=AuditAction.UPDATE, target=current_dossier, reason=reason,
                 before=before, after=_paper_values(current))
    return current


def _papers_fixed_message() -> str:
    from django.utils.translation import gettext as _

    return _("Chi bộ đã ra nghị quyết trên các giấy tờ này: không sửa được nữa (bổ sung giấy "
             "tờ mới nếu cần).")


@transaction.atomic
def do_link_letter(*, actor, dossier: AdmissionDossier,
                   request: CoordinationRequest) -> CoordinationRequest:
    """Attach a verification request (coordination ledger) to the dossier as one of its letters."""
    _check_can_write(actor, dossier.org_unit, dossier.classification)
    CoordinationRequest.objects.filter(pk=request.pk).update(admission_dossier=dossier)
    record_event(actor=actor, action=AuditAction.UPDATE, target=dossier,
                 after={"linked_request_id": request.pk, "letter_number": request.letter_number})
    return request


def current_papers(dossier: AdmissionDossier) -> dict:
    """The latest paper of each kind (a newer one replaces an expired one): {kind: paper}."""
    latest = {}
    for paper in dossier.documents.select_related("kind").order_by("issued_on", "pk"):
        latest[paper.kind] = paper
    return latest


def expired_on(dossier: AdmissionDossier, on: date) -> list[tuple[str, date]]:
    """(kind name, expiry) of each current paper no longer valid on ``on``."""
    papers = sorted(current_papers(dossier).values(), key=lambda p: (p.expires_on, p.pk))
    return [(p.kind.name, p.expires_on) for p in papers if p.is_expired(on)]


def missing_kinds(dossier: AdmissionDossier, on: date) -> list[str]:
    """Names of the required papers (kinds in force on ``on``) the dossier does not have."""
    have = {kind.pk for kind in current_papers(dossier)}
    required = (AdmissionDocumentKind.objects.filter(required=True, valid_from__lte=on)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)))
    return [kind.name for kind in required if kind.pk not in have]


def _rule(dossier: AdmissionDossier) -> AdmissionRule:
    rule = dossier.rule or AdmissionRule.in_force(dossier.cell_resolved_on)
    if rule is None:
        raise workflow.Refused(_no_rule_message())
    return rule


def _no_rule_message() -> str:
    from django.utils.translation import gettext as _

    return _("Chưa có thời hạn kết nạp áp dụng cho ngày này: quản trị viên cần khai báo.")


def _set_decision_due(dossier: AdmissionDossier, calendar: WorkCalendar) -> None:
    rule = AdmissionRule.in_force(dossier.cell_resolved_on) if dossier.rule_id is None \
        else dossier.rule
    dossier.rule = rule
    if rule is None:
        dossier.decision_due_on = None
        return
    days = rule.decision_days + (rule.special_extra_days if dossier.special_case else 0)
    dossier.decision_due_on = calendar.add_working_days(dossier.cell_resolved_on, days)


def _guard_and_apply(dossier: AdmissionDossier, action: str, on: date, number: str,
                     calendar: WorkCalendar) -> None:
    """Check the dated guard of ``action`` and set the milestone fields it records."""
    from django.utils.translation import gettext as _

    if action == workflow.Action.SEND_VERIFICATION:
        _not_before(on, dossier.opened_on, _("lập hồ sơ"))
        dossier.verification_sent_on = on
    elif action == workflow.Action.RECORD_RESULTS:
        _not_before(on, dossier.verification_sent_on, _("gửi thẩm tra"))
        dossier.results_in_on = on
    elif action == workflow.Action.CELL_RESOLVE:
        _not_before(on, dossier.results_in_on, _("có kết quả thẩm tra"))
        _refuse(workflow.missing_documents_message(missing_kinds(dossier, on)))
        _refuse(workflow.expired_documents_message(expired_on(dossier, on)))
        dossier.cell_resolved_on, dossier.cell_resolution_number = on, number
        dossier.rule = None
        _set_decision_due(dossier, calendar)
        if dossier.rule is None:
            raise workflow.Refused(_no_rule_message())
    elif action == workflow.Action.DECIDE:
        _not_before(on, dossier.cell_resolved_on, _("chi bộ ra nghị quyết"))
        _refuse(workflow.expired_documents_message(expired_on(dossier, dossier.cell_resolved_on)))
        _refuse(workflow.deadline_message(on, dossier.decision_due_on,
                                          _("Quyết định kết nạp")))
        dossier.decided_on, dossier.decision_number = on, number
        dossier.ceremony_due_on = calendar.add_working_days(on, _rule(dossier).ceremony_days)
    elif action == workflow.Action.ADMIT:
        _not_before(on, dossier.decided_on, _("quyết định kết nạp"))
        _refuse(workflow.deadline_message(on, dossier.ceremony_due_on, _("Lễ kết nạp")))
        dossier.ceremony_on = on
        dossier.probation_ends_on = add_months(on, _rule(dossier).probation_months)
    elif action == workflow.Action.CONFIRM:
        if on < dossier.probation_ends_on:
            raise workflow.Refused(
                _("Chưa hết thời gian dự bị (đến ngày %(date)s): chưa thể công nhận chính thức.")
                % {"date": f"{dossier.probation_ends_on:%d/%m/%Y}"})
        dossier.full_member_on = on


def _not_before(on: date, earlier: date | None, what: str) -> None:
    if earlier is not None:
        _refuse(workflow.not_before_message(on, earlier, what))


def _refuse(message: str | None) -> None:
    if message:
        raise workflow.Refused(message)


def _update_person(actor, dossier: AdmissionDossier, action: str) -> None:
    """The person's party status follows the ceremony and the full-member recognition."""
    if action == workflow.Action.ADMIT:
        do_set_party_status(actor=actor, person=dossier.person, status="DU_BI",
                            admitted_on=dossier.ceremony_on,
                            reason=f"Kết nạp Đảng, quyết định {dossier.decision_number}".strip())
    elif action == workflow.Action.CONFIRM:
        do_set_party_status(actor=actor, person=dossier.person, status="CHINH_THUC",
                            admitted_on=dossier.ceremony_on, official_on=dossier.probation_ends_on,
                            reason="Công nhận đảng viên chính thức")


@transaction.atomic
def do_transition_dossier(*, actor, dossier: AdmissionDossier, action: str, on: date,
                          number: str = "", reason: str = "",
                          expected_version: int | None = None,
                          calendar: WorkCalendar | None = None) -> AdmissionDossier:
    """One move of the workflow on date ``on``, checked against the table and its guards."""
    _check_can_write(actor, dossier.org_unit, dossier.classification)
    current = _locked(dossier)
    if expected_version is not None and current.version != expected_version:
        raise EditConflict()
    transition = workflow.TRANSITIONS.get(action)
    if transition is not None and transition.reason_required and not reason.strip():
        raise ValueError("reason")
    previous = current.status
    current.status = workflow.target_of(previous, action, actor.role)
    _guard_and_apply(current, action, on, number, calendar or WorkCalendar.load())
    current = _save(current)
    _update_person(actor, current, action)
    record_event(actor=actor, action=AuditAction.TRANSITION, target=current, reason=reason,
                 before={"status": previous},
                 after={"action": action, "status": current.status, "on": on, "number": number})
    return current


def is_open(status: str) -> bool:
    return status not in (Status.FULL_MEMBER, Status.WITHDRAWN)
