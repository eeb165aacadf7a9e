"""Trips abroad: list (with the overdue filters), detail with approvals and flags, request,
edit while a draft (409 on a stale version), workflow moves, a committee's opinion, the
passport handed back."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from accounts.choices import WRITER_ROLES
from audit.services import record_read
from core.access import get_visible_or_404
from travel import services, workflow
from travel.api.common import PAGE_SIZE, ErrorOut, FieldErrorsOut, _call, _require, _valid, router
from travel.choices import Decision
from travel.forms import ApprovalForm, FilterForm, TransitionForm, TripForm
from travel.models import Trip


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


class TripTransitionIn(Schema):
    action: str
    on: date
    text: str = ""
    reason: str = ""
    countries: list[str] = []
    version: int | None = None


class TripApprovalIn(Schema):
    # Bounded: a larger id in the committee lookup overflows SQLite's integer (a 500).
    committee: int = Field(..., ge=1, le=2**63 - 1)
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


@router.get("/trips",
            summary="Danh sách chuyến đi nước ngoài",
            response={200: TripPage, 400: FieldErrorsOut})
def list_trips(request, filters: TripFilters = Query(...)):  # noqa: B008
    """Các chuyến đi trong phạm vi và độ mật của bạn, lọc theo trạng thái hoặc cảnh báo (flag:
    return quá hạn về nước, report quá hạn báo cáo, passport chưa nộp hộ chiếu); 50 chuyến một
    trang."""
    if filters.page < 1:
        raise ValidationError({"page": [_("Số trang bắt đầu từ 1.")]})
    if filters.page > 1_000_000:
        raise ValidationError({"page": [_("Số trang quá lớn.")]})
    form = FilterForm({k: v for k, v in filters.dict(exclude={"page"}).items() if v})
    _valid(form)
    queryset = form.apply(_visible(request.user), services.today()).order_by("-id")
    start = (filters.page - 1) * PAGE_SIZE
    window = list(queryset[start:start + PAGE_SIZE + 1])
    return {"count": queryset.count(), "page": filters.page,
            "has_next": len(window) > PAGE_SIZE, "results": window[:PAGE_SIZE]}


@router.get("/trips/{trip_id}",
            summary="Một chuyến đi nước ngoài",
            response={200: TripOut, 404: ErrorOut})
def get_trip(request, trip_id: int):
    """Chuyến đi với người đi, nước đến, ý kiến các cấp ủy và cảnh báo; chuyến có độ mật được ghi
    nhật ký khi đọc."""
    return _fetch(request, trip_id)


@router.post("/trips",
             summary="Lập đề nghị đi nước ngoài",
             response={201: TripOut, 400: FieldErrorsOut, 403: ErrorOut})
def create_trip(request, payload: TripIn):
    """Đề nghị cho một người hoặc một đoàn (trạng thái DRAFT)."""
    _require(request.user, WRITER_ROLES)
    form = TripForm(payload.dict(), user=request.user)
    _valid(form)
    trip = _call(lambda: services.do_create_trip(
        actor=request.user, data=form.trip_data(), members=form.members(),
        countries=form.cleaned_data["countries"]))
    return Status(201, _visible(request.user).get(pk=trip.pk))


@router.post("/trips/{trip_id}/transitions", summary="Chuyển bước quy trình chuyến đi",
             response={200: TripOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut})
def transition_trip(request, trip_id: int, payload: TripTransitionIn):
    """Một bước của quy trình (action); điều kiện chặn và quy định bị vi phạm trả 400 bằng tiếng
    Việt; version đã cũ trả 409."""
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


@router.post("/trips/{trip_id}/approvals", summary="Ý kiến của cấp ủy về chuyến đi",
             response={200: TripOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def decide_approval(request, trip_id: int, payload: TripApprovalIn):
    """Ý kiến đồng ý hoặc không đồng ý (kèm lý do) của một cấp ủy, do lãnh đạo ghi."""
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


class TripPatch(Schema):
    """Only the fields sent change; ``version`` is the one the client read (409 if stale)."""

    version: int
    org_unit: int | None = None
    classification: int | None = None
    title: str | None = None
    purpose: str | None = None
    private_kind: str | None = None
    inviter: str | None = None
    funding: str | None = None
    countries: list[str] | None = None
    planned_departure_on: date | None = None
    planned_return_on: date | None = None
    relatives_commitment: str | None = None
    reason: str = ""


class PassportIn(Schema):
    on: date


PATCHABLE = ["org_unit", "classification", "title", "purpose", "private_kind", "inviter",
             "funding", "countries", "planned_departure_on", "planned_return_on",
             "relatives_commitment"]


def _form_values(trip: Trip) -> dict:
    """The trip as TripForm input (its travellers unchanged: the form checks them again)."""
    members = list(trip.members.order_by("pk"))
    leader = next((m for m in members if m.role == "TRUONG_DOAN"), members[0] if members else None)
    values = {name: getattr(trip, name) for name in PATCHABLE if name not in (
        "org_unit", "countries")}
    values.update(org_unit=trip.org_unit_id, countries=trip.countries(),
                  leader=leader.person_id if leader else None,
                  management_level=leader.management_level if leader else "",
                  other_members=",".join(str(m.person_id) for m in members if m is not leader))
    return values


@router.patch("/trips/{trip_id}",
              response={200: TripOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut},
              summary="Sửa đề nghị đi nước ngoài khi còn dự thảo (409 khi đã có người sửa)")
def update_trip(request, trip_id: int, payload: TripPatch):
    """Sửa mô tả chuyến đi (mục đích, kinh phí, nước đến, ngày dự kiến…) khi chưa trình duyệt;
    chỉ các trường gửi lên thay đổi, người đi giữ nguyên. Gửi ``version`` đã đọc: 409 nếu
    người khác đã sửa trước."""
    _require(request.user, WRITER_ROLES)
    trip = _fetch(request, trip_id)
    values = _form_values(trip)
    values.update({k: v for k, v in payload.dict(exclude_unset=True).items() if k in PATCHABLE})
    form = TripForm(values, user=request.user)
    data = _valid(form)
    _call(lambda: services.do_update_trip(
        actor=request.user, trip=trip, data=form.trip_data(), countries=data["countries"],
        expected_version=payload.version, reason=payload.reason.strip()))
    return _visible(request.user).get(pk=trip.pk)


@router.post("/trips/{trip_id}/passport",
             response={200: TripOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut},
             summary="Ghi nộp lại hộ chiếu sau chuyến đi")
def record_passport(request, trip_id: int, payload: PassportIn):
    """Ngày hộ chiếu được nộp lại cho cơ quan (sau ngày về nước)."""
    _require(request.user, WRITER_ROLES)
    trip = _fetch(request, trip_id)
    _call(lambda: services.do_record_passport(actor=request.user, trip=trip, on=payload.on))
    return _visible(request.user).get(pk=trip.pk)
