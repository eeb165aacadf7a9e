"""Yearly inspection and supervision programmes: list, detail, create."""

from ninja import Field, Query, Schema, Status

from core.access import get_visible_or_404
from inspections import services
from inspections.api.common import (
    ErrorOut,
    FieldErrorsOut,
    read_classified,
    refusals,
    require_writer,
    router,
    valid,
)
from inspections.api.schemas import ProgrammeDetail, ProgrammeIn, ProgrammeOut, ProgrammePatch
from inspections.forms import ProgrammeEditForm, ProgrammeForm
from inspections.models import Programme


class ProgrammeFilters(Schema):
    year: int | None = Field(None, ge=1900, le=2100, description="Năm của chương trình.")
    # Bounded: a larger id in the unit lookup overflows SQLite's integer (a 500).
    unit: int | None = Field(None, ge=1, le=2**63 - 1, description="Mã đơn vị ban hành.")


@router.get("/programmes", response={200: list[ProgrammeOut], 400: FieldErrorsOut},
            summary="Danh sách chương trình kiểm tra, giám sát")
def list_programmes(request, filters: ProgrammeFilters = Query(...)):  # noqa: B008
    """Chương trình hằng năm trong phạm vi của bạn (tối đa 500), lọc theo năm và đơn vị."""
    rows = Programme.objects.visible_to(request.user).order_by("-year", "pk")
    if filters.year:
        rows = rows.filter(year=filters.year)
    if filters.unit is not None:
        rows = rows.filter(org_unit_id=filters.unit)
    return list(rows[:500])


@router.get("/programmes/{programme_id}",
            response={200: ProgrammeDetail, 400: FieldErrorsOut, 404: ErrorOut},
            summary="Một chương trình kiểm tra, giám sát")
def get_programme(request, programme_id: int, reason: str = ""):
    """Chương trình với các cuộc kiểm tra của nó; chương trình có độ mật cần ?reason=."""
    programme = get_visible_or_404(Programme, request.user, pk=programme_id)
    read_classified(request, programme, programme.classification, reason)
    return programme


@router.post("/programmes", response={201: ProgrammeDetail, 400: FieldErrorsOut, 403: ErrorOut},
             summary="Ban hành chương trình kiểm tra, giám sát")
def create_programme(request, payload: ProgrammeIn):
    """Chương trình năm mới của một đơn vị trong phạm vi của bạn."""
    require_writer(request)
    data = valid(ProgrammeForm(payload.dict(), user=request.user))
    if data.get("issued_on") is None:
        data.pop("issued_on", None)
    with refusals():
        programme = services.do_create_programme(actor=request.user, data=data)
    return Status(201, programme)


@router.patch("/programmes/{programme_id}",
              response={200: ProgrammeDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut},
              summary="Sửa chương trình kiểm tra, giám sát (409 khi đã có người sửa)")
def update_programme(request, programme_id: int, payload: ProgrammePatch):
    """Sửa năm, trích yếu, số, ngày, địa danh, độ mật (cơ quan ban hành giữ nguyên); chỉ các
    trường gửi lên thay đổi; gửi ``version`` đã đọc (409 nếu đã cũ); chương trình có độ mật
    cần ``reason`` (ghi nhật ký)."""
    require_writer(request)
    programme = get_visible_or_404(Programme, request.user, pk=programme_id)
    read_classified(request, programme, programme.classification, payload.reason)
    values = {name: getattr(programme, name) for name in
              ("year", "title", "number", "issued_on", "place", "classification")}
    values["org_unit"] = programme.org_unit_id
    sent = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    values.update({k: v for k, v in sent.items() if v is not None})
    values["version"] = payload.version
    data = valid(ProgrammeEditForm({k: ("" if v is None else v) for k, v in values.items()},
                                   user=request.user, programme=programme))
    data.pop("org_unit", None)
    with refusals():
        return services.do_update_programme(actor=request.user, programme=programme, data=data,
                                            expected_version=payload.version,
                                            reason=payload.reason.strip())
