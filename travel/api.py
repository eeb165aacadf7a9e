"""REST API of trips abroad: list (with the overdue filters), detail with approvals and flags,
request, workflow moves, a committee's opinion; incoming visits, contact reports and declared
foreign elements (list, detail, create). Reads through visible_to(user); input through
travel.forms; writes through travel.services."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accounts.choices import WRITER_ROLES
from audit.services import record_read
from core.access import get_visible_or_404
from core.choices import Classification
from core.errors import NotAllowed
from travel import services, workflow
from travel.choices import Decision
from travel.forms import (
    ApprovalForm,
    ContactReportForm,
    FilterForm,
    ForeignElementForm,
    IncomingVisitForm,
    TransitionForm,
    TripForm,
)
from travel.models import ContactReport, ForeignElement, IncomingVisit, Trip

router = Router(tags=["travel"])
PAGE_SIZE = 50
MIN_REASON_LENGTH = 5


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


class MemberOut(Schema):
    person_id: int
    full_name: str
    role: str
    management_level: str

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.person.full_name


class ApprovalOut(Schema):
    committee_id: int
    committee_role: str
    decision: str
    approver_id: int | None
    decided_on: date | None
    reason: str


class TripOut(Schema):
    id: int
    org_unit_id: int
    title: str
    purpose: str
    private_kind: str
    funding: str
    inviter: str
    status: str
    classification: int
    planned_departure_on: date
    planned_return_on: date
    actual_departure_on: date | None
    actual_return_on: date | None
    report_due_on: date | None
    reported_on: date | None
    passport_returned_on: date | None
    countries: list[str]
    actual_countries: list[str]
    members: list[MemberOut]
    approvals: list[ApprovalOut]
    flags: list[str]
    version: int

    @staticmethod
    def resolve_countries(obj) -> list[str]:
        return obj.countries()

    @staticmethod
    def resolve_actual_countries(obj) -> list[str]:
        return obj.countries(actual=True)

    @staticmethod
    def resolve_members(obj) -> list:
        return list(obj.members.select_related("person"))

    @staticmethod
    def resolve_approvals(obj) -> list:
        return list(obj.approvals.all())

    @staticmethod
    def resolve_flags(obj) -> list[str]:
        return obj.flags(services.today())


class TripPage(Schema):
    count: int
    page: int
    has_next: bool
    results: list[TripOut]


class TripFilters(Schema):
    status: str | None = None
    flag: str | None = None
    page: int = 1


class TripIn(Schema):
    org_unit: int
    classification: int = 0
    title: str
    purpose: str
    private_kind: str = ""
    inviter: str = ""
    funding: str
    countries: list[str]
    planned_departure_on: date
    planned_return_on: date
    leader: int
    other_members: str = ""
    management_level: str
    relatives_commitment: str = ""


class TransitionIn(Schema):
    action: str
    on: date
    text: str = ""
    reason: str = ""
    countries: list[str] = []
    version: int | None = None


class ApprovalIn(Schema):
    committee: int
    decision: str
    decided_on: date
    document_number: str = ""
    reason: str = ""


def _visible(user):
    return Trip.objects.visible_to(user).select_related("org_unit")


def _fetch(request, trip_id: int) -> Trip:
    trip = get_visible_or_404(_visible(request.user), request.user, pk=trip_id)
    if trip.classification:
        record_read(actor=request.user, target=trip, reason=_("Xem hồ sơ chuyến đi (API)"))
    return trip


def _valid(form) -> dict:
    if not form.is_valid():
        raise ValidationError({name: list(msgs) for name, msgs in form.errors.items()})
    return form.cleaned_data


def _require(user, roles) -> None:
    if user.role not in roles:
        raise PermissionDenied("role")


def _call(call):
    try:
        return call()
    except workflow.Refused as refused:
        raise ValidationError({"__all__": [str(refused.message)]}) from refused
    except NotAllowed as exc:
        raise PermissionDenied from exc


@router.get("/trips", response={200: TripPage, 400: FieldErrorsOut})
def list_trips(request, filters: TripFilters = Query(...)):  # noqa: B008
    """Trips the caller may see, filtered by status or flag (return, report, passport)."""
    if filters.page < 1:
        raise ValidationError({"page": [_("Số trang bắt đầu từ 1.")]})
    form = FilterForm({k: v for k, v in filters.dict(exclude={"page"}).items() if v})
    _valid(form)
    queryset = form.apply(_visible(request.user), services.today()).order_by("-id")
    start = (filters.page - 1) * PAGE_SIZE
    window = list(queryset[start:start + PAGE_SIZE + 1])
    return {"count": queryset.count(), "page": filters.page,
            "has_next": len(window) > PAGE_SIZE, "results": window[:PAGE_SIZE]}


@router.get("/trips/{trip_id}", response={200: TripOut, 404: ErrorOut})
def get_trip(request, trip_id: int):
    """One trip with its travellers, countries, approvals and flags."""
    return _fetch(request, trip_id)


@router.post("/trips", response={201: TripOut, 400: FieldErrorsOut, 403: ErrorOut})
def create_trip(request, payload: TripIn):
    """Request a trip (one traveller or a delegation)."""
    _require(request.user, WRITER_ROLES)
    form = TripForm(payload.dict(), user=request.user)
    _valid(form)
    trip = _call(lambda: services.do_create_trip(
        actor=request.user, data=form.trip_data(), members=form.members(),
        countries=form.cleaned_data["countries"]))
    return Status(201, _visible(request.user).get(pk=trip.pk))


@router.post("/trips/{trip_id}/transitions",
             response={200: TripOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut})
def transition_trip(request, trip_id: int, payload: TransitionIn):
    """One move of the workflow; the blocking guard and the rules refused in Vietnamese."""
    _require(request.user, WRITER_ROLES)
    trip = _fetch(request, trip_id)
    if payload.action not in workflow.TRANSITIONS:
        raise ValidationError({"action": [_("Thao tác không có trong quy trình.")]})
    data = _valid(TransitionForm(payload.dict(exclude={"action"})))
    _call(lambda: services.do_transition_trip(
        actor=request.user, trip=trip, action=payload.action, on=data["on"],
        reason=data["reason"], text=data["text"],
        countries=data["countries"] if payload.action == workflow.Action.RETURN else None,
        expected_version=payload.version))
    return _visible(request.user).get(pk=trip.pk)


@router.post("/trips/{trip_id}/approvals",
             response={200: TripOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def decide_approval(request, trip_id: int, payload: ApprovalIn):
    """The opinion of one committee, given by the caller (a leader)."""
    _require(request.user, services.APPROVER_ROLES)
    trip = _fetch(request, trip_id)
    approval = trip.approvals.filter(committee_id=payload.committee,
                                     decision=Decision.PENDING).first()
    if approval is None:
        raise ValidationError({"committee": [_("Không có ý kiến nào của cấp ủy này đang chờ.")]})
    data = _valid(ApprovalForm(payload.dict(exclude={"committee"})))
    _call(lambda: services.do_decide_approval(
        actor=request.user, approval=approval, decision=data["decision"],
        decided_on=data["decided_on"], reason=data["reason"],
        document_number=data["document_number"]))
    return _visible(request.user).get(pk=trip.pk)


# Incoming visits, contact reports, declared foreign elements: list, detail, create.

class VisitOut(Schema):
    id: int
    org_unit_id: int
    classification: int
    delegation: str
    country: str
    purpose: str
    arrived_on: date
    left_on: date
    approval_document: str


class ContactReportOut(Schema):
    id: int
    org_unit_id: int
    classification: int
    person_id: int
    contacted_on: date
    counterpart: str
    country: str
    purpose: str
    material_provided: str
    approval_document: str


class ForeignElementOut(Schema):
    id: int
    person_id: int
    org_unit_id: int
    classification: int
    kind: str
    details: str
    declared_on: date
    approved_by: str
    approval_document: str
    approved_on: date | None

    @staticmethod
    def resolve_org_unit_id(obj) -> int:
        return obj.person.org_unit_id

    @staticmethod
    def resolve_classification(obj) -> int:
        return obj.person.classification


class VisitPage(Schema):
    count: int
    page: int
    has_next: bool
    results: list[VisitOut]


class ContactReportPage(Schema):
    count: int
    page: int
    has_next: bool
    results: list[ContactReportOut]


class ForeignElementPage(Schema):
    count: int
    page: int
    has_next: bool
    results: list[ForeignElementOut]


class RecordFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2100, description="Năm (theo ngày của bản ghi).")
    country: str | None = None
    unit: int | None = None
    page: int = 1


class VisitIn(Schema):
    org_unit: int
    classification: int = 0
    delegation: str
    country: str
    purpose: str
    arrived_on: date
    left_on: date
    approval_document: str = ""


class ContactReportIn(Schema):
    org_unit: int
    classification: int = 0
    person: int
    contacted_on: date
    counterpart: str
    country: str
    purpose: str
    material_provided: str = ""
    approval_document: str = ""


class ForeignElementIn(Schema):
    person: int
    kind: str
    details: str
    declared_on: date
    approved_by: str = ""
    approval_document: str = ""
    approved_on: date | None = None


# Per kind: the date field the year filter reads, the unit path (foreign elements have no
# country, so the country filter is refused for them rather than silently ignored).
RECORD_KINDS = {
    "visit": {"model": IncomingVisit, "date": "arrived_on", "unit": "org_unit",
              "country": "country", "related": ["org_unit"]},
    "contact": {"model": ContactReport, "date": "contacted_on", "unit": "org_unit",
                "country": "country", "related": ["org_unit", "person"]},
    "element": {"model": ForeignElement, "date": "declared_on", "unit": "person__org_unit",
                "country": None, "related": ["person"]},
}


def _records(user, kind: str):
    spec = RECORD_KINDS[kind]
    return spec["model"].objects.visible_to(user).select_related(*spec["related"])


def _record_page(request, kind: str, filters: RecordFilters) -> dict:
    """One page of the visible records of ``kind``, filtered by year, country and unit."""
    spec = RECORD_KINDS[kind]
    if filters.page < 1:
        raise ValidationError({"page": [_("Số trang bắt đầu từ 1.")]})
    queryset = _records(request.user, kind)
    if filters.year is not None:
        queryset = queryset.filter(**{f"{spec['date']}__year": filters.year})
    if filters.country:
        if spec["country"] is None:
            raise ValidationError({"country": [_("Loại hồ sơ này không lọc theo nước.")]})
        queryset = queryset.filter(country=filters.country.strip().upper())
    if filters.unit is not None:
        queryset = queryset.filter(**{spec["unit"]: filters.unit})
    start = (filters.page - 1) * PAGE_SIZE
    window = list(queryset[start:start + PAGE_SIZE + 1])
    return {"count": queryset.count(), "page": filters.page,
            "has_next": len(window) > PAGE_SIZE, "results": window[:PAGE_SIZE]}


def _record_read(request, kind: str, pk: int, reason: str, level=None):
    """One visible record; a classified one needs ?reason= and the read is logged."""
    record = get_visible_or_404(_records(request.user, kind), request.user, pk=pk)
    level = record.classification if level is None else level(record)
    if level > Classification.THUONG:
        reason = reason.strip()
        if len(reason) < MIN_REASON_LENGTH:
            raise ValidationError({"reason": [_(
                "Hồ sơ này có độ mật: cần ghi lý do xem (tham số reason, ít nhất %(n)d ký tự), "
                "ví dụ ?reason=Thẩm định hồ sơ bổ nhiệm."
            ) % {"n": MIN_REASON_LENGTH}]})
        record_read(actor=request.user, target=record, reason=reason)
    return record


def _record_create(request, kind: str, form_class, service, payload):
    """Validate through the form, write through the service, answer 201 with the record."""
    _require(request.user, WRITER_ROLES)
    form = form_class(payload.dict(), user=request.user)
    data = _valid(form)
    record = _call(lambda: service(actor=request.user, data=data))
    return Status(201, _records(request.user, kind).get(pk=record.pk))


@router.get("/visits", response={200: VisitPage, 400: FieldErrorsOut})
def list_visits(request, filters: RecordFilters = Query(...)):  # noqa: B008
    """Incoming visits the caller may see, by year of arrival, country, hosting unit."""
    return _record_page(request, "visit", filters)


@router.get("/visits/{visit_id}", response={200: VisitOut, 400: FieldErrorsOut, 404: ErrorOut})
def get_visit(request, visit_id: int, reason: str = ""):
    """One incoming visit; a classified one needs ?reason=."""
    return _record_read(request, "visit", visit_id, reason)


@router.post("/visits", response={201: VisitOut, 400: FieldErrorsOut, 403: ErrorOut})
def create_visit(request, payload: VisitIn):
    """Record an incoming visit the caller's unit hosts."""
    return _record_create(request, "visit", IncomingVisitForm,
                          services.do_record_incoming_visit, payload)


@router.get("/contact-reports", response={200: ContactReportPage, 400: FieldErrorsOut})
def list_contact_reports(request, filters: RecordFilters = Query(...)):  # noqa: B008
    """Contact reports the caller may see, by year of the contact, country, unit."""
    return _record_page(request, "contact", filters)


@router.get("/contact-reports/{contact_report_id}",
            response={200: ContactReportOut, 400: FieldErrorsOut, 404: ErrorOut})
def get_contact_report(request, contact_report_id: int, reason: str = ""):
    """One contact report; a classified one needs ?reason=."""
    return _record_read(request, "contact", contact_report_id, reason)


@router.post("/contact-reports",
             response={201: ContactReportOut, 400: FieldErrorsOut, 403: ErrorOut})
def create_contact_report(request, payload: ContactReportIn):
    """File a cadre's report of a working contact with a foreign party."""
    return _record_create(request, "contact", ContactReportForm,
                          services.do_file_contact_report, payload)


@router.get("/foreign-elements", response={200: ForeignElementPage, 400: FieldErrorsOut})
def list_foreign_elements(request, filters: RecordFilters = Query(...)):  # noqa: B008
    """Declared foreign elements the caller may see, by year declared and the person's unit."""
    return _record_page(request, "element", filters)


@router.get("/foreign-elements/{foreign_element_id}",
            response={200: ForeignElementOut, 400: FieldErrorsOut, 404: ErrorOut})
def get_foreign_element(request, foreign_element_id: int, reason: str = ""):
    """One declared element; classified as its person is, so that person's level asks a reason."""
    return _record_read(request, "element", foreign_element_id, reason,
                        level=lambda element: element.person.classification)


@router.post("/foreign-elements",
             response={201: ForeignElementOut, 400: FieldErrorsOut, 403: ErrorOut})
def create_foreign_element(request, payload: ForeignElementIn):
    """Record a foreign element a person declared."""
    return _record_create(request, "element", ForeignElementForm,
                          services.do_declare_foreign_element, payload)
