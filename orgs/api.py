"""REST API for the organisation tree: units the caller may see, a unit, its children; an
administrator adds a unit inside their scope (through orgs.forms and orgs.services, audited)."""

from datetime import date
from types import SimpleNamespace
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accounts.choices import Role
from core.access import get_visible_or_404
from core.textfold import fold
from orgs.choices import OrgKind
from orgs.forms import UnitEditForm, UnitForm
from orgs.models import OrgUnit
from orgs.services import do_create_unit, do_update_unit

router = Router(tags=["orgs"])

PAGE_SIZE = 100
MAX_PAGE = 100_000  # beyond it an offset overflows the database's integer
MAX_ID = 2**63 - 1  # a larger id in a list lookup overflows SQLite's integer


class UnitRef(Schema):
    id: int
    name: str


class UnitSummary(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    parent_id: int | None
    depth: int
    is_active: bool

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(OrgKind(obj.kind).label)


class UnitDetail(UnitSummary):
    valid_from: date | None
    valid_to: date | None
    ancestors: list[UnitRef]
    children_count: int
    predecessors: list[UnitRef]
    version: int


class UnitPage(Schema):
    count: int
    page: int
    page_size: int
    has_next: bool
    results: list[UnitSummary]


class UnitFilters(Schema):
    parent: int | None = None
    q: str = ""
    page: int = 1


class UnitIn(Schema):
    """A new unit under ``parent`` (a unit of the caller's scope); dates as dd/mm/yyyy."""

    code: str
    name: str
    kind: str
    parent: int
    valid_from: str | None = None
    valid_to: str | None = None
    predecessors: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = []
    reason: str = ""


class UnitPatch(Schema):
    """Only the fields sent change (code, kind and parent stay); dates as dd/mm/yyyy;
    ``predecessors`` replaces the list; ``version`` is the one read (409 when stale)."""

    name: str | None = None
    valid_from: str | None = None
    valid_to: str | None = None
    predecessors: list[Annotated[int, Field(ge=1, le=MAX_ID)]] | None = None
    version: int
    reason: str = ""


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


def _page(queryset, page: int) -> dict:
    if not 1 <= page <= MAX_PAGE:
        raise ValidationError({"page": [_("Số trang từ 1 đến %(n)d.") % {"n": MAX_PAGE}]})
    start = (page - 1) * PAGE_SIZE
    window = list(queryset[start:start + PAGE_SIZE + 1])
    return {"count": queryset.count(), "page": page, "page_size": PAGE_SIZE,
            "has_next": len(window) > PAGE_SIZE, "results": window[:PAGE_SIZE]}


@router.get("", summary="Danh sách tổ chức đảng trong phạm vi",
            response={200: UnitPage, 400: FieldErrorsOut, 404: ErrorOut})
def list_units(request, filters: UnitFilters = Query(...)):  # noqa: B008
    """Units the caller may see, in tree order; ?parent= keeps one unit's children, ?q= names."""
    queryset = OrgUnit.objects.visible_to(request.user)
    if filters.parent is not None:
        parent = get_visible_or_404(OrgUnit, request.user, pk=filters.parent)
        queryset = queryset.filter(parent=parent)
    if filters.q.strip():
        queryset = queryset.filter(name_folded__contains=fold(filters.q))
    return _page(queryset.order_by("path"), filters.page)


@router.get("/{unit_id}", summary="Xem một tổ chức đảng",
            response={200: UnitDetail, 404: ErrorOut})
def get_unit(request, unit_id: int):
    """One unit, with the ancestors and predecessors the caller may see."""
    visible = OrgUnit.objects.visible_to(request.user)
    unit = get_visible_or_404(visible, request.user, pk=unit_id)
    # Above the caller's scope root the tree is not theirs to see: ancestors stop there.
    ancestors = list(visible.filter(pk__in=[a.pk for a in unit.ancestors()]).order_by("path"))
    parent_id = unit.parent_id if any(a.pk == unit.parent_id for a in ancestors) else None
    return SimpleNamespace(
        id=unit.pk, code=unit.code, name=unit.name, kind=unit.kind, parent_id=parent_id,
        depth=unit.depth, is_active=unit.is_active, valid_from=unit.valid_from,
        valid_to=unit.valid_to, ancestors=ancestors,
        children_count=visible.filter(parent=unit).count(),
        predecessors=list(visible.filter(successors=unit).order_by("path")),
        version=unit.version,
    )


@router.get("/{unit_id}/children", summary="Các tổ chức trực thuộc",
            response={200: UnitPage, 400: FieldErrorsOut, 404: ErrorOut})
def list_children(request, unit_id: int, page: int = 1):
    """Direct children of a unit (the tree page's lazy branch)."""
    visible = OrgUnit.objects.visible_to(request.user)
    unit = get_visible_or_404(visible, request.user, pk=unit_id)
    return _page(visible.filter(parent=unit).order_by("path"), page)


@router.post("", summary="Thêm tổ chức đảng (quản trị)",
             response={201: UnitDetail, 400: FieldErrorsOut, 403: ErrorOut})
def create_unit(request, payload: UnitIn):
    """Add a unit (administrators only), below its parent's level, with merged predecessors."""
    if request.user.role != Role.ADMIN:
        raise PermissionDenied("role")
    values = {k: v for k, v in payload.dict().items() if v is not None and k != "reason"}
    form = UnitForm(values, user=request.user)
    if not form.is_valid():
        raise ValidationError({name: list(msgs) for name, msgs in form.errors.items()})
    data = form.cleaned_data
    unit = do_create_unit(actor=request.user, code=data["code"], name=data["name"],
                          kind=data["kind"], parent=data["parent"],
                          valid_from=data.get("valid_from"), valid_to=data.get("valid_to"),
                          predecessors=list(data.get("predecessors") or ()),
                          reason=payload.reason)
    return Status(201, get_unit(request, unit.pk))


@router.patch("/{unit_id}", summary="Sửa tổ chức đảng (quản trị)",
              response={200: UnitDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def update_unit(request, unit_id: int, payload: UnitPatch):
    """Correct a unit's name, validity dates, predecessors (administrators of its scope); its
    code, kind and place in the tree stay; 409 when someone saved after ``version`` was read."""
    if request.user.role != Role.ADMIN:
        raise PermissionDenied("role")
    unit = get_visible_or_404(OrgUnit, request.user, pk=unit_id)
    values = {"name": unit.name, "valid_from": unit.valid_from, "valid_to": unit.valid_to,
              "predecessors": list(unit.predecessors.values_list("pk", flat=True))}
    sent = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    values.update({k: v for k, v in sent.items() if v is not None or k.startswith("valid_")})
    form = UnitEditForm({k: ("" if v is None else v) for k, v in values.items()},
                        user=request.user, unit=unit)
    if not form.is_valid():
        raise ValidationError({name: list(msgs) for name, msgs in form.errors.items()})
    do_update_unit(actor=request.user, unit=unit, data=form.cleaned_data,
                   expected_version=payload.version, reason=payload.reason.strip())
    return get_unit(request, unit.pk)
