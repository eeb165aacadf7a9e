"""The only writers of trips and travel records: each change is checked (scope, clearance, role,
the workflow table, the blocking guard) and audited in the same transaction."""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import WRITER_ROLES, Role
from audit.choices import AuditAction
from audit.services import record_event
from core.errors import EditConflict, NotAllowed
from core.workdays import WorkCalendar
from orgs.choices import OrgKind
from orgs.models import OrgUnit
from people.models import Person
from travel import guards, workflow
from travel.choices import CommitteeRole, Decision, MemberRole, PrivateKind, Purpose, Status
from travel.models import (
    Approval,
    ApprovalRule,
    ContactReport,
    ForeignElement,
    IncomingVisit,
    TravelRule,
    Trip,
    TripCountry,
    TripMember,
)
from travel.workflow import Action, Refused

PLAIN_FIELDS = ["org_unit", "classification", "title", "purpose", "private_kind", "inviter",
                "funding", "planned_departure_on", "planned_return_on", "relatives_commitment"]
AUDITED_FIELDS = ["org_unit_id", "classification", "title", "purpose", "private_kind", "inviter",
                  "funding", "planned_departure_on", "planned_return_on", "status",
                  "actual_departure_on", "actual_return_on", "report_due_on", "reported_on",
                  "reviewed_on", "passport_returned_on"]
APPROVER_ROLES = frozenset({Role.ADMIN, Role.LEADER})


def today() -> date:
    return timezone.localdate()


def snapshot(trip: Trip) -> dict:
    data = {name: getattr(trip, name) for name in AUDITED_FIELDS}
    data["members"] = [f"{m.person_id}:{m.role}" for m in trip.members.all()]
    data["countries"] = trip.countries()
    return data


def _check_can_write(actor, unit: OrgUnit, classification: int) -> None:
    if actor.role not in WRITER_ROLES:
        raise NotAllowed("role")
    if not OrgUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise NotAllowed("scope")
    if classification > actor.clearance:
        raise NotAllowed("clearance")


def _check_rules(data: dict, members: list) -> None:
    """The rules a request must meet whatever the form (the form shows the same messages)."""
    if data["planned_return_on"] < data["planned_departure_on"]:
        raise Refused(_("Ngày về dự kiến trước ngày đi dự kiến: kiểm tra lại ngày."))
    if data["purpose"] == Purpose.VIEC_RIENG and not data.get("private_kind"):
        raise Refused(_("Đi việc riêng: hãy chọn loại việc riêng (du lịch, thăm thân, ...)."))
    if data["purpose"] != Purpose.VIEC_RIENG and data.get("private_kind"):
        raise Refused(_("Chỉ chọn loại việc riêng khi mục đích là việc riêng."))
    if data.get("private_kind") == PrivateKind.THAM_THAN and not data.get(
            "relatives_commitment", "").strip():
        raise Refused(_("Đi thăm thân: cần ghi cam kết về thân nhân ở nước ngoài."))
    if not members:
        raise Refused(_("Chuyến đi cần ít nhất một người đi."))
    leaders = [m for m in members if m["role"] == MemberRole.TRUONG_DOAN]
    if len(members) > 1 and len(leaders) != 1:
        raise Refused(_("Đoàn nhiều người cần đúng một trưởng đoàn."))
    if len({m["person"].pk for m in members}) != len(members):
        raise Refused(_("Một người chỉ ghi một lần trong đoàn."))


def _check_people_visible(actor, members: list) -> None:
    visible = set(Person.objects.visible_to(actor).filter(
        pk__in=[m["person"].pk for m in members]).values_list("pk", flat=True))
    if any(m["person"].pk not in visible for m in members):
        raise NotAllowed("scope")


@transaction.atomic
def do_create_trip(*, actor, data: dict, members: list, countries: list[str],
                   reason: str = "") -> Trip:
    """Open a trip request (DRAFT): members are dicts (person, role, management_level)."""
    _check_can_write(actor, data["org_unit"], data.get("classification", 0))
    _check_rules(data, members)
    _check_people_visible(actor, members)
    if not countries:
        raise Refused(_("Hãy chọn ít nhất một nước đến."))
    trip = Trip.objects.create(**{name: data[name] for name in PLAIN_FIELDS if name in data})
    if len(members) == 1:
        members = [{**members[0], "role": MemberRole.TRUONG_DOAN}]
    for member in members:
        TripMember.objects.create(trip=trip, **member)
    for code in sorted(set(countries)):
        TripCountry.objects.create(trip=trip, country=code, planned=True)
    record_event(actor=actor, action=AuditAction.CREATE, target=trip, reason=reason,
                 after=snapshot(trip))
    return trip


def _locked(trip: Trip) -> Trip:
    return Trip.objects.select_for_update(of=("self",)).select_related("org_unit").get(pk=trip.pk)


def _save(trip: Trip) -> Trip:
    trip.version = F("version") + 1
    trip.save()
    trip.refresh_from_db()
    return trip


def active_committee(person: Person) -> OrgUnit:
    """The committee where the member is active: the first unit above the cell (or the unit)."""
    unit = person.org_unit
    if unit.kind == OrgKind.CHI_BO and unit.parent_id:
        return unit.parent
    return unit


def managing_committee(person: Person, kind: str) -> OrgUnit:
    """The unit of ``kind`` above the person's unit (the nearest one; the unit if none)."""
    chain = [*person.org_unit.ancestors(), person.org_unit]
    matches = [unit for unit in chain if unit.kind == kind]
    return matches[-1] if matches else active_committee(person)


def required_committees(trip: Trip, on: date) -> list[tuple[OrgUnit, str]]:
    """(committee, role) whose opinion the trip needs, by the matrix in force on ``on``."""
    needed: dict[int, tuple[OrgUnit, str]] = {}
    for member in trip.members.select_related("person__org_unit"):
        rule = ApprovalRule.in_force(member.management_level, on)
        if rule is None:
            raise Refused(_("Chưa có quy định phân cấp cho ý kiến đối với diện quản lý "
                            "“%(level)s”: quản trị hệ thống cần bổ sung.")
                          % {"level": member.get_management_level_display()})
        managing = managing_committee(member.person, rule.approving_kind)
        needed.setdefault(managing.pk, (managing, CommitteeRole.MANAGING))
        if trip.purpose == Purpose.VIEC_RIENG and rule.private_needs_active_committee:
            active = active_committee(member.person)
            needed.setdefault(active.pk, (active, CommitteeRole.ACTIVE))
    return list(needed.values())


def _blocked(trip: Trip) -> None:
    reasons = guards.trip_blocking_reasons(trip)
    if reasons:
        raise Refused(" ".join(reasons))


def _move(actor, trip: Trip, action: str, *, role_check: bool = True, reason: str = "",
          expected_version: int | None = None, changes: dict | None = None) -> Trip:
    current = _locked(trip)
    if expected_version is not None and current.version != expected_version:
        raise EditConflict()
    target = workflow.target_of(current.status, action, actor.role if role_check else None)
    if workflow.TRANSITIONS[action].reason_required and not reason.strip():
        raise Refused(_("Hãy ghi lý do."))
    before = snapshot(current)
    for name, value in (changes or {}).items():
        setattr(current, name, value)
    current.status = target
    current = _save(current)
    record_event(actor=actor, action=AuditAction.TRANSITION, target=current, reason=reason,
                 before=before, after={**snapshot(current), "action": action})
    return current


@transaction.atomic
def do_transition_trip(*, actor, trip: Trip, action: str, on: date | None = None,
                       reason: str = "", text: str = "", countries: list[str] | None = None,
                       expected_version: int | None = None) -> Trip:
    """Move the trip by ``action`` (see workflow.py); dates and texts the move records."""
    _check_can_write(actor, trip.org_unit, trip.classification)
    on = on or today()
    changes: dict = {}
    if action == Action.SUBMIT:
        _blocked(trip)
        committees = required_committees(trip, on)
    elif action == Action.DEPART:
        changes["actual_departure_on"] = on
    elif action == Action.RETURN:
        if trip.actual_departure_on and on < trip.actual_departure_on:
            raise Refused(_("Ngày về nước trước ngày xuất cảnh: kiểm tra lại ngày."))
        rule = TravelRule.in_force(on)
        if rule is None:
            raise Refused(_("Chưa có quy định thời hạn báo cáo sau chuyến đi."))
        changes.update(actual_return_on=on, rule=rule,
                       report_due_on=WorkCalendar.load().add_working_days(on, rule.report_days))
    elif action == Action.REPORT:
        if not text.strip():
            raise Refused(_("Hãy tóm tắt nội dung báo cáo sau chuyến đi."))
        if trip.actual_return_on and on < trip.actual_return_on:
            raise Refused(_("Ngày nộp báo cáo trước ngày về nước: kiểm tra lại ngày."))
        changes.update(reported_on=on, report_summary=text)
    elif action == Action.REVIEW:
        changes.update(reviewed_on=on, review_note=text)
    trip = _move(actor, trip, action, reason=reason, expected_version=expected_version,
                 changes=changes)
    if action == Action.SUBMIT:
        for committee, role in committees:
            Approval.objects.create(trip=trip, committee=committee, committee_role=role)
    if action == Action.RETURN and countries is not None:
        _record_actual_countries(trip, countries)
    return trip


def _record_actual_countries(trip: Trip, countries: list[str]) -> None:
    TripCountry.objects.filter(trip=trip).update(actual=False)
    for code in set(countries):
        row, _created = TripCountry.objects.get_or_create(
            trip=trip, country=code, defaults={"planned": False})
        row.actual = True
        row.save(update_fields=["actual"])


@transaction.atomic
def do_decide_approval(*, actor, approval: Approval, decision: str, decided_on: date,
                       reason: str = "", document_number: str = "") -> Trip:
    """Record one committee's opinion, given by ``actor`` (named); settle the trip if all in."""
    # Lock the trip, then re-read the opinion: of two approvers deciding at once, the second
    # waits and then sees the first one's decision (exactly one wins).
    trip = _locked(approval.trip)
    approval = Approval.objects.get(pk=approval.pk)
    _check_can_write(actor, trip.org_unit, trip.classification)
    if actor.role not in APPROVER_ROLES:
        raise NotAllowed("role")
    if not OrgUnit.objects.visible_to(actor).filter(pk=approval.committee_id).exists():
        raise NotAllowed("scope")
    if trip.status != Status.SUBMITTED or approval.decision != Decision.PENDING:
        raise Refused(_("Ý kiến này đã được ghi hoặc chuyến đi không còn chờ ý kiến."))
    if decision not in (Decision.APPROVED, Decision.REFUSED):
        raise Refused(_("Hãy chọn đồng ý hoặc không đồng ý."))
    if decision == Decision.REFUSED and not reason.strip():
        raise Refused(_("Không đồng ý: hãy ghi lý do."))
    if decision == Decision.APPROVED:
        _blocked(trip)
    Approval.objects.filter(pk=approval.pk).update(
        decision=decision, approver=actor, decided_on=decided_on, reason=reason,
        document_number=document_number)
    record_event(actor=actor, action=AuditAction.UPDATE, target=trip, reason=reason,
                 after={"approval_id": approval.pk, "committee_id": approval.committee_id,
                        "decision": decision, "decided_on": decided_on})
    decisions = list(trip.approvals.values_list("decision", flat=True))
    if Decision.REFUSED in decisions:
        return _move(actor, trip, Action.REFUSE, role_check=False, reason=reason)
    if all(d == Decision.APPROVED for d in decisions):
        return _move(actor, trip, Action.APPROVE, role_check=False)
    return Trip.objects.get(pk=trip.pk)


@transaction.atomic
def do_record_passport(*, actor, trip: Trip, on: date) -> Trip:
    """The passport handed back to the office after the return."""
    _check_can_write(actor, trip.org_unit, trip.classification)
    current = _locked(trip)
    if current.actual_return_on is None:
        raise Refused(_("Chỉ ghi nộp lại hộ chiếu sau khi đã về nước."))
    if on < current.actual_return_on:
        raise Refused(_("Ngày nộp hộ chiếu trước ngày về nước: kiểm tra lại ngày."))
    before = snapshot(current)
    current.passport_returned_on = on
    current = _save(current)
    record_event(actor=actor, action=AuditAction.UPDATE, target=current, before=before,
                 after=snapshot(current))
    return current


def differences(trip: Trip) -> dict:
    """Planned against actual: countries not visited, countries added, days early or late."""
    planned, actual = set(trip.countries()), set(trip.countries(actual=True))
    result = {"not_visited": sorted(planned - actual) if trip.actual_return_on else [],
              "added": sorted(actual - planned), "departure_days": None, "return_days": None}
    if trip.actual_departure_on:
        result["departure_days"] = (trip.actual_departure_on - trip.planned_departure_on).days
    if trip.actual_return_on:
        result["return_days"] = (trip.actual_return_on - trip.planned_return_on).days
    return result


@transaction.atomic
def do_declare_foreign_element(*, actor, data: dict) -> ForeignElement:
    """Record a foreign element the person declared, with its approval (a fact, not a guess)."""
    person = data["person"]
    _check_can_write(actor, person.org_unit, person.classification)
    element = ForeignElement.objects.create(**data)
    record_event(actor=actor, action=AuditAction.CREATE, target=element,
                 after={"person_id": person.pk, "kind": element.kind,
                        "declared_on": element.declared_on})
    return element


@transaction.atomic
def do_record_incoming_visit(*, actor, data: dict) -> IncomingVisit:
    """Record an official incoming visit the unit hosts."""
    _check_can_write(actor, data["org_unit"], data.get("classification", 0))
    if data["left_on"] < data["arrived_on"]:
        raise Refused(_("Ngày kết thúc trước ngày đến: kiểm tra lại ngày."))
    visit = IncomingVisit.objects.create(**data)
    record_event(actor=actor, action=AuditAction.CREATE, target=visit,
                 after={"country": visit.country, "arrived_on": visit.arrived_on})
    return visit


@transaction.atomic
def do_file_contact_report(*, actor, data: dict) -> ContactReport:
    """Record a cadre's short report of a working contact with a foreign party."""
    _check_can_write(actor, data["org_unit"], data.get("classification", 0))
    if not Person.objects.visible_to(actor).filter(pk=data["person"].pk).exists():
        raise NotAllowed("scope")
    report = ContactReport.objects.create(**data)
    record_event(actor=actor, action=AuditAction.CREATE, target=report,
                 after={"country": report.country, "contacted_on": report.contacted_on})
    return report


# --- edits (the API's PATCH): the version the client read, 409 when it moved on -------------

EDITABLE_STATUSES = (Status.DRAFT, Status.CELL_REVIEW)


@transaction.atomic
def do_update_trip(*, actor, trip: Trip, data: dict, countries: list[str],
                   expected_version: int, reason: str = "") -> Trip:
    """Change a trip request's description and planned countries while it is not yet submitted.

    ``data`` holds PLAIN_FIELDS (validated by travel.forms.TripForm); the travellers stay.
    """
    _check_can_write(actor, trip.org_unit, trip.classification)
    _check_can_write(actor, data.get("org_unit", trip.org_unit),
                     data.get("classification", trip.classification))
    current = _locked(trip)
    if current.version != expected_version:
        raise EditConflict()
    if current.status not in EDITABLE_STATUSES:
        raise Refused(_("Chuyến đi đã trình duyệt: không sửa được nữa (hủy và lập lại nếu cần)."))
    if not countries:
        raise Refused(_("Hãy chọn ít nhất một nước đến."))
    members = [{"person": m.person, "role": m.role, "management_level": m.management_level}
               for m in current.members.select_related("person")]
    _check_rules({**{name: getattr(current, name) for name in PLAIN_FIELDS}, **data}, members)
    before = snapshot(current)
    for name in PLAIN_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current = _save(current)
    current.trip_countries.filter(planned=True).exclude(country__in=countries).delete()
    have = set(current.trip_countries.filter(planned=True).values_list("country", flat=True))
    for code in sorted(set(countries) - have):
        TripCountry.objects.create(trip=current, country=code, planned=True)
    record_event(actor=actor, action=AuditAction.UPDATE, target=current, reason=reason,
                 before=before, after=snapshot(current))
    return current


def _record_unit(record) -> OrgUnit:
    return record.person.org_unit if isinstance(record, ForeignElement) else record.org_unit


@transaction.atomic
def do_update_travel_record(*, actor, record, data: dict, expected_version: int,
                            reason: str = ""):
    """Edit an incoming visit, a contact report or a declared foreign element (compare-and-set
    on its version: the second of two editors changes nothing and hears 409)."""
    _check_can_write(actor, _record_unit(record), record.classification)
    if isinstance(record, ForeignElement):
        person = data.get("person", record.person)
        _check_can_write(actor, person.org_unit, person.classification)
    else:
        _check_can_write(actor, data.get("org_unit", record.org_unit),
                         data.get("classification", record.classification))
    if isinstance(record, IncomingVisit) and data["left_on"] < data["arrived_on"]:
        raise Refused(_("Ngày kết thúc trước ngày đến: kiểm tra lại ngày."))
    if isinstance(record, ContactReport) and not Person.objects.visible_to(actor).filter(
            pk=data["person"].pk).exists():
        raise NotAllowed("scope")
    names = sorted(data)
    before = {name: str(getattr(record, name)) for name in names}
    updated = type(record).objects.filter(pk=record.pk, version=expected_version).update(
        version=F("version") + 1, **data)
    if not updated:
        raise EditConflict()
    record.refresh_from_db()
    record_event(actor=actor, action=AuditAction.UPDATE, target=record, reason=reason,
                 before=before, after={name: str(getattr(record, name)) for name in names})
    return record
