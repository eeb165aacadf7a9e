"""REST API for inspections: lists with filters, one inspection, its workflow step, overdue
remediation, and the report counts. Reads through visible_to(user); writes through
inspections.forms and inspections.services (the same path as the pages)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from accounts.choices import WRITER_ROLES
from audit.services import record_read
from core.access import get_visible_or_404
from inspections import counts, services
from inspections.choices import InspectionType, Kind, Status
from inspections.forms import TransitionForm, today
from inspections.models import Inspection, Programme, RemediationItem
from people.models import Person

router = Router(tags=["inspections"])
PAGE_SIZE = 50
MIN_REASON_LENGTH = 5


class ProgrammeOut(Schema):
    id: int
    year: int
    title: str
    number: str
    issued_on: date | None
    org_unit_id: int
    classification: int


class InspectionOut(Schema):
    id: int
    programme_id: int
    org_unit_id: int
    kind: str
    type: str
    title: str
    status: str
    level: str
    look_back_from: date
    look_back_to: date
    decided_on: date | None
    started_on: date | None
    limit_days: int | None
    extension_days: int | None
    deadline: date | None
    concluded_on: date | None
    closed_on: date | None
    follow_up_of_id: int | None
    classification: int
    version: int
    overdue: bool

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue(today())


class SubjectOut(Schema):
    id: int
    org_unit_id: int | None
    # Only when the caller may see the person (people's own scope and clearance).
    person_id: int | None
    violation: bool | None
    findings: list[str]
    recommended_discipline: str
    applied_discipline: str
    discipline_decided_on: date | None


class RemediationOut(Schema):
    id: int
    inspection_id: int
    content: str
    owner_unit_id: int | None
    owner_text: str
    deadline: date
    done_on: date | None
    checked_by_id: int | None


class DocumentOut(Schema):
    doc_type: str
    number: str
    issued_on: date
    title: str


class InspectionDetail(InspectionOut):
    subjects: list[SubjectOut]
    documents: list[DocumentOut]
    remediation: list[RemediationOut]

    @staticmethod
    def resolve_subjects(obj) -> list[dict]:
        return obj.subject_rows  # set by get_inspection (people filtered through visible_to)

    @staticmethod
    def resolve_documents(obj) -> list:
        return list(obj.documents.all())

    @staticmethod
    def resolve_remediation(obj) -> list:
        return list(obj.remediation_items.all())


class InspectionPage(Schema):
    count: int
    page: int
    has_next: bool
    results: list[InspectionOut]


class InspectionFilters(Schema):
    kind: str = ""
    type: str = ""
    status: str = ""
    year: int | None = None
    overdue: bool = False
    page: int = 1


class TransitionIn(Schema):
    target: str
    on: str
    reason: str = ""
    version: int


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


def _check_choice(name: str, value: str, allowed) -> None:
    if value and value not in allowed:
        raise ValidationError({name: [_("Giá trị không hợp lệ.")]})


@router.get("", response={200: InspectionPage, 400: FieldErrorsOut})
def list_inspections(request, filters: InspectionFilters = Query(...)):  # noqa: B008
    """Inspections and supervisions the caller may see, filtered, 50 a page."""
    _check_choice("kind", filters.kind, Kind.values)
    _check_choice("type", filters.type, InspectionType.values)
    _check_choice("status", filters.status, Status.values)
    if filters.page < 1:
        raise ValidationError({"page": [_("Số trang bắt đầu từ 1.")]})
    rows = Inspection.objects.visible_to(request.user)
    for name in ("kind", "type", "status"):
        if getattr(filters, name):
            rows = rows.filter(**{name: getattr(filters, name)})
    if filters.year:
        rows = rows.filter(programme__year=filters.year)
    if filters.overdue:
        rows = rows.overdue(today())
    rows = rows.order_by("-pk")
    start = (filters.page - 1) * PAGE_SIZE
    window = list(rows[start:start + PAGE_SIZE + 1])
    return {"count": rows.count(), "page": filters.page, "has_next": len(window) > PAGE_SIZE,
            "results": window[:PAGE_SIZE]}


@router.get("/programmes", response=list[ProgrammeOut])
def list_programmes(request, year: int | None = None):
    """Yearly programmes the caller may see."""
    rows = Programme.objects.visible_to(request.user).order_by("-year", "pk")
    return rows.filter(year=year) if year else rows[:500]


@router.get("/remediation/overdue", response=list[RemediationOut])
def overdue_remediation(request):
    """Remediation items past their deadline and not done."""
    return RemediationItem.objects.visible_to(request.user).overdue(today()).order_by(
        "deadline")[:500]


@router.get("/counts", response={200: dict, 400: FieldErrorsOut})
def report_counts(request, date_from: date, date_to: date):
    """Every count of inspections.counts for the period (the reports' figures)."""
    if date_to < date_from:
        raise ValidationError({"date_to": [_("Ngày kết thúc không thể trước ngày bắt đầu.")]})
    names = ["inspected", "supervised", "inspected_with_violations",
             "supervised_with_violations", "discipline_by_form", "remediation"]
    return {name: getattr(counts, name)(request.user, date_from, date_to) for name in names}


def _subject_rows(user, inspection: Inspection) -> list[dict]:
    subjects = list(inspection.subjects.select_related("conclusion").prefetch_related("findings"))
    visible = set(Person.objects.visible_to(user)
                  .filter(pk__in=[s.person_id for s in subjects if s.person_id])
                  .values_list("pk", flat=True))
    rows = []
    for subject in subjects:
        conclusion = getattr(subject, "conclusion", None)
        rows.append({
            "id": subject.pk, "org_unit_id": subject.org_unit_id,
            "person_id": subject.person_id if subject.person_id in visible else None,
            "violation": conclusion.violation if conclusion else None,
            "findings": [f.text for f in subject.findings.all()],
            "recommended_discipline": conclusion.recommended_discipline if conclusion else "",
            "applied_discipline": conclusion.applied_discipline if conclusion else "",
            "discipline_decided_on": conclusion.discipline_decided_on if conclusion else None})
    return rows


@router.get("/{inspection_id}", response={200: InspectionDetail, 400: FieldErrorsOut,
                                          404: ErrorOut})
def get_inspection(request, inspection_id: int, reason: str = ""):
    """One inspection with its subjects, conclusions, documents and remediation; a classified
    one needs ?reason= and the read is logged."""
    inspection = get_visible_or_404(Inspection, request.user, pk=inspection_id)
    if inspection.classification:
        if len(reason.strip()) < MIN_REASON_LENGTH:
            raise ValidationError({"reason": [_(
                "Hồ sơ này có độ mật: cần ghi lý do xem (tham số reason, ít nhất %(n)d ký tự), "
                "ví dụ ?reason=Thẩm định hồ sơ bổ nhiệm."
            ) % {"n": MIN_REASON_LENGTH}]})
        record_read(actor=request.user, target=inspection, reason=reason.strip())
    inspection.subject_rows = _subject_rows(request.user, inspection)
    return inspection


@router.post("/{inspection_id}/transition",
             response={200: InspectionOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut})
def transition_inspection(request, inspection_id: int, payload: TransitionIn):
    """Move the inspection one step (the workflow table decides); 409 on a stale version."""
    if request.user.role not in WRITER_ROLES:
        raise PermissionDenied("role")
    inspection = get_visible_or_404(Inspection, request.user, pk=inspection_id)
    form = TransitionForm(payload.dict())
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    data = form.cleaned_data
    try:
        return services.do_transition_inspection(
            actor=request.user, inspection=inspection, target=data["target"], on=data["on"],
            reason=data["reason"], expected_version=data["version"])
    except services.WorkflowError as error:
        raise ValidationError({"target": [error.message]}) from error
