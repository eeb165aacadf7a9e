"""The only writers of inspections: each change is checked and audited in one transaction.

Every event targets the inspection (or the programme) it belongs to, so the inspection's
timeline is its audit events; ``after`` says which part changed.
"""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.choices import WRITER_ROLES
from audit.choices import AuditAction
from audit.services import record_event
from core.errors import EditConflict, NotAllowed
from inspections import workflow
from inspections.choices import AppealResult, DisciplineForm, DocType, Status, TeamRole
from inspections.models import (
    Appeal,
    AppealRule,
    Conclusion,
    Document,
    DurationRule,
    Finding,
    Inspection,
    Programme,
    RemediationItem,
    Subject,
    TeamMember,
    add_days,
)
from orgs.models import OrgUnit

INSPECTION_FIELDS = ["kind", "type", "title", "look_back_from", "look_back_to", "planned_month",
                     "follow_up_of", "classification"]


class WorkflowError(Exception):
    """A transition the table or its guards refuse; ``message`` says what to do (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _check_can_write(actor, unit: OrgUnit, classification: int) -> None:
    if actor is None or actor.role not in WRITER_ROLES:
        raise NotAllowed("role")
    if not OrgUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise NotAllowed("scope")
    if classification > actor.clearance:
        raise NotAllowed("clearance")


def _check_inspection(actor, inspection: Inspection) -> None:
    _check_can_write(actor, inspection.org_unit, inspection.classification)


def _bump(inspection: Inspection, expected_version: int | None, **values) -> None:
    """Compare-and-set on the version: the second of two editors updates zero rows."""
    rows = Inspection.objects.filter(pk=inspection.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, **values):
        raise EditConflict()
    inspection.refresh_from_db()


def _check_version(inspection: Inspection, expected_version: int) -> None:
    """A stale editor hears of the conflict first, before any guard speaks of the new state."""
    if inspection.version != expected_version:
        raise EditConflict()


def _event(actor, inspection, action=AuditAction.UPDATE, reason="", before=None, **after):
    return record_event(actor=actor, action=action, target=inspection, reason=reason,
                        before=before, after=after)


# --- programme and inspection ----------------------------------------------------------------


@transaction.atomic
def do_create_programme(*, actor, data: dict) -> Programme:
    """A yearly programme of the body ``data['org_unit']``."""
    _check_can_write(actor, data["org_unit"], data.get("classification", 0))
    programme = Programme.objects.create(**data)
    record_event(actor=actor, action=AuditAction.CREATE, target=programme,
                 after={"year": programme.year, "title": programme.title,
                        "number": programme.number})
    return programme


PROGRAMME_FIELDS = ["year", "title", "number", "issued_on", "place", "classification"]


@transaction.atomic
def do_update_programme(*, actor, programme: Programme, data: dict, expected_version: int,
                        reason: str = "") -> Programme:
    """Correct a programme (year, title, number, date, place, level); its issuing body stays.
    Its level may not fall below one of its inspections' (an inspection is never less secret
    than its programme); compare-and-set on its version."""
    _check_can_write(actor, programme.org_unit, programme.classification)
    if programme.version != expected_version:
        raise EditConflict()
    level = data.get("classification", programme.classification)
    _check_can_write(actor, programme.org_unit, level)
    if programme.inspections.filter(classification__lt=level).exists():
        raise WorkflowError(_("Chương trình có cuộc kiểm tra với độ mật thấp hơn: không nâng "
                              "độ mật của chương trình được."))
    before = {name: getattr(programme, name) for name in PROGRAMME_FIELDS}
    values = {name: data[name] for name in PROGRAMME_FIELDS if name in data}
    if not Programme.objects.filter(pk=programme.pk, version=expected_version).update(
            version=F("version") + 1, **values):
        raise EditConflict()
    programme.refresh_from_db()
    record_event(actor=actor, action=AuditAction.UPDATE, target=programme, reason=reason,
                 before=before, after={name: getattr(programme, name)
                                       for name in PROGRAMME_FIELDS})
    return programme


@transaction.atomic
def do_create_inspection(*, actor, programme: Programme, data: dict) -> Inspection:
    """A planned inspection of ``programme``; its level is that of the programme's body."""
    classification = max(data.get("classification", 0), programme.classification)
    _check_can_write(actor, programme.org_unit, classification)
    values = {name: data[name] for name in INSPECTION_FIELDS if name in data}
    values["classification"] = classification
    inspection = Inspection.objects.create(programme=programme, org_unit=programme.org_unit,
                                           level=programme.org_unit.kind, **values)
    _event(actor, inspection, AuditAction.CREATE, status=inspection.status,
           kind=inspection.kind, type=inspection.type, title=inspection.title)
    return inspection


def _snapshot(inspection: Inspection) -> dict:
    return {name: getattr(inspection, name if name != "follow_up_of" else "follow_up_of_id")
            for name in INSPECTION_FIELDS}


@transaction.atomic
def do_update_inspection(*, actor, inspection: Inspection, data: dict, expected_version: int,
                         reason: str = "") -> Inspection:
    """Change the inspection's description (not its status: see do_transition_inspection)."""
    _check_inspection(actor, inspection)
    _check_can_write(actor, inspection.org_unit, data.get("classification", 0))
    before = _snapshot(inspection)
    values = {name: data[name] for name in INSPECTION_FIELDS if name in data}
    values["classification"] = max(values.get("classification", 0),
                                   inspection.programme.classification)
    _bump(inspection, expected_version, **values)
    record_event(actor=actor, action=AuditAction.UPDATE, target=inspection, reason=reason,
                 before=before, after=_snapshot(inspection))
    return inspection


# --- subjects, team, documents ----------------------------------------------------------------


def _not_after_conclusion(inspection: Inspection) -> None:
    if workflow.reached(inspection.status, Status.CONCLUDED):
        raise WorkflowError(_("Cuộc kiểm tra đã kết luận: không thêm được nữa."))


@transaction.atomic
def do_add_subject(*, actor, inspection: Inspection, data: dict) -> Subject:
    """Add a subject (a unit or a member) before the decision is announced."""
    _check_inspection(actor, inspection)
    if workflow.reached(inspection.status, Status.ANNOUNCED):
        raise WorkflowError(_("Quyết định đã công bố: không thêm đối tượng được nữa."))
    subject = Subject.objects.create(inspection=inspection, org_unit=data.get("org_unit"),
                                     person=data.get("person"))
    _bump(inspection, None)
    _event(actor, inspection, subject_added=subject.pk, org_unit=subject.org_unit_id,
           person=subject.person_id)
    return subject


@transaction.atomic
def do_add_team_member(*, actor, inspection: Inspection, data: dict) -> TeamMember:
    """Add a member of the inspection team with a role."""
    _check_inspection(actor, inspection)
    _not_after_conclusion(inspection)
    member = TeamMember.objects.create(inspection=inspection, user=data.get("user"),
                                       person=data.get("person"), role=data["role"])
    _bump(inspection, None)
    _event(actor, inspection, team_member_added=member.pk, role=member.role,
           user=member.user_id, person=member.person_id)
    return member


@transaction.atomic
def do_add_document(*, actor, inspection: Inspection, data: dict) -> Document:
    """Record a document of the inspection (metadata: number, date, type, title)."""
    _check_inspection(actor, inspection)
    document = Document.objects.create(inspection=inspection, **data)
    _bump(inspection, None)
    _event(actor, inspection, document_added=document.pk, doc_type=document.doc_type,
           number=document.number, issued_on=document.issued_on)
    return document


DOCUMENT_FIELDS = ["doc_type", "number", "issued_on", "title", "subject"]


def _row_values(row, names: list[str]) -> dict:
    """A part's audited values (ids for foreign keys)."""
    return {name: getattr(row, f"{name}_id" if name in ("subject", "owner_unit") else name)
            for name in names}


def _check_subject(inspection: Inspection, data: dict) -> None:
    subject = data.get("subject")
    if subject is not None and subject.inspection_id != inspection.pk:
        raise NotAllowed("subject of another inspection")


@transaction.atomic
def do_update_document(*, actor, document: Document, data: dict, expected_version: int,
                       reason: str = "") -> Document:
    """Correct a document's metadata (type, number, date, title, subject) until the inspection
    is closed; compare-and-set on its version."""
    inspection = document.inspection
    _check_inspection(actor, inspection)
    if document.version != expected_version:
        raise EditConflict()
    if inspection.status == Status.CLOSED:
        raise WorkflowError(_("Cuộc kiểm tra đã kết thúc: không sửa được văn bản."))
    _check_subject(inspection, data)
    before = _row_values(document, DOCUMENT_FIELDS)
    values = {name: data[name] for name in DOCUMENT_FIELDS if name in data}
    if not Document.objects.filter(pk=document.pk, version=expected_version).update(
            version=F("version") + 1, **values):
        raise EditConflict()
    document.refresh_from_db()
    _bump(inspection, None)
    record_event(actor=actor, action=AuditAction.UPDATE, target=inspection, reason=reason,
                 before=before, after={"document_updated": document.pk,
                                       **_row_values(document, DOCUMENT_FIELDS)})
    return document


# --- the workflow -----------------------------------------------------------------------------


def _guard(inspection: Inspection, transition: workflow.Transition, on: date) -> None:
    """The database-dependent guards of a transition; WorkflowError when one fails."""
    have = set(inspection.documents.values_list("doc_type", flat=True))
    missing = [DocType(code).label for code in transition.documents if code not in have]
    if missing:
        raise WorkflowError(_("Cần có văn bản: %(docs)s.") % {"docs": ", ".join(map(str, missing))})
    target = transition.target
    if target == Status.DECIDED:
        if not inspection.subjects.exists():
            raise WorkflowError(_("Cần có ít nhất một đối tượng kiểm tra, giám sát."))
        if not inspection.team.filter(role=TeamRole.TRUONG_DOAN).exists():
            raise WorkflowError(_("Cần có trưởng đoàn trong đoàn kiểm tra, giám sát."))
    if target == Status.CONCLUDED and inspection.subjects.filter(conclusion__isnull=True).exists():
        raise WorkflowError(_("Cần kết luận đối với từng đối tượng trước khi kết luận cuộc "
                              "kiểm tra."))
    if target == Status.CLOSED and inspection.remediation_items.filter(done_on__isnull=True).exists():
        raise WorkflowError(_("Còn việc khắc phục chưa hoàn thành: chưa kết thúc được."))
    last = max(filter(None, [inspection.decided_on, inspection.started_on,
                             inspection.concluded_on]), default=None)
    if last and on < last:
        raise WorkflowError(_("Ngày này trước ngày của bước trước (%(d)s).")
                            % {"d": last.strftime("%d/%m/%Y")})


def _dates_for(inspection: Inspection, target: str, on: date) -> dict:
    """The fields a transition sets: the decision freezes the limit, the announcement starts it."""
    if target == Status.DECIDED:
        rule = DurationRule.for_level(inspection.level, on)
        if rule is None:
            raise WorkflowError(_("Chưa có quy định thời hạn kiểm tra cho cấp này vào ngày đó: "
                                  "báo quản trị hệ thống bổ sung."))
        return {"decided_on": on, "limit_days": rule.max_days, "day_unit": rule.day_unit,
                "max_extension_days": rule.max_extension_days}
    if target == Status.ANNOUNCED:
        return {"started_on": on,
                "deadline": add_days(on, inspection.limit_days, inspection.day_unit)}
    if target == Status.CONCLUDED:
        return {"concluded_on": on}
    if target == Status.CLOSED:
        return {"closed_on": on}
    return {}


@transaction.atomic
def do_transition_inspection(*, actor, inspection: Inspection, target: str, on: date,
                             reason: str = "", expected_version: int) -> Inspection:
    """Move the inspection along the workflow table, with who, when and why in the audit."""
    _check_inspection(actor, inspection)
    _check_version(inspection, expected_version)
    transition = workflow.find(inspection.status, target)
    if transition is None:
        raise WorkflowError(_("Không chuyển được từ “%(a)s” sang “%(b)s”.")
                            % {"a": Status(inspection.status).label, "b": Status(target).label})
    if actor.role not in transition.roles:
        raise NotAllowed("transition role")
    _guard(inspection, transition, on)
    source = inspection.status
    _bump(inspection, expected_version, status=target, **_dates_for(inspection, target, on))
    record_event(actor=actor, action=AuditAction.TRANSITION, target=inspection, reason=reason,
                 before={"status": source}, after={"status": target, "on": on})
    return inspection


@transaction.atomic
def do_extend_inspection(*, actor, inspection: Inspection, days: int, on: date, reason: str,
                         expected_version: int) -> Inspection:
    """Extend the duration once, by at most the rule's share of the limit (1/3 by default)."""
    _check_inspection(actor, inspection)
    _check_version(inspection, expected_version)
    if not inspection.can_extend:
        raise WorkflowError(_("Chỉ gia hạn một lần, khi cuộc kiểm tra đang tiến hành."))
    if days > (inspection.max_extension_days or 0):
        raise WorkflowError(_("Gia hạn tối đa %(n)d ngày (một phần ba thời hạn).")
                            % {"n": inspection.max_extension_days or 0})
    if on < inspection.started_on:
        raise WorkflowError(_("Ngày gia hạn không thể trước ngày công bố quyết định."))
    deadline = add_days(inspection.deadline, days, inspection.day_unit)
    before = {"deadline": inspection.deadline}
    _bump(inspection, expected_version, extension_days=days, extension_reason=reason,
          extended_on=on, deadline=deadline)
    _event(actor, inspection, reason=reason, before=before, extension_days=days,
           deadline=deadline)
    return inspection


# --- conclusion, appeal, remediation -----------------------------------------------------------


@transaction.atomic
def do_record_conclusion(*, actor, subject: Subject, data: dict,
                         expected_version: int | None = None) -> Conclusion:
    """What the conclusion says of one subject; its findings replace the earlier ones."""
    inspection = subject.inspection
    _check_inspection(actor, inspection)
    if not workflow.reached(inspection.status, Status.DRAFT_REPORT):
        raise WorkflowError(_("Chỉ ghi kết luận từ bước dự thảo báo cáo."))
    fields = {name: data.get(name) or "" for name in
              ("summary", "recommended_discipline", "applied_discipline", "discipline_decision")}
    if subject.org_unit_id and {fields["recommended_discipline"], fields["applied_discipline"]} & {
            DisciplineForm.CACH_CHUC, DisciplineForm.KHAI_TRU}:
        raise WorkflowError(_("Cách chức, khai trừ chỉ áp dụng với đảng viên, không với tổ chức "
                              "đảng."))
    fields.update(violation=bool(data.get("violation")),
                  discipline_decided_on=data.get("discipline_decided_on"))
    conclusion = Conclusion.objects.filter(subject=subject).first()
    if conclusion is None:
        conclusion = Conclusion.objects.create(subject=subject, **fields)
    else:
        rows = Conclusion.objects.filter(pk=conclusion.pk)
        if expected_version is not None:
            rows = rows.filter(version=expected_version)
        if not rows.update(version=F("version") + 1, **fields):
            raise EditConflict()
        conclusion.refresh_from_db()
    if "findings" in data:
        Finding.objects.filter(subject=subject).delete()
        Finding.objects.bulk_create(Finding(inspection=inspection, subject=subject, text=text)
                                    for text in data["findings"])
    _bump(inspection, None)
    _event(actor, inspection, subject=subject.pk, violation=conclusion.violation,
           recommended=conclusion.recommended_discipline, applied=conclusion.applied_discipline,
           findings=len(data.get("findings", [])))
    return conclusion


def appeal_deadline(conclusion: Conclusion) -> date | None:
    """Last day to appeal the discipline, by the AppealRule in force on its decision date."""
    decided = conclusion.discipline_decided_on
    if decided is None:
        return None
    rule = AppealRule.objects.in_force(decided).first()
    return add_days(decided, rule.days if rule else 30, rule.day_unit if rule else "CALENDAR")


@transaction.atomic
def do_file_appeal(*, actor, conclusion: Conclusion, data: dict) -> Appeal:
    """Record a subject's appeal; refused after the appeal period."""
    inspection = conclusion.subject.inspection
    _check_inspection(actor, inspection)
    deadline = appeal_deadline(conclusion)
    if deadline is None or not conclusion.applied_discipline:
        raise WorkflowError(_("Đối tượng này chưa bị kỷ luật: không có gì để khiếu nại."))
    if data["filed_on"] > deadline:
        raise WorkflowError(_("Quá thời hạn khiếu nại (hết ngày %(d)s).")
                            % {"d": deadline.strftime("%d/%m/%Y")})
    if conclusion.appeals.filter(result=AppealResult.PENDING).exists():
        raise WorkflowError(_("Đã có một khiếu nại đang giải quyết."))
    appeal = Appeal.objects.create(conclusion=conclusion, deadline=deadline,
                                   filed_on=data["filed_on"], content=data["content"])
    _bump(inspection, None)
    _event(actor, inspection, appeal_filed=appeal.pk, subject=conclusion.subject_id,
           filed_on=appeal.filed_on, deadline=deadline)
    return appeal


@transaction.atomic
def do_decide_appeal(*, actor, appeal: Appeal, data: dict) -> Appeal:
    """Record the result of an appeal; a changed or annulled discipline updates the conclusion."""
    conclusion = appeal.conclusion
    inspection = conclusion.subject.inspection
    _check_inspection(actor, inspection)
    if actor.role not in workflow.LEADERS:
        raise NotAllowed("appeal role")
    if appeal.result != AppealResult.PENDING:
        raise WorkflowError(_("Khiếu nại này đã có kết quả."))
    Appeal.objects.filter(pk=appeal.pk).update(
        result=data["result"], new_discipline=data.get("new_discipline") or "",
        decided_on=data["decided_on"], result_note=data.get("result_note") or "")
    before = {"applied": conclusion.applied_discipline}
    if data["result"] == AppealResult.CHANGED:
        Conclusion.objects.filter(pk=conclusion.pk).update(
            applied_discipline=data["new_discipline"], version=F("version") + 1)
    elif data["result"] == AppealResult.ANNULLED:
        Conclusion.objects.filter(pk=conclusion.pk).update(applied_discipline="",
                                                           version=F("version") + 1)
    appeal.refresh_from_db()
    conclusion.refresh_from_db()
    _bump(inspection, None)
    _event(actor, inspection, before=before, appeal_decided=appeal.pk, result=appeal.result,
           applied=conclusion.applied_discipline)
    return appeal


@transaction.atomic
def do_add_remediation(*, actor, inspection: Inspection, data: dict) -> RemediationItem:
    """A remediation item of the conclusion, with its owner and deadline."""
    _check_inspection(actor, inspection)
    if inspection.status not in (Status.CONCLUDED, Status.REMEDIATION):
        raise WorkflowError(_("Việc khắc phục được giao sau khi có kết luận."))
    item = RemediationItem.objects.create(
        inspection=inspection, subject=data.get("subject"), content=data["content"],
        owner_unit=data.get("owner_unit"), owner_text=data.get("owner_text") or "",
        deadline=data["deadline"])
    _bump(inspection, None)
    _event(actor, inspection, remediation_added=item.pk, deadline=item.deadline)
    return item


@transaction.atomic
def do_complete_remediation(*, actor, item: RemediationItem, data: dict,
                            expected_version: int) -> RemediationItem:
    """Mark a remediation item done, checked by a follow-up inspection when one did."""
    inspection = item.inspection
    _check_inspection(actor, inspection)
    if item.done_on is not None or inspection.status == Status.CLOSED:
        raise WorkflowError(_("Việc khắc phục này đã được ghi hoàn thành."))
    checker = data.get("checked_by")
    if checker is not None and checker.follow_up_of_id != inspection.pk:
        raise WorkflowError(_("Cuộc kiểm tra lại phải là cuộc kiểm tra việc khắc phục này."))
    updated = RemediationItem.objects.filter(pk=item.pk, version=expected_version).update(
        done_on=data["done_on"], done_note=data.get("done_note") or "", checked_by=checker,
        version=F("version") + 1)
    if not updated:
        raise EditConflict()
    item.refresh_from_db()
    _bump(inspection, None)
    _event(actor, inspection, remediation_done=item.pk, done_on=item.done_on,
           checked_by=item.checked_by_id)
    return item


REMEDIATION_FIELDS = ["subject", "content", "owner_unit", "owner_text", "deadline"]


@transaction.atomic
def do_update_remediation(*, actor, item: RemediationItem, data: dict, expected_version: int,
                          reason: str = "") -> RemediationItem:
    """Correct a remediation item (subject, content, owner, deadline) while it is not done and
    the inspection is in its conclusion or remediation step; compare-and-set on its version."""
    inspection = item.inspection
    _check_inspection(actor, inspection)
    if item.version != expected_version:
        raise EditConflict()
    if item.done_on is not None:
        raise WorkflowError(_("Việc khắc phục này đã hoàn thành: không sửa được nữa."))
    if inspection.status not in (Status.CONCLUDED, Status.REMEDIATION):
        raise WorkflowError(_("Cuộc kiểm tra đã kết thúc: không sửa được việc khắc phục."))
    _check_subject(inspection, data)
    before = _row_values(item, REMEDIATION_FIELDS)
    values = {name: data[name] for name in REMEDIATION_FIELDS if name in data}
    if "owner_text" in values:
        values["owner_text"] = values["owner_text"] or ""
    if not RemediationItem.objects.filter(pk=item.pk, version=expected_version,
                                          done_on__isnull=True).update(
            version=F("version") + 1, **values):
        raise EditConflict()
    item.refresh_from_db()
    _bump(inspection, None)
    record_event(actor=actor, action=AuditAction.UPDATE, target=inspection, reason=reason,
                 before=before, after={"remediation_updated": item.pk,
                                       **_row_values(item, REMEDIATION_FIELDS)})
    return item
