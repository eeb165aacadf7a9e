"""The parts of an inspection: subjects, team, documents, conclusions, appeals, remediation."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Status

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
from inspections.api.inspections import _inspection, detail_of
from inspections.api.schemas import (
    AppealDecisionIn,
    InspectionAppealIn,
    InspectionAppealOut,
    InspectionConclusionIn,
    InspectionConclusionOut,
    InspectionDetail,
    InspectionDocumentIn,
    InspectionDocumentOut,
    InspectionDocumentPatch,
    RemediationDoneIn,
    RemediationIn,
    RemediationOut,
    RemediationPatch,
    SubjectIn,
    TeamMemberIn,
)
from inspections.forms import (
    AppealDecisionForm,
    AppealForm,
    ConclusionForm,
    DocumentEditForm,
    DocumentForm,
    RemediationDoneForm,
    RemediationEditForm,
    RemediationForm,
    SubjectForm,
    TeamMemberForm,
)
from inspections.models import Appeal, Conclusion, RemediationItem, Subject
from inspections.models import Document as InspectionDocument

WRITE = {400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut}


@router.post("/{inspection_id}/subjects", response={201: InspectionDetail, **WRITE},
             summary="Thêm đối tượng kiểm tra")
def add_subject(request, inspection_id: int, payload: SubjectIn):
    """Thêm một đối tượng (một tổ chức đảng hoặc một đảng viên) trước khi công bố quyết định."""
    require_writer(request)
    inspection = _inspection(request, inspection_id)
    data = valid(SubjectForm(payload.dict(), user=request.user, inspection=inspection))
    with refusals():
        services.do_add_subject(actor=request.user, inspection=inspection, data=data)
    return Status(201, detail_of(request, inspection))


@router.post("/{inspection_id}/team", response={201: InspectionDetail, **WRITE},
             summary="Thêm thành viên đoàn kiểm tra")
def add_team_member(request, inspection_id: int, payload: TeamMemberIn):
    """Thêm một người dùng hoặc một cán bộ vào đoàn với vai trò (một trưởng đoàn)."""
    require_writer(request)
    inspection = _inspection(request, inspection_id)
    data = valid(TeamMemberForm(payload.dict(), user=request.user, inspection=inspection))
    with refusals():
        services.do_add_team_member(actor=request.user, inspection=inspection, data=data)
    return Status(201, detail_of(request, inspection))


@router.post("/{inspection_id}/documents", response={201: InspectionDetail, **WRITE},
             summary="Ghi văn bản của cuộc kiểm tra")
def add_document(request, inspection_id: int, payload: InspectionDocumentIn):
    """Ghi số, ngày, loại, trích yếu của một văn bản (quyết định, kế hoạch, kết luận…)."""
    require_writer(request)
    inspection = _inspection(request, inspection_id)
    data = valid(DocumentForm(payload.dict(), inspection=inspection))
    with refusals():
        services.do_add_document(actor=request.user, inspection=inspection, data=data)
    return Status(201, detail_of(request, inspection))


def _subject(request, subject_id: int) -> Subject:
    return get_visible_or_404(Subject.objects.select_related("inspection__org_unit"),
                              request.user, pk=subject_id)


@router.get("/subjects/{subject_id}/conclusion",
            response={200: InspectionConclusionOut, 400: FieldErrorsOut, 404: ErrorOut},
            summary="Kết luận về một đối tượng")
def get_conclusion(request, subject_id: int, reason: str = ""):
    """Kết luận về đối tượng (vi phạm, phát hiện, kỷ luật); 404 khi chưa có; cuộc kiểm tra có
    độ mật cần ?reason= (ghi nhật ký)."""
    subject = _subject(request, subject_id)
    inspection = subject.inspection
    read_classified(request, inspection, inspection.classification, reason)
    return get_visible_or_404(Conclusion.objects.select_related("subject"), request.user,
                              subject=subject)


@router.put("/subjects/{subject_id}/conclusion",
            response={200: InspectionConclusionOut, **WRITE, 409: ErrorOut},
            summary="Ghi kết luận về một đối tượng (409 khi đã có người sửa)")
def record_conclusion(request, subject_id: int, payload: InspectionConclusionIn):
    """Ghi hoặc sửa kết luận về đối tượng từ bước dự thảo báo cáo; khi sửa, gửi ``version``
    của kết luận đã đọc (409 nếu đã cũ). Danh sách phát hiện thay cho danh sách trước."""
    require_writer(request)
    subject = _subject(request, subject_id)
    values = payload.dict(exclude={"findings"})
    values["violation"] = "1" if payload.violation else "0"
    values["findings"] = "\n".join(payload.findings)
    data = valid(ConclusionForm(values))
    with refusals():
        conclusion = services.do_record_conclusion(actor=request.user, subject=subject, data=data,
                                                   expected_version=data.get("version"))
    return Conclusion.objects.select_related("subject").get(pk=conclusion.pk)


@router.post("/subjects/{subject_id}/appeals", response={201: InspectionAppealOut, **WRITE},
             summary="Ghi khiếu nại kỷ luật của đối tượng")
def file_appeal(request, subject_id: int, payload: InspectionAppealIn):
    """Ghi khiếu nại của đối tượng đối với hình thức kỷ luật, trong thời hạn khiếu nại."""
    require_writer(request)
    subject = _subject(request, subject_id)
    conclusion = Conclusion.objects.filter(subject=subject).first()
    if conclusion is None:
        raise ValidationError({"__all__": [
            _("Đối tượng này chưa bị kỷ luật: không có gì để khiếu nại.")]})
    data = valid(AppealForm(payload.dict(), conclusion=conclusion))
    with refusals("filed_on"):
        appeal = services.do_file_appeal(actor=request.user, conclusion=conclusion, data=data)
    return Status(201, appeal)


@router.post("/appeals/{appeal_id}/decision", response={200: InspectionAppealOut, **WRITE},
             summary="Ghi kết quả giải quyết khiếu nại")
def decide_appeal(request, appeal_id: int, payload: AppealDecisionIn):
    """Kết quả (giữ nguyên, thay đổi, xóa kỷ luật) do lãnh đạo ghi; cập nhật kết luận."""
    require_writer(request)
    appeal = get_visible_or_404(Appeal.objects.select_related("conclusion__subject__inspection"),
                                request.user, pk=appeal_id)
    data = valid(AppealDecisionForm(payload.dict(), appeal=appeal))
    with refusals("result"):
        return services.do_decide_appeal(actor=request.user, appeal=appeal, data=data)


@router.post("/{inspection_id}/remediation", response={201: RemediationOut, **WRITE},
             summary="Giao việc khắc phục")
def add_remediation(request, inspection_id: int, payload: RemediationIn):
    """Một việc khắc phục sau kết luận, với đơn vị hoặc người thực hiện và hạn hoàn thành."""
    require_writer(request)
    inspection = _inspection(request, inspection_id)
    data = valid(RemediationForm(payload.dict(), user=request.user, inspection=inspection))
    with refusals():
        item = services.do_add_remediation(actor=request.user, inspection=inspection, data=data)
    return Status(201, item)


@router.post("/remediation/{remediation_item_id}/done",
             response={200: RemediationOut, **WRITE, 409: ErrorOut},
             summary="Ghi hoàn thành việc khắc phục (409 khi đã có người sửa)")
def complete_remediation(request, remediation_item_id: int, payload: RemediationDoneIn):
    """Ghi ngày hoàn thành (và cuộc kiểm tra lại đã xác nhận, nếu có); gửi ``version`` đã đọc."""
    require_writer(request)
    item = get_visible_or_404(RemediationItem.objects.select_related("inspection"),
                              request.user, pk=remediation_item_id)
    data = valid(RemediationDoneForm(payload.dict(), user=request.user, item=item))
    with refusals("done_on"):
        return services.do_complete_remediation(actor=request.user, item=item, data=data,
                                                expected_version=data["version"])


def _merged(row, names, payload, nullable) -> dict:
    """The row's stored values with the sent ones over them (form field names; ids for keys)."""
    values = {name: getattr(row, f"{name}_id" if name in nullable else name) for name in names}
    sent = payload.dict(exclude_unset=True, exclude={"version", "reason"})
    values.update({k: v for k, v in sent.items() if v is not None or k in nullable})
    values["version"] = payload.version
    return {k: ("" if v is None else v) for k, v in values.items()}


@router.patch("/documents/{inspection_document_id}",
              response={200: InspectionDocumentOut, **WRITE, 409: ErrorOut},
              summary="Sửa văn bản của cuộc kiểm tra (409 khi đã có người sửa)")
def update_document(request, inspection_document_id: int, payload: InspectionDocumentPatch):
    """Sửa loại, số, ngày, trích yếu, đối tượng của văn bản cho đến khi cuộc kiểm tra kết thúc;
    chỉ các trường gửi lên thay đổi; gửi ``version`` đã đọc (409 nếu đã cũ)."""
    require_writer(request)
    document = get_visible_or_404(InspectionDocument.objects.select_related("inspection"),
                                  request.user, pk=inspection_document_id)
    values = _merged(document, ("doc_type", "number", "issued_on", "title", "subject"),
                     payload, {"subject"})
    data = valid(DocumentEditForm(values, inspection=document.inspection))
    with refusals():
        return services.do_update_document(actor=request.user, document=document, data=data,
                                           expected_version=payload.version,
                                           reason=payload.reason.strip())


@router.patch("/remediation/{remediation_item_id}",
              response={200: RemediationOut, **WRITE, 409: ErrorOut},
              summary="Sửa việc khắc phục chưa hoàn thành (409 khi đã có người sửa)")
def update_remediation(request, remediation_item_id: int, payload: RemediationPatch):
    """Sửa nội dung, đơn vị hoặc người thực hiện, hạn của việc khắc phục chưa hoàn thành (sau
    kết luận, trước khi kết thúc); chỉ các trường gửi lên thay đổi; gửi ``version`` đã đọc."""
    require_writer(request)
    item = get_visible_or_404(RemediationItem.objects.select_related("inspection"),
                              request.user, pk=remediation_item_id)
    values = _merged(item, ("subject", "content", "owner_unit", "owner_text", "deadline"),
                     payload, {"subject", "owner_unit"})
    data = valid(RemediationEditForm(values, user=request.user, inspection=item.inspection))
    with refusals():
        return services.do_update_remediation(actor=request.user, item=item, data=data,
                                              expected_version=payload.version,
                                              reason=payload.reason.strip())
