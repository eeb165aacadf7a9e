"""REST API of the coordination ledger: list with filters, detail, create, edit, replies,
chasers, workflow moves, per-agency timeliness. Reads through visible_to(user); input through
coordination.forms (the one validation path); writes through coordination.services."""

import copy
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from accounts.choices import WRITER_ROLES
from audit.services import record_read
from coordination import workflow
from coordination.counts import timeliness_by_agency, timeliness_total
from coordination.forms import (
    ChaserEditForm,
    ChaserForm,
    FilterForm,
    ReplyEditForm,
    ReplyForm,
    RequestForm,
    TransitionForm,
)
from coordination.models import Agency, Chaser, CoordinationRequest, Reply
from coordination.services import (
    do_add_chaser,
    do_add_reply,
    do_create_request,
    do_transition_request,
    do_update_chaser,
    do_update_reply,
    do_update_request,
    today,
)
from core.access import get_visible_or_404
from core.choices import Classification

router = Router(tags=["coordination"])

PAGE_SIZE = 50
MAX_PAGE = 100_000  # beyond it an offset overflows the database's integer
MIN_REASON_LENGTH = 5


class UnitRef(Schema):
    id: int
    name: str


class AgencyOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    active: bool


class RequestSummary(Schema):
    id: int
    direction: str
    kind: str
    kind_label: str
    status: str
    status_label: str
    org_unit: UnitRef
    agency: AgencyOut | None
    counterpart_unit: UnitRef | None
    counterpart_name: str
    subject: str
    letter_number: str
    opened_on: date | None
    due_on: date | None
    answered_on: date | None
    overdue: bool
    escalated_on: date | None
    classification: int

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return obj.is_overdue(today())

    @staticmethod
    def resolve_subject(obj) -> str:
        # A classified request's subject is shown on its own page only (the read is logged).
        return "" if obj.classification else obj.subject


class ReplyOut(Schema):
    id: int
    request_id: int
    kind: str
    replied_on: date
    letter_number: str
    letter_date: date | None
    summary: str
    version: int


class ChaserOut(Schema):
    id: int
    request_id: int
    sent_on: date
    letter_number: str
    note: str
    version: int


class RequestDetail(RequestSummary):
    legal_basis: str
    subject_person_id: int | None
    letter_date: date | None
    sent_on: date | None
    received_on: date | None
    due_changed_reason: str
    escalated_to: UnitRef | None
    version: int
    created_at: datetime
    updated_at: datetime
    replies: list[ReplyOut]
    chasers: list[ChaserOut]
    actions: list[str]

    @staticmethod
    def resolve_subject(obj) -> str:
        return obj.subject

    @staticmethod
    def resolve_replies(obj) -> list:
        return list(obj.replies.all())

    @staticmethod
    def resolve_chasers(obj) -> list:
        return list(obj.chasers.all())

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return workflow.manual_actions(obj.status, context["request"].user.role)


class RequestPage(Schema):
    count: int
    page: int
    page_size: int
    has_next: bool
    results: list[RequestSummary]


class RequestFilters(Schema):
    direction: str = ""
    status: str = ""
    kind: str = ""
    agency: str = ""
    overdue: bool = False
    escalated: bool = False
    date_from: str = ""
    date_to: str = ""
    q: str = ""
    page: int = 1


class RequestIn(Schema):
    """A request as the form takes it; dates as dd/mm/yyyy or yyyy-mm-dd."""

    direction: str
    kind: str
    org_unit: int
    subject: str
    agency: int | None = None
    counterpart_unit: int | None = None
    counterpart_name: str = ""
    legal_basis: str = ""
    subject_person: int | None = None
    letter_number: str = ""
    letter_date: str | None = None
    sent_on: str | None = None
    received_on: str | None = None
    due_on: str | None = None
    due_changed_reason: str = ""
    classification: int = Classification.THUONG
    reason: str = ""


class RequestPatch(Schema):
    version: int
    kind: str | None = None
    org_unit: int | None = None
    subject: str | None = None
    agency: int | None = None
    counterpart_unit: int | None = None
    counterpart_name: str | None = None
    legal_basis: str | None = None
    subject_person: int | None = None
    letter_number: str | None = None
    letter_date: str | None = None
    sent_on: str | None = None
    received_on: str | None = None
    due_on: str | None = None
    due_changed_reason: str | None = None
    classification: int | None = None
    reason: str = ""


class ReplyIn(Schema):
    kind: str
    replied_on: str
    summary: str
    letter_number: str = ""
    letter_date: str | None = None


class ChaserIn(Schema):
    sent_on: str
    letter_number: str = ""
    note: str = ""


class ReplyPatch(Schema):
    """Only the fields sent change; the kind stays. ``version`` is the one read (409 if stale)."""

    replied_on: str | None = None
    letter_number: str | None = None
    letter_date: str | None = None
    summary: str | None = None
    version: int
    reason: str = ""


class ChaserPatch(Schema):
    """Only the fields sent change; ``version`` is the one read (409 if stale)."""

    sent_on: str | None = None
    letter_number: str | None = None
    note: str | None = None
    version: int
    reason: str = ""


class RequestTransitionIn(Schema):
    action: str
    version: int
    reason: str = ""
    on: str | None = None


class TallyOut(Schema):
    total: int
    answered_on_time: int
    answered_late: int
    answered: int
    open: int
    open_overdue: int


class TimelinessRow(Schema):
    agency: AgencyOut | None
    label: str
    sent: TallyOut
    received: TallyOut


class TimelinessOut(Schema):
    date_from: date
    date_to: date
    rows: list[TimelinessRow]
    total: TimelinessRow


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


def _visible(user):
    return CoordinationRequest.objects.visible_to(user).select_related(
        "org_unit", "agency", "counterpart_unit", "escalated_to")


def _fetch(request, coordination_request_id: int) -> CoordinationRequest:
    return get_visible_or_404(_visible(request.user), request.user, pk=coordination_request_id)


def _require_writer(user) -> None:
    if user.role not in WRITER_ROLES:
        raise PermissionDenied("role")


def _valid(form) -> dict:
    """cleaned_data, or ValidationError carrying the form's field messages."""
    if not form.is_valid():
        raise ValidationError({name: list(msgs) for name, msgs in form.errors.items()})
    return form.cleaned_data


def _form_data(values: dict) -> dict:
    data = {k: v for k, v in values.items() if v is not None and k not in ("reason", "version")}
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


def _refusal(exc) -> ValidationError:
    return ValidationError({"action": [str(exc.message)]})


@router.get("/agencies", summary="Danh sách cơ quan phối hợp",
            response=list[AgencyOut])
def list_agencies(request):
    """The configurable list of counterpart agencies."""
    return list(Agency.objects.all())


@router.get("/requests", summary="Danh sách yêu cầu phối hợp",
            response={200: RequestPage, 400: FieldErrorsOut})
def list_requests(request, filters: RequestFilters = Query(...)):  # noqa: B008
    """Requests the caller may see, newest first, filtered like the ledger page."""
    if not 1 <= filters.page <= MAX_PAGE:
        raise ValidationError({"page": [_("Số trang từ 1 đến %(n)d.") % {"n": MAX_PAGE}]})
    form = FilterForm(_form_data(filters.dict(exclude={"page"})))
    _valid(form)
    queryset = form.apply(_visible(request.user), today()).order_by("-id")
    start = (filters.page - 1) * PAGE_SIZE
    window = list(queryset[start:start + PAGE_SIZE + 1])
    return {"count": queryset.count(), "page": filters.page, "page_size": PAGE_SIZE,
            "has_next": len(window) > PAGE_SIZE, "results": window[:PAGE_SIZE]}


@router.get("/requests/{coordination_request_id}", summary="Xem yêu cầu phối hợp",
            response={200: RequestDetail, 400: FieldErrorsOut, 404: ErrorOut})
def get_request(request, coordination_request_id: int, reason: str = ""):
    """One request with replies and chasers; a classified one needs ?reason= (logged)."""
    obj = _fetch(request, coordination_request_id)
    _read(request, obj, reason)
    return obj


def _read(request, obj: CoordinationRequest, reason: str) -> None:
    """A classified request is read with a reason (logged); an edit answers with the record,
    so it needs one too."""
    if obj.classification:
        if len(reason.strip()) < MIN_REASON_LENGTH:
            raise ValidationError({"reason": [_(
                "Yêu cầu này có độ mật: cần ghi lý do xem (tham số reason, ít nhất %(n)d ký tự)."
            ) % {"n": MIN_REASON_LENGTH}]})
        record_read(actor=request.user, target=obj, reason=reason.strip())


@router.post("/requests", summary="Tạo yêu cầu phối hợp",
             response={201: RequestDetail, 400: FieldErrorsOut, 403: ErrorOut})
def create_request(request, payload: RequestIn):
    """Record a request (a draft until sent or registered)."""
    _require_writer(request.user)
    cleaned = _valid(RequestForm(_form_data(payload.dict()), user=request.user))
    obj = do_create_request(actor=request.user, data=cleaned, reason=payload.reason)
    return Status(201, _visible(request.user).get(pk=obj.pk))


def _stored_values(obj: CoordinationRequest) -> dict:
    """The request's current values in the form's shape (the base a PATCH changes)."""
    values = {name: getattr(obj, name) for name in RequestForm.Meta.fields}
    for name in ("org_unit", "agency", "counterpart_unit", "subject_person"):
        values[name] = getattr(obj, f"{name}_id")
    return {k: v for k, v in values.items() if v is not None}


@router.patch("/requests/{coordination_request_id}", summary="Sửa yêu cầu phối hợp",
              response={200: RequestDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def patch_request(request, coordination_request_id: int, payload: RequestPatch):
    """Change the fields sent; 409 when someone saved after ``version`` was read."""
    _require_writer(request.user)
    obj = _fetch(request, coordination_request_id)
    _read(request, obj, payload.reason)
    if not workflow.is_editable(obj.status):
        raise _refusal(workflow.IllegalTransition("edit"))
    data = _stored_values(obj)
    changes = payload.dict(exclude_unset=True)
    data.update({k: v for k, v in changes.items() if k not in ("reason", "version")})
    data = {k: v for k, v in data.items() if v is not None}
    cleaned = _valid(RequestForm(data, instance=copy.copy(obj), user=request.user))
    obj = do_update_request(actor=request.user, request=obj, data=cleaned,
                            expected_version=payload.version, reason=payload.reason)
    return _visible(request.user).get(pk=obj.pk)


@router.post("/requests/{coordination_request_id}/replies", summary="Ghi nhận trả lời",
             response={201: RequestDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def add_reply(request, coordination_request_id: int, payload: ReplyIn):
    """Record an answer: PARTIAL keeps the wait, FINAL or NO_RECORD ends it."""
    _require_writer(request.user)
    obj = _fetch(request, coordination_request_id)
    cleaned = _valid(ReplyForm(_form_data(payload.dict()), request_obj=obj))
    try:
        do_add_reply(actor=request.user, request=obj, data=cleaned)
    except workflow.RoleRefused as exc:
        raise PermissionDenied from exc
    except workflow.IllegalTransition as exc:
        raise _refusal(exc) from exc
    return Status(201, _visible(request.user).get(pk=obj.pk))


@router.post("/requests/{coordination_request_id}/chasers", summary="Ghi công văn đôn đốc",
             response={201: RequestDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def add_chaser(request, coordination_request_id: int, payload: ChaserIn):
    """Record a reminder on a request still waiting for its answer."""
    _require_writer(request.user)
    obj = _fetch(request, coordination_request_id)
    cleaned = _valid(ChaserForm(_form_data(payload.dict()), request_obj=obj))
    try:
        do_add_chaser(actor=request.user, request=obj, data=cleaned)
    except workflow.IllegalTransition as exc:
        raise _refusal(exc) from exc
    return Status(201, _visible(request.user).get(pk=obj.pk))


def _line_patch(request, model, pk: int, payload, form_class, names, service):
    """Merge the sent fields into a reply or chaser, validate through the page's form, save."""
    _require_writer(request.user)
    row = get_visible_or_404(model.objects.select_related("request"), request.user, pk=pk)
    parent = _fetch(request, row.request_id)
    _read(request, parent, payload.reason)  # the same rule as the request's own edit
    data = {name: getattr(row, name) for name in names}
    sent = payload.dict(exclude_unset=True, exclude={"reason", "version"})
    data.update({k: v for k, v in sent.items() if v is not None})
    cleaned = _valid(form_class(_form_data(data), request_obj=parent))
    try:
        return service(actor=request.user, row=row, data=cleaned,
                       expected_version=payload.version, reason=payload.reason.strip())
    except workflow.IllegalTransition as exc:
        raise _refusal(exc) from exc


@router.patch("/replies/{reply_id}", summary="Sửa trả lời đã ghi nhận",
              response={200: ReplyOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def patch_reply(request, reply_id: int, payload: ReplyPatch):
    """Correct an answer's date, letter or summary until the request is closed or cancelled
    (its kind stays); 409 when someone saved after ``version`` was read."""
    return _line_patch(request, Reply, reply_id, payload, ReplyEditForm,
                       ("replied_on", "letter_number", "letter_date", "summary"),
                       lambda row, **kw: do_update_reply(reply=row, **kw))


@router.patch("/chasers/{chaser_id}", summary="Sửa công văn đôn đốc đã ghi",
              response={200: ChaserOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def patch_chaser(request, chaser_id: int, payload: ChaserPatch):
    """Correct a reminder's date, letter number or note until the request is closed or
    cancelled; 409 when someone saved after ``version`` was read."""
    return _line_patch(request, Chaser, chaser_id, payload, ChaserEditForm,
                       ("sent_on", "letter_number", "note"),
                       lambda row, **kw: do_update_chaser(chaser=row, **kw))


@router.post("/requests/{coordination_request_id}/transitions",
             summary="Chuyển trạng thái yêu cầu phối hợp",
             response={200: RequestDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut})
def transition_request(request, coordination_request_id: int, payload: RequestTransitionIn):
    """One manual move of the workflow (SEND, CLOSE, REOPEN, CANCEL); refused if not allowed."""
    _require_writer(request.user)
    obj = _fetch(request, coordination_request_id)
    cleaned = _valid(TransitionForm(_form_data(payload.dict() | {"version": None}),
                                    request_obj=obj))
    if not workflow.TRANSITIONS[cleaned["action"]].manual:
        raise _refusal(workflow.IllegalTransition(cleaned["action"]))
    try:
        obj = do_transition_request(actor=request.user, request=obj, action=cleaned["action"],
                                    reason=cleaned["reason"], on=cleaned["on"],
                                    expected_version=payload.version)
    except workflow.RoleRefused as exc:
        raise PermissionDenied from exc
    except workflow.IllegalTransition as exc:
        raise _refusal(exc) from exc
    return _visible(request.user).get(pk=obj.pk)


@router.get("/timeliness", summary="Thống kê trả lời đúng hạn, trễ hạn theo cơ quan",
            response={200: TimelinessOut, 400: FieldErrorsOut})
def timeliness(request, date_from: str, date_to: str):
    """Per agency: sent and received, answered on time / late, open, overdue (for reports)."""
    form = FilterForm({"date_from": date_from, "date_to": date_to})
    cleaned = _valid(form)
    for name in ("date_from", "date_to"):
        if cleaned.get(name) is None:
            raise ValidationError({name: [_("Cần nhập ngày (dd/mm/yyyy).")]})
    rows = timeliness_by_agency(request.user, cleaned["date_from"], cleaned["date_to"])
    return {"date_from": cleaned["date_from"], "date_to": cleaned["date_to"],
            "rows": [_row(r) for r in rows], "total": _row(timeliness_total(rows))}


def _tally(t) -> dict:
    return {"total": t.total, "answered_on_time": t.answered_on_time,
            "answered_late": t.answered_late, "answered": t.answered, "open": t.open,
            "open_overdue": t.open_overdue}


def _row(row) -> dict:
    return {"agency": row.agency, "label": str(row.label), "sent": _tally(row.sent),
            "received": _tally(row.received)}
