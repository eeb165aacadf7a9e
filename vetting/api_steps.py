"""REST API of a vetting case's further steps: assignment, the subject's explanation and
complaints against the conclusion, and corrections of the case's lines (relatives, findings,
explanations, complaints: PATCH with the version read). Same path as the pages: the case through
visible_to(user), input through vetting.forms, writes through vetting.services and
vetting.services_edit (audited). Registered under /vetting next to vetting.api (that module
keeps the case, relatives, findings, conclusions)."""

from datetime import date
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from accounts.choices import WRITER_ROLES
from core.access import get_visible_or_404
from vetting import forms as vforms
from vetting.api import (
    CaseDetail,
    ErrorOut,
    FieldErrorsOut,
    FindingOut,
    RelativeOut,
    _apply,
    _fetch,
    _for_action,
    _form_data,
    _read,
    _valid,
    _visible,
)
from vetting.api import router as case_router
from vetting.models import Complaint, Explanation, Finding, Relative
from vetting.services import (
    do_assign_case,
    do_file_complaint,
    do_note_no_explanation,
    do_record_explanation,
    do_request_explanation,
    do_settle_complaint,
)
from vetting.services_edit import (
    do_update_complaint,
    do_update_explanation,
    do_update_finding,
    do_update_relative,
)

router = Router(tags=["vetting"])
MAX_ID = 2**63 - 1  # a larger id in a list lookup overflows SQLite's integer


class AssignIn(Schema):
    """The handling officer and the team (user ids of the handling unit's subtree, cleared
    for the case); ``version`` is the one read."""

    officer: int
    team: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = []
    reason: str = ""
    version: int


class ExplanationOut(Schema):
    id: int
    case_id: int
    requested_on: date
    due_on: date
    points: str
    received_on: date | None
    summary: str
    absence_noted_on: date | None
    settled: bool
    version: int


class ExplanationRequestIn(Schema):
    points: str
    requested_on: str


class ExplanationRecordIn(Schema):
    received_on: str
    summary: str


class ComplaintOut(Schema):
    id: int
    case_id: int
    conclusion_id: int
    filed_on: date
    due_on: date
    summary: str
    result: str
    result_on: date | None
    result_summary: str
    version: int


class ComplaintIn(Schema):
    filed_on: str
    summary: str


class SettleIn(Schema):
    result: str
    result_on: str
    result_summary: str = ""


class RelativePatch(Schema):
    """Only the fields sent change; ``version`` is the one read (409 when stale)."""

    relation: str | None = None
    full_name: str | None = None
    birth_year: int | None = None
    residence: str | None = None
    occupation: str | None = None
    cccd: str | None = None
    version: int
    reason: str = ""


class FindingPatch(Schema):
    """Only the fields sent change (``relative``: null = about the subject); evidence stays."""

    category: int | None = None
    relative: int | None = None
    summary: str | None = None
    source: str | None = None
    recorded_on: str | None = None
    version: int
    reason: str = ""


class ExplanationPatch(Schema):
    """Only the fields sent change (``summary`` once received); dates stay. ``version`` is the
    one read (409 when stale)."""

    points: str | None = None
    summary: str | None = None
    version: int
    reason: str = ""


class ComplaintPatch(Schema):
    """Only the fields sent change (``result_summary`` once settled); dates and result stay.
    ``version`` is the one read (409 when stale)."""

    summary: str | None = None
    result_summary: str | None = None
    version: int
    reason: str = ""


def _open_explanation(case):
    return case.explanations.filter(received_on__isnull=True,
                                    absence_noted_on__isnull=True).first()


def _none_open(what: str):
    return ValidationError({"__all__": [what]})


@router.post("/cases/{vetting_case_id}/assign", summary="Phân công cán bộ thụ lý, tổ thẩm tra",
             response={200: CaseDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut})
def assign_case(request, vetting_case_id: int, payload: AssignIn):
    """A leader names the handling officer and the verification team (case → ASSIGNED)."""
    case = _for_action(request, vetting_case_id)
    cleaned = _valid(vforms.AssignForm({"officer": payload.officer, "team": payload.team,
                                        "reason": payload.reason}, case=case))
    case = _apply(lambda: do_assign_case(
        actor=request.user, case=case, officer=cleaned["officer"], team=list(cleaned["team"]),
        expected_version=payload.version, reason=cleaned.get("reason", "")))
    return _visible(request.user).get(pk=case.pk)


@router.get("/cases/{vetting_case_id}/explanations", summary="Các lần đề nghị giải trình",
            response={200: list[ExplanationOut], 400: FieldErrorsOut, 404: ErrorOut})
def list_explanations(request, vetting_case_id: int, reason: str = ""):
    """The explanations asked of the subject; of a classified case it needs ?reason=."""
    case = _fetch(request, vetting_case_id)
    _read(request, case, reason)
    return list(case.explanations.all())


@router.post("/cases/{vetting_case_id}/explanations", summary="Đề nghị đối tượng giải trình",
             response={201: ExplanationOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def request_explanation(request, vetting_case_id: int, payload: ExplanationRequestIn):
    """Ask the subject for a written explanation; the deadline follows the purpose's rule."""
    case = _for_action(request, vetting_case_id)
    if _open_explanation(case) is not None:
        raise _none_open(_("Đề nghị giải trình trước chưa được ghi nhận: hãy ghi nhận giải trình "
                           "(hoặc việc không giải trình) trước khi đề nghị lần nữa."))
    cleaned = _valid(vforms.ExplanationRequestForm(_form_data(payload.dict())))
    return Status(201, _apply(lambda: do_request_explanation(actor=request.user, case=case,
                                                             data=cleaned)))


@router.post("/cases/{vetting_case_id}/explanations/received", summary="Ghi nhận giải trình",
             response={200: ExplanationOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def record_explanation(request, vetting_case_id: int, payload: ExplanationRecordIn):
    """The open explanation arrived: its date and summary."""
    case = _for_action(request, vetting_case_id)
    explanation = _open_explanation(case)
    if explanation is None:
        raise _none_open(_("Không có đề nghị giải trình nào đang chờ."))
    cleaned = _valid(vforms.ExplanationRecordForm(_form_data(payload.dict())))
    return _apply(lambda: do_record_explanation(actor=request.user, explanation=explanation,
                                                data=cleaned))


@router.post("/cases/{vetting_case_id}/explanations/absent",
             summary="Ghi nhận không giải trình (quá hạn)",
             response={200: ExplanationOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def note_no_explanation(request, vetting_case_id: int):
    """Note that no explanation came (only once its deadline has passed)."""
    case = _for_action(request, vetting_case_id)
    explanation = _open_explanation(case)
    if explanation is None:
        raise _none_open(_("Không có đề nghị giải trình nào đang chờ."))
    return _apply(lambda: do_note_no_explanation(actor=request.user, explanation=explanation))


@router.get("/cases/{vetting_case_id}/complaints", summary="Khiếu nại đối với kết luận",
            response={200: list[ComplaintOut], 400: FieldErrorsOut, 404: ErrorOut})
def list_complaints(request, vetting_case_id: int, reason: str = ""):
    """Complaints against the case's conclusion; of a classified case it needs ?reason=."""
    case = _fetch(request, vetting_case_id)
    _read(request, case, reason)
    return list(case.complaints.all())


@router.post("/cases/{vetting_case_id}/complaints", summary="Ghi nhận khiếu nại",
             response={201: ComplaintOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def file_complaint(request, vetting_case_id: int, payload: ComplaintIn):
    """Record a complaint against the decided conclusion, with its deadline."""
    case = _for_action(request, vetting_case_id)
    if case.complaints.filter(result="").exists():
        raise _none_open(_("Khiếu nại trước chưa được giải quyết: hãy ghi kết quả giải quyết "
                           "trước."))
    cleaned = _valid(vforms.ComplaintForm(_form_data(payload.dict())))
    return Status(201, _apply(lambda: do_file_complaint(actor=request.user, case=case,
                                                        data=cleaned)))


@router.post("/cases/{vetting_case_id}/complaints/settle",
             summary="Ghi kết quả giải quyết khiếu nại",
             response={200: ComplaintOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def settle_complaint(request, vetting_case_id: int, payload: SettleIn):
    """Record how the open complaint was settled."""
    case = _for_action(request, vetting_case_id)
    complaint = case.complaints.filter(result="").first()
    if complaint is None:
        raise _none_open(_("Không có khiếu nại nào đang chờ giải quyết."))
    cleaned = _valid(vforms.SettleComplaintForm(_form_data(payload.dict())))
    return _apply(lambda: do_settle_complaint(actor=request.user, complaint=complaint,
                                              data=cleaned))


# --- corrections of the case's lines -------------------------------------------------------


def _line_for_action(request, model, pk: int):
    """A relative or finding of a case the caller may act on (403 role, 404 out of scope)."""
    if request.user.role not in WRITER_ROLES:
        raise PermissionDenied("role")
    row = get_visible_or_404(model.objects.select_related("case"), request.user, pk=pk)
    return row, _for_action(request, row.case_id)


def _sent(payload) -> dict:
    return {k: v for k, v in payload.dict(exclude_unset=True).items()
            if k not in ("reason", "version")}


# The PATCH of /relatives/{id} and /findings/{id} goes on vetting.api's router, next to their
# GET: ninja serves one path from one router (a second router's pattern would never be reached).
@case_router.patch("/relatives/{relative_id}", summary="Sửa thân nhân",
              response={200: RelativeOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def patch_relative(request, relative_id: int, payload: RelativePatch):
    """Change the fields sent while the case is open; an empty CCCD keeps the one on file;
    409 when someone saved after ``version`` was read; a classified case needs ``reason``."""
    relative, case = _line_for_action(request, Relative, relative_id)
    _read(request, case, payload.reason)
    data = {name: getattr(relative, name) for name in
            ("relation", "full_name", "birth_year", "residence", "occupation")}
    data.update({k: v for k, v in _sent(payload).items() if v is not None})
    cleaned = _valid(vforms.RelativeEditForm(_form_data(data)))
    return _apply(lambda: do_update_relative(actor=request.user, relative=relative,
                                             data=cleaned, expected_version=payload.version,
                                             reason=payload.reason.strip()))


@case_router.patch("/findings/{finding_id}", summary="Sửa nội dung xác minh",
              response={200: FindingOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def patch_finding(request, finding_id: int, payload: FindingPatch):
    """Change the fields sent while the case is open (``relative``: null = about the subject);
    409 when someone saved after ``version`` was read; a classified case needs ``reason``."""
    finding, case = _line_for_action(request, Finding, finding_id)
    _read(request, case, payload.reason)
    data = {"category": finding.category_id, "relative": finding.relative_id or "",
            "summary": finding.summary, "source": finding.source,
            "recorded_on": finding.recorded_on}
    sent = _sent(payload)
    data.update({k: ("" if v is None else v) for k, v in sent.items()
                 if v is not None or k == "relative"})
    cleaned = _valid(vforms.FindingEditForm(data, case=case, user=request.user,
                                            finding=finding))
    updated = _apply(lambda: do_update_finding(actor=request.user, finding=finding,
                                               data=cleaned, expected_version=payload.version,
                                               reason=payload.reason.strip()))
    return Finding.objects.select_related("category").get(pk=updated.pk)


@router.patch("/explanations/{explanation_id}", summary="Sửa đề nghị giải trình, giải trình",
              response={200: ExplanationOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def patch_explanation(request, explanation_id: int, payload: ExplanationPatch):
    """Correct what was asked and, once received, the summary, while the case is open (dates
    stay); 409 when someone saved after ``version`` was read; a classified case needs
    ``reason``."""
    explanation, case = _line_for_action(request, Explanation, explanation_id)
    _read(request, case, payload.reason)
    data = {"points": explanation.points, "summary": explanation.summary}
    data.update({k: v for k, v in _sent(payload).items() if v is not None})
    cleaned = _valid(vforms.ExplanationEditForm(data, explanation=explanation))
    return _apply(lambda: do_update_explanation(
        actor=request.user, explanation=explanation, data=cleaned,
        expected_version=payload.version, reason=payload.reason.strip()))


@router.patch("/complaints/{complaint_id}", summary="Sửa khiếu nại, nội dung giải quyết",
              response={200: ComplaintOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def patch_complaint(request, complaint_id: int, payload: ComplaintPatch):
    """Correct a complaint's content and, once settled, the settlement's summary (dates and
    result stay); 409 when someone saved after ``version`` was read; a classified case needs
    ``reason``."""
    complaint, case = _line_for_action(request, Complaint, complaint_id)
    _read(request, case, payload.reason)
    data = {"summary": complaint.summary, "result_summary": complaint.result_summary}
    data.update({k: v for k, v in _sent(payload).items() if v is not None})
    cleaned = _valid(vforms.ComplaintEditForm(data, complaint=complaint))
    return _apply(lambda: do_update_complaint(
        actor=request.user, complaint=complaint, data=cleaned,
        expected_version=payload.version, reason=payload.reason.strip()))
