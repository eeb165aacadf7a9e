"""Inspections: list, detail, create, update, workflow step, extension, overdue remediation,
report counts."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Status

from core.access import get_visible_or_404
from inspections import counts, services
from inspections.api.common import (
    ErrorOut,
    FieldErrorsOut,
    page_of,
    read_classified,
    refusals,
    require_writer,
    router,
    valid,
)
from inspections.api.schemas import (
    ExtensionIn,
    InspectionDetail,
    InspectionFilters,
    InspectionIn,
    InspectionOut,
    InspectionPage,
    InspectionPatch,
    InspectionTransitionIn,
    RemediationOut,
)
from inspections.choices import InspectionType, Kind
from inspections.choices import Status as InspectionStatus
from inspections.forms import ExtensionForm, InspectionForm, TransitionForm, today
from inspections.models import Inspection, Programme, RemediationItem
from people.models import Person

EDITABLE = ["kind", "type", "title", "look_back_from", "look_back_to", "planned_month",
            "follow_up_of", "classification"]


def _check_choice(name: str, value: str, allowed) -> None:
    if value and value not in allowed:
        raise ValidationError({name: [_("Giá trị không hợp lệ.")]})


def _inspection(request, inspection_id: int) -> Inspection:
    return get_visible_or_404(Inspection.objects.select_related("programme", "org_unit"),
                              request.user, pk=inspection_id)


@router.get("", response={200: InspectionPage, 400: FieldErrorsOut},
            summary="Danh sách cuộc kiểm tra, giám sát")
def list_inspections(request, filters: InspectionFilters = Query(...)):  # noqa: B008
    """Các cuộc kiểm tra, giám sát trong phạm vi và độ mật của bạn, lọc theo loại, trạng thái,
    năm, chương trình, quá hạn; 50 cuộc một trang, mới nhất trước."""
    _check_choice("kind", filters.kind, Kind.values)
    _check_choice("type", filters.type, InspectionType.values)
    _check_choice("status", filters.status, InspectionStatus.values)
    rows = Inspection.objects.visible_to(request.user)
    for name in ("kind", "type", "status"):
        if getattr(filters, name):
            rows = rows.filter(**{name: getattr(filters, name)})
    if filters.year:
        rows = rows.filter(programme__year=filters.year)
    if filters.programme is not None:
        rows = rows.filter(programme_id=filters.programme)
    if filters.overdue:
        rows = rows.overdue(today())
    return page_of(rows.order_by("-pk"), filters.page)


@router.get("/remediation/overdue", response=list[RemediationOut],
            summary="Việc khắc phục quá hạn")
def overdue_remediation(request):
    """Các việc khắc phục đã quá hạn mà chưa hoàn thành (tối đa 500, hạn sớm nhất trước)."""
    return RemediationItem.objects.visible_to(request.user).overdue(today()).order_by(
        "deadline")[:500]


@router.get("/counts", response={200: dict, 400: FieldErrorsOut},
            summary="Số liệu kiểm tra, giám sát cho báo cáo")
def report_counts(request, date_from: date, date_to: date):
    """Mọi số liệu của inspections.counts trong kỳ (các con số của báo cáo)."""
    if date_to < date_from:
        raise ValidationError({"date_to": [_("Ngày kết thúc không thể trước ngày bắt đầu.")]})
    names = ["inspected", "supervised", "inspected_with_violations",
             "supervised_with_violations", "discipline_by_form", "remediation"]
    return {name: getattr(counts, name)(request.user, date_from, date_to) for name in names}


def subject_rows(user, inspection: Inspection) -> list[dict]:
    """The subjects with their conclusions; a person the caller may not see shows no id."""
    subjects = list(inspection.subjects.select_related("conclusion").prefetch_related("findings")
                    .order_by("pk"))
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


def detail_of(request, inspection: Inspection) -> Inspection:
    inspection.refresh_from_db()
    inspection.subject_rows = subject_rows(request.user, inspection)
    return inspection


@router.get("/{inspection_id}", response={200: InspectionDetail, 400: FieldErrorsOut,
                                          404: ErrorOut},
            summary="Một cuộc kiểm tra, giám sát")
def get_inspection(request, inspection_id: int, reason: str = ""):
    """Cuộc kiểm tra với đối tượng, kết luận, đoàn, văn bản và việc khắc phục; cuộc có độ mật
    cần ?reason= (ghi nhật ký)."""
    inspection = _inspection(request, inspection_id)
    read_classified(request, inspection, inspection.classification, reason)
    return detail_of(request, inspection)


@router.post("", response={201: InspectionDetail, 400: FieldErrorsOut, 403: ErrorOut},
             summary="Thêm cuộc kiểm tra, giám sát vào chương trình")
def create_inspection(request, payload: InspectionIn):
    """Cuộc kiểm tra, giám sát mới (trạng thái PLANNED) của một chương trình trong phạm vi."""
    require_writer(request)
    programme = Programme.objects.visible_to(request.user).filter(pk=payload.programme).first()
    if programme is None:
        raise ValidationError({"programme": [_(
            "Chương trình này không có hoặc nằm ngoài phạm vi của bạn.")]})
    data = valid(InspectionForm(payload.dict(exclude={"programme"}), user=request.user,
                                programme=programme))
    data.pop("version", None)
    with refusals():
        inspection = services.do_create_inspection(actor=request.user, programme=programme,
                                                   data=data)
    return Status(201, detail_of(request, inspection))


@router.patch("/{inspection_id}",
              response={200: InspectionDetail, 400: FieldErrorsOut, 403: ErrorOut,
                        404: ErrorOut, 409: ErrorOut},
              summary="Sửa mô tả cuộc kiểm tra (409 khi đã có người sửa)")
def update_inspection(request, inspection_id: int, payload: InspectionPatch):
    """Sửa loại, nội dung, thời kỳ kiểm tra…; chỉ các trường gửi lên thay đổi. Gửi kèm
    ``version`` đã đọc: nếu người khác đã sửa trước, trả 409. Trạng thái đổi qua /transition."""
    require_writer(request)
    inspection = _inspection(request, inspection_id)
    sent = payload.dict(exclude_unset=True)
    values = {name: getattr(inspection, name) for name in EDITABLE if name != "follow_up_of"}
    values["follow_up_of"] = inspection.follow_up_of_id
    values.update({name: sent[name] for name in EDITABLE if name in sent})
    data = valid(InspectionForm(values, user=request.user, programme=inspection.programme))
    data.pop("version", None)
    with refusals():
        services.do_update_inspection(actor=request.user, inspection=inspection, data=data,
                                      expected_version=payload.version,
                                      reason=payload.reason.strip())
    return detail_of(request, inspection)


@router.post("/{inspection_id}/transition",
             response={200: InspectionOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut},
             summary="Chuyển bước quy trình kiểm tra")
def transition_inspection(request, inspection_id: int, payload: InspectionTransitionIn):
    """Chuyển cuộc kiểm tra sang bước kế tiếp (bảng quy trình quyết định); 409 khi ``version``
    đã cũ; điều kiện chưa đủ trả 400 với lý do ở trường ``target``."""
    require_writer(request)
    inspection = _inspection(request, inspection_id)
    data = valid(TransitionForm(payload.dict()))
    with refusals("target"):
        return services.do_transition_inspection(
            actor=request.user, inspection=inspection, target=data["target"], on=data["on"],
            reason=data["reason"], expected_version=data["version"])


@router.post("/{inspection_id}/extension",
             response={200: InspectionOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut},
             summary="Gia hạn cuộc kiểm tra")
def extend_inspection(request, inspection_id: int, payload: ExtensionIn):
    """Gia hạn một lần, tối đa một phần ba thời hạn, khi cuộc kiểm tra đang tiến hành."""
    require_writer(request)
    inspection = _inspection(request, inspection_id)
    data = valid(ExtensionForm(payload.dict()))
    with refusals("days"):
        return services.do_extend_inspection(
            actor=request.user, inspection=inspection, days=data["days"], on=data["on"],
            reason=data["reason"], expected_version=data["version"])
