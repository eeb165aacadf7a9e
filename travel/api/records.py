"""Incoming visits, contact reports and declared foreign elements: list, detail, create, edit
(409 on a stale version)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from accounts.choices import WRITER_ROLES
from audit.services import record_read
from core.access import get_visible_or_404
from core.choices import Classification
from travel import services
from travel.api.common import (
    MIN_REASON_LENGTH,
    PAGE_SIZE,
    ErrorOut,
    FieldErrorsOut,
    _call,
    _require,
    _valid,
    router,
)
from travel.forms import ContactReportForm, ForeignElementForm, IncomingVisitForm
from travel.models import ContactReport, ForeignElement, IncomingVisit


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
    version: int


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
    version: int


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
    version: int

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


class TravelRecordFilters(Schema):
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


def _record_page(request, kind: str, filters: TravelRecordFilters) -> dict:
    """One page of the visible records of ``kind``, filtered by year, country and unit."""
    spec = RECORD_KINDS[kind]
    if filters.page < 1:
        raise ValidationError({"page": [_("Số trang bắt đầu từ 1.")]})
    if filters.page > 1_000_000:
        raise ValidationError({"page": [_("Số trang quá lớn.")]})
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


@router.get("/visits", summary="Danh sách đoàn vào", response={200: VisitPage, 400: FieldErrorsOut})
def list_visits(request, filters: TravelRecordFilters = Query(...)):  # noqa: B008
    """Các đoàn vào trong phạm vi của bạn, lọc theo năm đến, nước, đơn vị đón tiếp; 50 đoàn một
    trang."""
    return _record_page(request, "visit", filters)


@router.get("/visits/{visit_id}",
            summary="Một đoàn vào",
            response={200: VisitOut, 400: FieldErrorsOut, 404: ErrorOut})
def get_visit(request, visit_id: int, reason: str = ""):
    """Đoàn vào có độ mật cần ?reason= (ghi nhật ký)."""
    return _record_read(request, "visit", visit_id, reason)


@router.post("/visits",
             summary="Ghi một đoàn vào",
             response={201: VisitOut, 400: FieldErrorsOut, 403: ErrorOut})
def create_visit(request, payload: VisitIn):
    """Đoàn vào do đơn vị trong phạm vi của bạn đón tiếp."""
    return _record_create(request, "visit", IncomingVisitForm,
                          services.do_record_incoming_visit, payload)


@router.get("/contact-reports",
            summary="Danh sách báo cáo làm việc với nước ngoài",
            response={200: ContactReportPage, 400: FieldErrorsOut})
def list_contact_reports(request, filters: TravelRecordFilters = Query(...)):  # noqa: B008
    """Lọc theo năm, nước, đơn vị; 50 báo cáo một trang."""
    return _record_page(request, "contact", filters)


@router.get("/contact-reports/{contact_report_id}", summary="Một báo cáo làm việc với nước ngoài",
            response={200: ContactReportOut, 400: FieldErrorsOut, 404: ErrorOut})
def get_contact_report(request, contact_report_id: int, reason: str = ""):
    """Báo cáo có độ mật cần ?reason= (ghi nhật ký)."""
    return _record_read(request, "contact", contact_report_id, reason)


@router.post("/contact-reports", summary="Ghi báo cáo làm việc với nước ngoài",
             response={201: ContactReportOut, 400: FieldErrorsOut, 403: ErrorOut})
def create_contact_report(request, payload: ContactReportIn):
    """Báo cáo ngắn của cán bộ về một lần làm việc với tổ chức, cá nhân nước ngoài."""
    return _record_create(request, "contact", ContactReportForm,
                          services.do_file_contact_report, payload)


@router.get("/foreign-elements",
            summary="Danh sách yếu tố nước ngoài đã kê khai",
            response={200: ForeignElementPage, 400: FieldErrorsOut})
def list_foreign_elements(request, filters: TravelRecordFilters = Query(...)):  # noqa: B008
    """Lọc theo năm kê khai và đơn vị của người kê khai; 50 dòng một trang."""
    return _record_page(request, "element", filters)


@router.get("/foreign-elements/{foreign_element_id}", summary="Một yếu tố nước ngoài đã kê khai",
            response={200: ForeignElementOut, 400: FieldErrorsOut, 404: ErrorOut})
def get_foreign_element(request, foreign_element_id: int, reason: str = ""):
    """Mật như hồ sơ của người kê khai: hồ sơ có độ mật cần ?reason= (ghi nhật ký)."""
    return _record_read(request, "element", foreign_element_id, reason,
                        level=lambda element: element.person.classification)


@router.post("/foreign-elements", summary="Ghi yếu tố nước ngoài đã kê khai",
             response={201: ForeignElementOut, 400: FieldErrorsOut, 403: ErrorOut})
def create_foreign_element(request, payload: ForeignElementIn):
    """Yếu tố nước ngoài do người kê khai (không suy đoán), kèm ý kiến của cấp có thẩm quyền."""
    return _record_create(request, "element", ForeignElementForm,
                          services.do_declare_foreign_element, payload)


class VisitPatch(Schema):
    """Only the fields sent change; ``version`` is the one the client read (409 if stale)."""

    version: int
    org_unit: int | None = None
    classification: int | None = None
    delegation: str | None = None
    country: str | None = None
    purpose: str | None = None
    arrived_on: date | None = None
    left_on: date | None = None
    approval_document: str | None = None
    reason: str = ""


class ContactReportPatch(Schema):
    """Only the fields sent change; ``version`` is the one the client read (409 if stale)."""

    version: int
    org_unit: int | None = None
    classification: int | None = None
    person: int | None = None
    contacted_on: date | None = None
    counterpart: str | None = None
    country: str | None = None
    purpose: str | None = None
    material_provided: str | None = None
    approval_document: str | None = None
    reason: str = ""


class ForeignElementPatch(Schema):
    """Only the fields sent change; ``version`` is the one the client read (409 if stale)."""

    version: int
    person: int | None = None
    kind: str | None = None
    details: str | None = None
    declared_on: date | None = None
    approved_by: str | None = None
    approval_document: str | None = None
    approved_on: date | None = None
    reason: str = ""


def _record_update(request, kind: str, form_class, pk: int, payload):
    """Merge the sent fields into the record, validate through the form, compare-and-set."""
    _require(request.user, WRITER_ROLES)
    record = get_visible_or_404(_records(request.user, kind), request.user, pk=pk)
    form = form_class(user=request.user)
    values = {}
    for name in form.fields:
        value = getattr(record, name)
        values[name] = value.pk if hasattr(value, "pk") else value
    sent = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    values.update({name: value for name, value in sent.items() if name in form.fields})
    data = _valid(form_class(values, user=request.user))
    _call(lambda: services.do_update_travel_record(
        actor=request.user, record=record, data=data, expected_version=payload.version,
        reason=payload.reason.strip()))
    return _records(request.user, kind).get(pk=record.pk)


EDIT = {400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.patch("/visits/{visit_id}", response={**EDIT, 200: VisitOut},
              summary="Sửa thông tin đoàn vào (409 khi đã có người sửa)")
def update_visit(request, visit_id: int, payload: VisitPatch):
    """Chỉ các trường gửi lên thay đổi; gửi ``version`` đã đọc (409 nếu đã cũ)."""
    return _record_update(request, "visit", IncomingVisitForm, visit_id, payload)


@router.patch("/contact-reports/{contact_report_id}", response={**EDIT, 200: ContactReportOut},
              summary="Sửa báo cáo làm việc với nước ngoài (409 khi đã có người sửa)")
def update_contact_report(request, contact_report_id: int, payload: ContactReportPatch):
    """Chỉ các trường gửi lên thay đổi; gửi ``version`` đã đọc (409 nếu đã cũ)."""
    return _record_update(request, "contact", ContactReportForm, contact_report_id, payload)


@router.patch("/foreign-elements/{foreign_element_id}",
              response={**EDIT, 200: ForeignElementOut},
              summary="Sửa yếu tố nước ngoài đã kê khai (409 khi đã có người sửa)")
def update_foreign_element(request, foreign_element_id: int, payload: ForeignElementPatch):
    """Chỉ các trường gửi lên thay đổi; gửi ``version`` đã đọc (409 nếu đã cũ)."""
    return _record_update(request, "element", ForeignElementForm, foreign_element_id, payload)
