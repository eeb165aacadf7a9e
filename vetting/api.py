"""REST API of vetting cases: cases, relatives, findings, conclusions. Reads through
visible_to(user); input through vetting.forms (the one validation path); writes through
vetting.services, which refuse the subject and declared relatives (403) like the pages."""

import copy
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from accounts.choices import WRITER_ROLES
from audit.services import record_read
from core.access import get_visible_or_404
from core.errors import NotAllowed
from vetting import forms as vforms
from vetting import workflow
from vetting.models import Conclusion, Finding, Relative, VettingCase
from vetting.services import (
    RuleBroken,
    conflict_of_interest,
    do_add_finding,
    do_add_relative,
    do_approve_conclusion,
    do_create_case,
    do_decide_conclusion,
    do_propose_conclusion,
    do_raise_request,
    do_send_back,
    do_transition_case,
    do_update_case,
    today,
)

router = Router(tags=["vetting"])

PAGE_SIZE = 50
MAX_PAGE = 100_000  # beyond it an offset overflows the database's integer
MIN_REASON_LENGTH = 5


class UnitRef(Schema):
    id: int
    name: str


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


class CaseSummary(Schema):
    id: int
    subject_id: int
    subject_name: str
    purpose: str
    purpose_label: str
    position: str
    status: str
    status_label: str
    org_unit: UnitRef
    requesting_unit: UnitRef
    competent_body: UnitRef
    officer_id: int | None
    classification: int
    opened_on: date | None
    due_on: date | None
    paused_days: int
    overdue: bool
    concluded_on: date | None
    recheck_on: date | None
    version: int

    @staticmethod
    def resolve_subject_name(obj) -> str:
        return obj.subject.full_name

    @staticmethod
    def resolve_purpose(obj) -> str:
        return obj.purpose.code

    @staticmethod
    def resolve_purpose_label(obj) -> str:
        return obj.purpose.name

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue(today())


class RelativeOut(Schema):
    """A declared relative; the CCCD is never returned, only whether one is on file."""

    id: int
    case_id: int
    relation: str
    full_name: str
    birth_year: int | None
    residence: str
    occupation: str
    has_cccd: bool
    version: int

    @staticmethod
    def resolve_has_cccd(obj) -> bool:
        return bool(obj.cccd_index)


class FindingOut(Schema):
    id: int
    case_id: int
    category: str
    relative_id: int | None
    summary: str
    source: str
    recorded_on: date
    recorded_by_id: int | None
    version: int

    @staticmethod
    def resolve_category(obj) -> str:
        return obj.category.code


class ConclusionOut(Schema):
    id: int
    case_id: int
    outcome: str
    ceiling: str
    reasons: str
    proposed_by_id: int
    proposed_on: date
    second_approver_id: int | None
    second_approved_on: date | None
    decider_id: int | None
    decided_on: date | None
    decision_document_id: int | None
    recheck_on: date | None
    withdrawn: bool


class CaseDetail(CaseSummary):
    relatives: list[RelativeOut]
    findings: list[FindingOut]
    conclusions: list[ConclusionOut]
    request_ids: list[int]
    actions: list[str]

    @staticmethod
    def resolve_relatives(obj) -> list:
        return list(obj.relatives.all())

    @staticmethod
    def resolve_findings(obj) -> list:
        return list(obj.findings.select_related("category"))

    @staticmethod
    def resolve_conclusions(obj) -> list:
        return list(obj.conclusions.all())

    @staticmethod
    def resolve_request_ids(obj) -> list[int]:
        return list(obj.requests.values_list("pk", flat=True))

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        user = context["request"].user
        if user.role not in WRITER_ROLES or conflict_of_interest(user, obj):
            return []
        return workflow.manual_actions(obj.status, user.role)


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    has_next: bool
    results: list[CaseSummary]


class CaseFilters(Schema):
    status: str | None = None
    purpose: str | None = None
    unit: int | None = None
    officer: int | None = None
    overdue: bool | None = None
    due_before: str | None = None
    page: int = 1


class CaseIn(Schema):
    subject: int
    purpose: int
    position: str = ""
    org_unit: int
    requesting_unit: int
    competent_body: int
    classification: int = 0
    reason: str = ""


class CasePatch(Schema):
    purpose: int | None = None
    position: str | None = None
    org_unit: int | None = None
    requesting_unit: int | None = None
    competent_body: int | None = None
    classification: int | None = None
    version: int
    reason: str = ""


class CaseTransitionIn(Schema):
    action: str
    reason: str = ""
    on: str | None = None
    version: int | None = None


class RelativeIn(Schema):
    relation: str
    full_name: str
    birth_year: int | None = None
    residence: str = ""
    occupation: str = ""
    cccd: str = ""


class FindingIn(Schema):
    category: int
    relative: int | None = None
    summary: str
    source: str = ""
    recorded_on: str
    evidence: str = ""


class RaiseRequestIn(Schema):
    relative: int | None = None
    agency: int | None = None
    counterpart_name: str = ""
    subject: str
    legal_basis: str = ""
    letter_number: str = ""
    letter_date: str | None = None
    sent_on: str | None = None


class RaisedOut(Schema):
    coordination_request_id: int
    relative_id: int | None
    due_on: date | None


class ProposeIn(Schema):
    outcome: str
    ceiling: str = ""
    reasons: str
    version: int | None = None


class DecideIn(Schema):
    decided_on: str
    decision_document: str = ""
    recheck_on: str | None = None
    reason: str = ""
    version: int | None = None


def _visible(user):
    return VettingCase.objects.visible_to(user).select_related(
        "org_unit", "purpose", "subject", "requesting_unit", "competent_body")


def _fetch(request, vetting_case_id: int) -> VettingCase:
    return get_visible_or_404(_visible(request.user), request.user, pk=vetting_case_id)


def _for_action(request, vetting_case_id: int) -> VettingCase:
    """A case the caller may act on: writer role, and not about themselves or a relative."""
    if request.user.role not in WRITER_ROLES:
        raise PermissionDenied("role")
    case = _fetch(request, vetting_case_id)
    if conflict_of_interest(request.user, case):
        raise PermissionDenied("conflict of interest")
    return case


def _valid(form) -> dict:
    if not form.is_valid():
        raise ValidationError({name: list(msgs) for name, msgs in form.errors.items()})
    return form.cleaned_data


def _form_data(values: dict) -> dict:
    data = {k: v for k, v in values.items() if v is not None and k not in ("reason", "version")}
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def _apply(call):
    """Run a service; its refusals become 400 (rule) or 403 (role, conflict of interest)."""
    try:
        return call()
    except (workflow.RoleRefused, NotAllowed) as exc:
        raise PermissionDenied from exc
    except (workflow.IllegalTransition, RuleBroken) as exc:
        raise ValidationError({"action": [str(exc.message)]}) from exc


def _read(request, case: VettingCase, reason: str) -> None:
    if case.classification:
        if len(reason.strip()) < MIN_REASON_LENGTH:
            raise ValidationError({"reason": [_(
                "Hồ sơ này có độ mật: cần ghi lý do xem (tham số reason, ít nhất %(n)d ký tự)."
            ) % {"n": MIN_REASON_LENGTH}]})
        record_read(actor=request.user, target=case, reason=reason.strip())


@router.get("/cases", summary="Danh sách hồ sơ thẩm định",
            response={200: CasePage, 400: FieldErrorsOut})
def list_cases(request, filters: CaseFilters = Query(...)):  # noqa: B008
    """Cases the caller may see, newest first, filtered like the list page."""
    if not 1 <= filters.page <= MAX_PAGE:
        raise ValidationError({"page": [_("Số trang từ 1 đến %(n)d.") % {"n": MAX_PAGE}]})
    form = vforms.FilterForm(_form_data(filters.dict(exclude={"page"})), user=request.user)
    _valid(form)
    queryset = form.apply(_visible(request.user), today()).order_by("-id")
    start = (filters.page - 1) * PAGE_SIZE
    window = list(queryset[start:start + PAGE_SIZE + 1])
    return {"count": queryset.count(), "page": filters.page, "page_size": PAGE_SIZE,
            "has_next": len(window) > PAGE_SIZE, "results": window[:PAGE_SIZE]}


@router.get("/cases/{vetting_case_id}", summary="Xem hồ sơ thẩm định",
            response={200: CaseDetail, 400: FieldErrorsOut, 404: ErrorOut})
def get_case(request, vetting_case_id: int, reason: str = ""):
    """One case with relatives, findings, conclusions; a classified one needs ?reason=."""
    case = _fetch(request, vetting_case_id)
    _read(request, case, reason)
    return case


@router.post("/cases", summary="Mở hồ sơ thẩm định",
             response={201: CaseDetail, 400: FieldErrorsOut, 403: ErrorOut})
def create_case(request, payload: CaseIn):
    """Open a case (DRAFT)."""
    if request.user.role not in WRITER_ROLES:
        raise PermissionDenied("role")
    cleaned = _valid(vforms.CaseForm(_form_data(payload.dict()), user=request.user))
    case = _apply(lambda: do_create_case(actor=request.user, data=cleaned,
                                         reason=payload.reason))
    return Status(201, _visible(request.user).get(pk=case.pk))


@router.patch("/cases/{vetting_case_id}", summary="Sửa hồ sơ thẩm định",
              response={200: CaseDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def patch_case(request, vetting_case_id: int, payload: CasePatch):
    """Change the fields sent; 409 when someone saved after ``version`` was read."""
    case = _for_action(request, vetting_case_id)
    _read(request, case, payload.reason)  # the answer shows the case: a classified one needs it
    data = {"subject": case.subject_id, "purpose": case.purpose_id, "position": case.position,
            "org_unit": case.org_unit_id, "requesting_unit": case.requesting_unit_id,
            "competent_body": case.competent_body_id, "classification": case.classification}
    data.update({k: v for k, v in payload.dict(exclude_unset=True).items()
                 if k not in ("reason", "version") and v is not None})
    cleaned = _valid(vforms.CaseForm(data, instance=copy.copy(case), user=request.user))
    case = _apply(lambda: do_update_case(actor=request.user, case=case, data=cleaned,
                                         expected_version=payload.version,
                                         reason=payload.reason))
    return _visible(request.user).get(pk=case.pk)


@router.post("/cases/{vetting_case_id}/transitions", summary="Chuyển trạng thái hồ sơ thẩm định",
             response={200: CaseDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut})
def transition_case(request, vetting_case_id: int, payload: CaseTransitionIn):
    """One manual move of the workflow table; refused if not allowed from the current state."""
    case = _for_action(request, vetting_case_id)
    action = payload.action
    if action not in workflow.TRANSITIONS or not workflow.TRANSITIONS[action].manual:
        raise ValidationError({"action": [_("Thao tác không hợp lệ.")]})
    cleaned = _valid(vforms.TransitionForm(_form_data({"reason": None, "on": payload.on}) |
                                           {"reason": payload.reason}, action=action))
    if action == workflow.Action.SEND_BACK:  # also withdraws the proposal, as the page does
        case = _apply(lambda: do_send_back(actor=request.user, case=case,
                                           reason=cleaned["reason"],
                                           expected_version=payload.version))
    else:
        case = _apply(lambda: do_transition_case(
            actor=request.user, case=case, action=action, reason=cleaned["reason"],
            on=cleaned["on"], expected_version=payload.version))
    return _visible(request.user).get(pk=case.pk)


@router.get("/cases/{vetting_case_id}/relatives", summary="Thân nhân khai trong hồ sơ",
            response={200: list[RelativeOut],
                                                            400: FieldErrorsOut, 404: ErrorOut})
def list_relatives(request, vetting_case_id: int, reason: str = ""):
    case = _fetch(request, vetting_case_id)
    _read(request, case, reason)
    return list(case.relatives.all())


@router.post("/cases/{vetting_case_id}/relatives", summary="Thêm thân nhân",
             response={201: RelativeOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def add_relative(request, vetting_case_id: int, payload: RelativeIn):
    """Add a relative of the declaration form (parents, parents-in-law, spouse, adult child)."""
    case = _for_action(request, vetting_case_id)
    cleaned = _valid(vforms.RelativeForm(_form_data(payload.dict())))
    return Status(201, _apply(lambda: do_add_relative(actor=request.user, case=case,
                                                      data=cleaned)))


@router.get("/relatives/{relative_id}", summary="Xem một thân nhân",
            response={200: RelativeOut, 400: FieldErrorsOut, 404: ErrorOut})
def get_relative(request, relative_id: int, reason: str = ""):
    """One relative line; of a classified case it needs ?reason= (logged)."""
    relative = get_visible_or_404(Relative.objects.select_related("case"), request.user,
                                  pk=relative_id)
    _read(request, relative.case, reason)
    return relative


@router.get("/cases/{vetting_case_id}/findings", summary="Nội dung xác minh của hồ sơ",
            response={200: list[FindingOut], 400: FieldErrorsOut, 404: ErrorOut})
def list_findings(request, vetting_case_id: int, reason: str = ""):
    case = _fetch(request, vetting_case_id)
    _read(request, case, reason)
    return list(case.findings.select_related("category"))


@router.post("/cases/{vetting_case_id}/findings", summary="Ghi nội dung xác minh",
             response={201: FindingOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def add_finding(request, vetting_case_id: int, payload: FindingIn):
    """Record a finding of a category about the subject or one relative, with evidence ids."""
    case = _for_action(request, vetting_case_id)
    cleaned = _valid(vforms.FindingForm(_form_data(payload.dict()), case=case,
                                        user=request.user))
    return Status(201, _apply(lambda: do_add_finding(actor=request.user, case=case,
                                                     data=cleaned)))


@router.get("/findings/{finding_id}", summary="Xem một nội dung xác minh",
            response={200: FindingOut, 400: FieldErrorsOut, 404: ErrorOut})
def get_finding(request, finding_id: int, reason: str = ""):
    """One finding; of a classified case it needs ?reason= (logged)."""
    finding = get_visible_or_404(Finding.objects.select_related("category", "case"),
                                 request.user, pk=finding_id)
    _read(request, finding.case, reason)
    return finding


@router.post("/cases/{vetting_case_id}/requests", summary="Gửi yêu cầu thẩm tra, xác minh",
             response={201: RaisedOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def raise_request(request, vetting_case_id: int, payload: RaiseRequestIn):
    """A verification request about the subject or one relative, written into the coordination
    ledger (see /coordination/requests/{id} for its replies and chasers)."""
    case = _for_action(request, vetting_case_id)
    cleaned = _valid(vforms.RaiseRequestForm(_form_data(payload.dict()), case=case,
                                             user=request.user))
    raised = _apply(lambda: do_raise_request(actor=request.user, case=case,
                                             data=dict(cleaned["request_data"])))
    return Status(201, {"coordination_request_id": raised.pk, "relative_id": raised.relative_id,
                        "due_on": raised.due_on})


@router.get("/cases/{vetting_case_id}/conclusions", summary="Đề xuất và kết luận của hồ sơ",
            response={200: list[ConclusionOut], 400: FieldErrorsOut, 404: ErrorOut})
def list_conclusions(request, vetting_case_id: int, reason: str = ""):
    case = _fetch(request, vetting_case_id)
    _read(request, case, reason)
    return list(Conclusion.objects.filter(case=case))


@router.post("/cases/{vetting_case_id}/conclusions", summary="Đề xuất kết luận",
             response={201: ConclusionOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut})
def propose_conclusion(request, vetting_case_id: int, payload: ProposeIn):
    """Propose an outcome chosen by the caller (the software proposes none)."""
    case = _for_action(request, vetting_case_id)
    cleaned = _valid(vforms.ConclusionForm(_form_data(payload.dict())))
    return Status(201, _apply(lambda: do_propose_conclusion(
        actor=request.user, case=case, data=cleaned, expected_version=payload.version)))


@router.post("/cases/{vetting_case_id}/conclusions/approve",
             summary="Phê duyệt đề xuất (người thứ hai)",
             response={200: ConclusionOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def approve_conclusion(request, vetting_case_id: int):
    """Second named approval of an adverse proposal (a leader other than the proposer)."""
    case = _for_action(request, vetting_case_id)
    return _apply(lambda: do_approve_conclusion(actor=request.user, case=case))


@router.post("/cases/{vetting_case_id}/conclusions/decide",
             summary="Kết luận (người có thẩm quyền)",
             response={200: ConclusionOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut})
def decide_conclusion(request, vetting_case_id: int, payload: DecideIn):
    """The caller, a leader of the competent body, concludes the case."""
    case = _for_action(request, vetting_case_id)
    cleaned = _valid(vforms.DecideForm(_form_data(payload.dict()) | {"reason": payload.reason},
                                       user=request.user))
    return _apply(lambda: do_decide_conclusion(actor=request.user, case=case, data=cleaned,
                                               expected_version=payload.version))
