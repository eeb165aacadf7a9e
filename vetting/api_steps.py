"""REST API of a vetting case's further steps: assignment, the subject's explanation and
complaints against the conclusion. Same path as the pages: the case through visible_to(user),
input through vetting.forms, writes through vetting.services (audited). Registered under
/vetting next to vetting.api (that module keeps the case, relatives, findings, conclusions)."""

from datetime import date
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from vetting import forms as vforms
from vetting.api import (
    CaseDetail,
    ErrorOut,
    FieldErrorsOut,
    _apply,
    _fetch,
    _for_action,
    _form_data,
    _read,
    _valid,
    _visible,
)
from vetting.services import (
    do_assign_case,
    do_file_complaint,
    do_note_no_explanation,
    do_record_explanation,
    do_request_explanation,
    do_settle_complaint,
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


class ComplaintIn(Schema):
    filed_on: str
    summary: str


class SettleIn(Schema):
    result: str
    result_on: str
    result_summary: str = ""


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
