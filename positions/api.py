"""REST API for key/secret positions under /api/v1/positions/: catalogues (with versions),
positions and their holders, assigning (override with reason when unfit), ending, compliance.

Reads through visible_to(user); writes through positions.forms (the one validation path) and
positions.services. A classified catalogue's records need ?reason= (logged as a READ).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accounts.choices import WRITER_ROLES
from audit.services import record_read
from coordination.forms import local_today
from core.access import get_visible_or_404
from core.errors import NotAllowed
from positions import compliance, counts
from positions.choices import Level
from positions.fitness import conclusion_fit_for
from positions.forms import AssignForm, CatalogueForm, ComplianceFilterForm, EndForm, PositionForm
from positions.models import Catalogue, Holding, Position
from positions.services import (
    OverrideRequired,
    RuleBroken,
    do_add_position,
    do_assign_holder,
    do_create_catalogue,
    do_end_holding,
)

router = Router(tags=["positions"])
MIN_REASON_LENGTH = 5


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


class PositionOut(Schema):
    id: int
    catalogue_id: int
    department: str
    title: str
    level: str


class CatalogueOut(Schema):
    id: int
    org_unit_id: int
    org_unit_name: str
    decision_number: str
    decided_on: date
    valid_from: date
    valid_to: date | None
    supersedes_id: int | None
    classification: int

    @staticmethod
    def resolve_org_unit_name(obj) -> str:
        return obj.org_unit.name


class CatalogueDetail(CatalogueOut):
    positions: list[PositionOut]

    @staticmethod
    def resolve_positions(obj) -> list:
        return list(obj.positions.all())


class HoldingOut(Schema):
    id: int
    position_id: int
    person_id: int
    person_name: str
    started_on: date
    ended_on: date | None
    fitness_at_start: str
    override_reason: str
    override_by: str
    version: int

    @staticmethod
    def resolve_person_name(obj) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_override_by(obj) -> str:
        return obj.override_by.username if obj.override_by_id else ""


class FitnessOut(Schema):
    ok: bool
    code: str
    message: str


class HoldingWithFitness(HoldingOut):
    fitness_today: FitnessOut


class PositionDetail(PositionOut):
    holdings: list[HoldingWithFitness]


class CatalogueIn(Schema):
    org_unit: int
    decision_number: str
    decided_on: str
    valid_from: str
    classification: int = 0
    positions: str = ""
    note: str = ""


class HoldingAssignIn(Schema):
    person: int
    started_on: str
    override: bool = False
    override_reason: str = ""


class HoldingEndIn(Schema):
    ended_on: str
    version: int
    reason: str = ""


class ComplianceFilters(Schema):
    on: str = ""
    unit: int | None = None
    level: str = ""


class FlagOut(Schema):
    holding: HoldingOut
    position: PositionOut
    code: str
    message: str


class ComplianceOut(Schema):
    on: date
    unfit_holders: list[FlagOut]
    vacant_positions: list[PositionOut]


class CountsOut(Schema):
    on: date
    positions_by_level: dict[str, int]
    holders: int
    holders_without_valid_conclusion: int
    positions_without_holder: int


def _valid(form) -> dict:
    if not form.is_valid():
        raise ValidationError({name: list(msgs) for name, msgs in form.errors.items()})
    return form.cleaned_data


def _writer(request) -> None:
    if request.user.role not in WRITER_ROLES:
        raise PermissionDenied("role")


def _read(request, catalogue: Catalogue, reason: str, target=None) -> None:
    if catalogue.classification:
        if len(reason.strip()) < MIN_REASON_LENGTH:
            raise ValidationError({"reason": [_(
                "Danh mục này có độ mật: cần ghi lý do xem (tham số reason, ít nhất %(n)d ký tự)."
            ) % {"n": MIN_REASON_LENGTH}]})
        record_read(actor=request.user, target=target or catalogue, reason=reason.strip())


def _position(request, position_id: int) -> Position:
    return get_visible_or_404(Position.objects.select_related("catalogue__org_unit"),
                              request.user, pk=position_id)


@router.get("/catalogues", response={200: list[CatalogueOut], 400: FieldErrorsOut},
            summary="Danh mục vị trí trọng yếu, cơ mật")
def list_catalogues(request, all: bool = False, unit: int | None = None):  # noqa: A002
    """Danh mục đang có hiệu lực hôm nay (all=true: mọi phiên bản), lọc theo đơn vị (unit);
    tối đa 1.000 danh mục."""
    catalogues = Catalogue.objects.visible_to(request.user).select_related("org_unit")
    if not all:
        catalogues = catalogues.in_force(local_today())
    if unit is not None:
        catalogues = catalogues.filter(org_unit_id=unit)
    return list(catalogues[:1000])


@router.get("/catalogues/{catalogue_id}", summary="Một danh mục vị trí trọng yếu, cơ mật",
            response={200: CatalogueDetail, 400: FieldErrorsOut, 404: ErrorOut})
def get_catalogue(request, catalogue_id: int, reason: str = ""):
    """Danh mục với các vị trí; danh mục có độ mật cần ?reason= (ghi nhật ký)."""
    catalogue = get_visible_or_404(Catalogue.objects.select_related("org_unit"), request.user,
                                   pk=catalogue_id)
    _read(request, catalogue, reason)
    return catalogue


@router.post("/catalogues",
             summary="Ban hành danh mục vị trí (quyết định mới)",
             response={201: CatalogueDetail, 400: FieldErrorsOut, 403: ErrorOut})
def create_catalogue(request, payload: CatalogueIn):
    """Quyết định mới thay thế danh mục đang có hiệu lực của đơn vị; danh mục không sửa tại chỗ."""
    _writer(request)
    data = _valid(CatalogueForm(payload.dict(), user=request.user))
    try:
        catalogue = do_create_catalogue(actor=request.user, data=data,
                                        positions=data["positions"])
    except RuleBroken as exc:
        raise ValidationError({"valid_from": [str(exc)]}) from exc
    except NotAllowed as exc:
        raise PermissionDenied from exc
    return Status(201, catalogue)


@router.get("/positions/{position_id}", summary="Một vị trí và những người đảm nhiệm",
            response={200: PositionDetail, 400: FieldErrorsOut, 404: ErrorOut})
def get_position(request, position_id: int, reason: str = ""):
    """Lịch sử người đảm nhiệm và mức phù hợp hôm nay của từng người."""
    position = _position(request, position_id)
    _read(request, position.catalogue, reason)
    on = local_today()
    holdings = list(Holding.objects.visible_to(request.user).filter(position=position)
                    .select_related("person", "override_by"))
    for holding in holdings:
        ok, code, message = conclusion_fit_for(holding.person, position, on)
        holding.fitness_today = {"ok": ok, "code": code, "message": message}
    return {"id": position.pk, "catalogue_id": position.catalogue_id,
            "department": position.department, "title": position.title,
            "level": position.level, "holdings": holdings}


@router.post("/positions/{position_id}/holdings", summary="Bố trí người đảm nhiệm vị trí",
             response={201: HoldingOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def assign_holder(request, position_id: int, payload: HoldingAssignIn):
    """Người chưa có kết luận phù hợp cần override=true và override_reason (ghi nhật ký)."""
    _writer(request)
    position = _position(request, position_id)
    values = payload.dict()
    values["override"] = "on" if values["override"] else ""
    data = _valid(AssignForm(values, user=request.user))
    try:
        holding = do_assign_holder(actor=request.user, position=position, person=data["person"],
                                   started_on=data["started_on"], override=data["override"],
                                   override_reason=data["override_reason"])
    except OverrideRequired as exc:
        _ok, code, message = conclusion_fit_for(data["person"], position, data["started_on"])
        raise ValidationError({"override": [f"{message} {exc.message}"],
                               "fitness": [code]}) from exc
    except RuleBroken as exc:
        raise ValidationError({"started_on": [str(exc)]}) from exc
    except NotAllowed as exc:
        raise PermissionDenied from exc
    return Status(201, holding)


@router.post("/holdings/{holding_id}/end",
             summary="Kết thúc đảm nhiệm vị trí (409 khi đã có người sửa)",
             response={200: HoldingOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut})
def end_holding(request, holding_id: int, payload: HoldingEndIn):
    """Gửi version đã đọc; 409 nếu người khác đã sửa trước."""
    _writer(request)
    holding = get_visible_or_404(
        Holding.objects.select_related("person", "position__catalogue__org_unit"),
        request.user, pk=holding_id)
    data = _valid(EndForm(payload.dict()))
    try:
        return do_end_holding(actor=request.user, holding=holding, ended_on=data["ended_on"],
                              expected_version=data["version"], reason=data["reason"])
    except RuleBroken as exc:
        raise ValidationError({"ended_on": [str(exc)]}) from exc
    except NotAllowed as exc:
        raise PermissionDenied from exc


def _filters(request, filters: ComplianceFilters):
    values = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    data = _valid(ComplianceFilterForm(values, user=request.user))
    return data["on"] or local_today(), data["unit"], data["level"]


@router.get("/compliance",
            summary="Đối chiếu vị trí với kết luận thẩm định",
            response={200: ComplianceOut, 400: FieldErrorsOut})
def compliance_list(request, filters: ComplianceFilters = Query(...)):  # noqa: B008
    """Người đảm nhiệm chưa có kết luận còn hiệu lực phù hợp và vị trí còn trống, tại một ngày."""
    on, unit, level = _filters(request, filters)
    flags = compliance.unfit_holders(request.user, on, unit, level)
    return {"on": on, "unfit_holders": [
        {"holding": f.holding, "position": f.holding.position, "code": f.code,
         "message": f.message} for f in flags],
        "vacant_positions": list(compliance.vacant_positions(request.user, on, unit,
                                                             level)[:1000])}


@router.get("/counts",
            summary="Số liệu vị trí trọng yếu, cơ mật",
            response={200: CountsOut, 400: FieldErrorsOut})
def get_counts(request, filters: ComplianceFilters = Query(...)):  # noqa: B008
    """Vị trí theo cấp độ, người đảm nhiệm, người chưa có kết luận phù hợp, vị trí trống."""
    on, _unit, _level = _filters(request, filters)
    return {"on": on, "positions_by_level": counts.positions_by_level(request.user, on),
            "holders": counts.holders(request.user, on),
            "holders_without_valid_conclusion": counts.holders_without_valid_conclusion(
                request.user, on),
            "positions_without_holder": counts.positions_without_holder(request.user, on)}


# --- lists of positions and holdings, one holding, a correction of a catalogue ----------------
# A catalogue is a decision: it is never edited in place. A later decision supersedes it
# (POST /catalogues); a line missing from the decision as entered is added to the catalogue in
# force (POST /catalogues/{id}/positions); a holding ends with the version the client read.

PAGE_SIZE = 50


class PositionRow(PositionOut):
    org_unit_id: int
    catalogue_valid_to: date | None

    @staticmethod
    def resolve_org_unit_id(obj) -> int:
        return obj.catalogue.org_unit_id

    @staticmethod
    def resolve_catalogue_valid_to(obj) -> date | None:
        return obj.catalogue.valid_to


class PositionPage(Schema):
    count: int
    page: int
    has_next: bool
    results: list[PositionRow]


class HoldingPage(Schema):
    count: int
    page: int
    has_next: bool
    results: list[HoldingOut]


class PositionFilters(Schema):
    catalogue: int | None = Field(None, description="Mã danh mục.")
    unit: int | None = Field(None, description="Mã đơn vị của danh mục.")
    level: str = Field("", description="Cấp độ (trọng yếu, cơ mật).")
    all: bool = Field(False, description="Cả các danh mục đã được thay thế.")
    page: int = 1


class HoldingFilters(Schema):
    person: int | None = Field(None, description="Mã hồ sơ người đảm nhiệm.")
    position: int | None = Field(None, description="Mã vị trí.")
    current: bool = Field(False, description="Chỉ những người đang đảm nhiệm (chưa kết thúc).")
    page: int = 1


class PositionIn(Schema):
    department: str
    title: str
    level: str = Field(..., description="Cấp độ: TRONG_YEU hoặc CO_MAT.")


def _page(rows, page: int) -> dict:
    if page < 1:
        raise ValidationError({"page": [_("Số trang bắt đầu từ 1.")]})
    if page > 1_000_000:
        raise ValidationError({"page": [_("Số trang quá lớn.")]})
    start = (page - 1) * PAGE_SIZE
    window = list(rows[start:start + PAGE_SIZE + 1])
    return {"count": rows.count(), "page": page, "has_next": len(window) > PAGE_SIZE,
            "results": window[:PAGE_SIZE]}


@router.get("/positions", response={200: PositionPage, 400: FieldErrorsOut},
            summary="Danh sách vị trí trọng yếu, cơ mật")
def list_positions(request, filters: PositionFilters = Query(...)):  # noqa: B008
    """Các vị trí của danh mục đang có hiệu lực (all=true: mọi phiên bản) trong phạm vi và độ
    mật của bạn, lọc theo danh mục, đơn vị, cấp độ; 50 vị trí một trang."""
    if filters.level and filters.level not in Level.values:
        raise ValidationError({"level": [_("Giá trị không hợp lệ.")]})
    rows = Position.objects.visible_to(request.user).select_related("catalogue")
    if not filters.all:
        rows = rows.filter(catalogue__in=Catalogue.objects.visible_to(request.user)
                           .in_force(local_today()))
    if filters.catalogue is not None:
        rows = rows.filter(catalogue_id=filters.catalogue)
    if filters.unit is not None:
        rows = rows.filter(catalogue__org_unit_id=filters.unit)
    if filters.level:
        rows = rows.filter(level=filters.level)
    return _page(rows.order_by("catalogue_id", "department", "title", "id"), filters.page)


@router.post("/catalogues/{catalogue_id}/positions",
             response={201: PositionOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut},
             summary="Bổ sung một vị trí vào danh mục đang có hiệu lực")
def add_position(request, catalogue_id: int, payload: PositionIn):
    """Bổ sung dòng còn thiếu của quyết định (đính chính khi nhập); danh mục đã được thay thế
    thì không nhận thêm."""
    _writer(request)
    catalogue = get_visible_or_404(Catalogue.objects.select_related("org_unit"), request.user,
                                   pk=catalogue_id)
    data = _valid(PositionForm(payload.dict()))
    try:
        position = do_add_position(actor=request.user, catalogue=catalogue, data=data)
    except RuleBroken as exc:
        raise ValidationError({"__all__": [str(exc)]}) from exc
    except NotAllowed as exc:
        raise PermissionDenied from exc
    return Status(201, position)


@router.get("/holdings", response={200: HoldingPage, 400: FieldErrorsOut},
            summary="Danh sách người đảm nhiệm vị trí")
def list_holdings(request, filters: HoldingFilters = Query(...)):  # noqa: B008
    """Các lượt đảm nhiệm vị trí trong phạm vi và độ mật của bạn, lọc theo người, vị trí,
    đang đảm nhiệm; 50 dòng một trang, mới nhất trước."""
    rows = Holding.objects.visible_to(request.user).select_related("person", "override_by")
    if filters.person is not None:
        rows = rows.filter(person_id=filters.person)
    if filters.position is not None:
        rows = rows.filter(position_id=filters.position)
    if filters.current:
        rows = rows.filter(ended_on__isnull=True)
    return _page(rows.order_by("-started_on", "-id"), filters.page)


@router.get("/holdings/{holding_id}",
            response={200: HoldingOut, 400: FieldErrorsOut, 404: ErrorOut},
            summary="Một lượt đảm nhiệm vị trí")
def get_holding(request, holding_id: int, reason: str = ""):
    """Người đảm nhiệm, thời gian, kết luận lúc bố trí; danh mục có độ mật cần ?reason=."""
    holding = get_visible_or_404(
        Holding.objects.select_related("person", "override_by", "position__catalogue"),
        request.user, pk=holding_id)
    _read(request, holding.position.catalogue, reason)
    return holding
