"""REST API of admission dossiers: list with filters, detail with papers and letters, create,
correct (with the version read: 409 when stale), add a paper, link a verification letter,
workflow moves. Reads through visible_to(user); input through admission.forms;
writes through admission.services."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from accounts.choices import WRITER_ROLES
from admission import services, workflow
from admission.forms import (
    DocumentEditForm,
    DocumentForm,
    DossierForm,
    FilterForm,
    LinkLetterForm,
    TransitionForm,
)
from admission.models import AdmissionDocument, AdmissionDossier
from audit.services import record_read
from coordination.models import CoordinationRequest
from core.access import get_visible_or_404
from core.errors import NotAllowed

router = Router(tags=["admission"])
PAGE_SIZE = 50
MAX_PAGE = 100_000  # beyond it an offset overflows the database's integer
MIN_REASON_LENGTH = 5


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


class UnitRef(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    full_name: str


class DossierSummary(Schema):
    id: int
    person: PersonRef
    org_unit: UnitRef
    status: str
    status_label: str
    classification: int
    opened_on: date
    special_case: bool
    cell_resolved_on: date | None
    decision_due_on: date | None
    decided_on: date | None
    ceremony_due_on: date | None
    ceremony_on: date | None
    probation_ends_on: date | None
    full_member_on: date | None
    clock_overdue: bool
    version: int

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_clock_overdue(obj) -> bool:
        return obj.is_clock_overdue(services.today())


class PaperOut(Schema):
    id: int
    dossier_id: int
    kind: str
    kind_name: str
    issued_on: date
    expires_on: date
    number: str
    note: str
    document_id: int | None
    expired: bool
    version: int

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_kind_name(obj) -> str:
        return obj.kind.name

    @staticmethod
    def resolve_expired(obj) -> bool:
        return obj.is_expired(services.today())


class LetterOut(Schema):
    id: int
    letter_number: str
    status: str
    due_on: date | None
    answered_on: date | None


class DossierDetail(DossierSummary):
    special_case_reason: str
    verification_sent_on: date | None
    results_in_on: date | None
    cell_resolution_number: str
    decision_number: str
    papers: list[PaperOut]
    letters: list[LetterOut]
    actions: list[str]

    @staticmethod
    def resolve_papers(obj) -> list:
        return list(obj.documents.select_related("kind"))

    @staticmethod
    def resolve_letters(obj, context) -> list:
        user = context["request"].user
        return list(CoordinationRequest.objects.visible_to(user).filter(admission_dossier=obj))

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return workflow.available_actions(obj.status, context["request"].user.role)


class DossierPage(Schema):
    count: int
    page: int
    page_size: int
    has_next: bool
    results: list[DossierSummary]


class DossierFilters(Schema):
    status: str | None = None
    unit: int | None = None
    overdue: bool = False
    expiring: bool = False
    page: int = 1


class DossierIn(Schema):
    person: int
    org_unit: int
    classification: int = 0
    opened_on: str
    special_case: bool = False
    special_case_reason: str = ""


class DossierPatch(Schema):
    """Fields to correct (the person is fixed); ``version`` is the one read."""

    org_unit: int | None = None
    classification: int | None = None
    opened_on: str | None = None
    special_case: bool | None = None
    special_case_reason: str | None = None
    version: int
    reason: str = ""


class LinkLetterIn(Schema):
    """A verification request of the coordination ledger about the same person."""

    request: int


class PaperIn(Schema):
    kind: int
    issued_on: str
    number: str = ""
    note: str = ""
    document: int | None = None


class PaperPatch(Schema):
    """Only the fields sent change (``document``: null = no archived document);
    ``version`` is the one read (409 if stale)."""

    kind: int | None = None
    issued_on: str | None = None
    number: str | None = None
    note: str | None = None
    document: int | None = None
    version: int
    reason: str = ""


class DossierTransitionIn(Schema):
    action: str
    on: str
    number: str = ""
    reason: str = ""
    version: int | None = None


def _visible(user):
    return AdmissionDossier.objects.visible_to(user).select_related("person", "org_unit")


def _fetch(request, admission_dossier_id: int) -> AdmissionDossier:
    dossier = get_visible_or_404(_visible(request.user), request.user, pk=admission_dossier_id)
    return dossier


def _require_writer(user) -> None:
    if user.role not in WRITER_ROLES:
        raise PermissionDenied("role")


def _valid(form) -> dict:
    if not form.is_valid():
        raise ValidationError({name: list(msgs) for name, msgs in form.errors.items()})
    return form.cleaned_data


def _form_data(values: dict) -> dict:
    data = {k: v for k, v in values.items() if v is not None}
    return {k: ("on" if v is True else v) for k, v in data.items() if v is not False}


@router.get("/dossiers", summary="Danh sách hồ sơ kết nạp Đảng",
            response={200: DossierPage, 400: FieldErrorsOut})
def list_dossiers(request, filters: DossierFilters = Query(...)):  # noqa: B008
    """Dossiers the caller may see, newest first, filtered like the list page."""
    if not 1 <= filters.page <= MAX_PAGE:
        raise ValidationError({"page": [_("Số trang từ 1 đến %(n)d.") % {"n": MAX_PAGE}]})
    form = FilterForm(_form_data(filters.dict(exclude={"page"})), user=request.user)
    _valid(form)
    queryset = form.apply(_visible(request.user), services.today()).order_by("-id")
    start = (filters.page - 1) * PAGE_SIZE
    window = list(queryset[start:start + PAGE_SIZE + 1])
    return {"count": queryset.count(), "page": filters.page, "page_size": PAGE_SIZE,
            "has_next": len(window) > PAGE_SIZE, "results": window[:PAGE_SIZE]}


@router.get("/dossiers/{admission_dossier_id}", summary="Xem hồ sơ kết nạp",
            response={200: DossierDetail, 400: FieldErrorsOut, 404: ErrorOut})
def get_dossier(request, admission_dossier_id: int, reason: str = ""):
    """One dossier with its papers, letters and the moves the caller may make; a classified
    one needs ?reason= (the read is logged with it)."""
    dossier = _fetch(request, admission_dossier_id)
    _read(request, dossier, reason)
    return dossier


def _read(request, dossier: AdmissionDossier, reason: str) -> None:
    """A classified dossier is read with a reason (logged); an edit answers with the record,
    so it needs one too."""
    if dossier.classification:
        if len(reason.strip()) < MIN_REASON_LENGTH:
            raise ValidationError({"reason": [_(
                "Hồ sơ này có độ mật: cần ghi lý do xem (tham số reason, ít nhất %(n)d ký tự)."
            ) % {"n": MIN_REASON_LENGTH}]})
        record_read(actor=request.user, target=dossier, reason=reason.strip())


@router.post("/dossiers", summary="Lập hồ sơ kết nạp",
             response={201: DossierDetail, 400: FieldErrorsOut, 403: ErrorOut})
def create_dossier(request, payload: DossierIn):
    """Open a dossier for a non-member in a cell."""
    _require_writer(request.user)
    form = DossierForm(_form_data(payload.dict()), user=request.user)
    try:
        dossier = services.do_create_dossier(actor=request.user, data=_valid(form))
    except NotAllowed as exc:
        raise PermissionDenied from exc
    return Status(201, _visible(request.user).get(pk=dossier.pk))


@router.patch("/dossiers/{admission_dossier_id}", summary="Sửa hồ sơ kết nạp",
              response={200: DossierDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def patch_dossier(request, admission_dossier_id: int, payload: DossierPatch):
    """Correct the fields sent; 409 when someone saved after ``version`` was read."""
    _require_writer(request.user)
    dossier = _fetch(request, admission_dossier_id)
    _read(request, dossier, payload.reason)
    data = {"person": dossier.person_id, "org_unit": dossier.org_unit_id,
            "classification": dossier.classification, "opened_on": dossier.opened_on,
            "special_case": dossier.special_case,
            "special_case_reason": dossier.special_case_reason}
    data.update({k: v for k, v in payload.dict(exclude_unset=True).items()
                 if k not in ("reason", "version") and v is not None})
    data = _form_data(data)
    cleaned = _valid(DossierForm(data, user=request.user, dossier=dossier))
    try:
        services.do_update_dossier(actor=request.user, dossier=dossier, data=cleaned,
                                   expected_version=payload.version, reason=payload.reason)
    except NotAllowed as exc:
        raise PermissionDenied from exc
    return _visible(request.user).get(pk=dossier.pk)


@router.post("/dossiers/{admission_dossier_id}/letters",
             summary="Gắn công văn thẩm tra vào hồ sơ kết nạp",
             response={201: DossierDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def link_letter(request, admission_dossier_id: int, payload: LinkLetterIn):
    """Attach a verification request (kind XAC_MINH, about the dossier's person, not yet linked)
    as one of the dossier's letters."""
    _require_writer(request.user)
    dossier = _fetch(request, admission_dossier_id)
    cleaned = _valid(LinkLetterForm(payload.dict(), user=request.user, dossier=dossier))
    try:
        services.do_link_letter(actor=request.user, dossier=dossier, request=cleaned["request"])
    except NotAllowed as exc:
        raise PermissionDenied from exc
    return Status(201, _visible(request.user).get(pk=dossier.pk))


@router.post("/dossiers/{admission_dossier_id}/papers", summary="Thêm giấy tờ vào hồ sơ kết nạp",
             response={201: DossierDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def add_paper(request, admission_dossier_id: int, payload: PaperIn):
    """Record a paper of the dossier; its expiry follows from its kind."""
    _require_writer(request.user)
    dossier = _fetch(request, admission_dossier_id)
    form = DocumentForm(_form_data(payload.dict()), user=request.user)
    try:
        services.do_add_document(actor=request.user, dossier=dossier, data=_valid(form))
    except NotAllowed as exc:
        raise PermissionDenied from exc
    return Status(201, _visible(request.user).get(pk=dossier.pk))


@router.patch("/papers/{admission_document_id}", summary="Sửa giấy tờ của hồ sơ kết nạp",
              response={200: PaperOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def patch_paper(request, admission_document_id: int, payload: PaperPatch):
    """Correct a paper until the cell's resolution (its expiry is recomputed); 409 when someone
    saved after ``version`` was read; a classified dossier needs ``reason``."""
    _require_writer(request.user)
    paper = get_visible_or_404(AdmissionDocument.objects.select_related("kind"), request.user,
                               pk=admission_document_id)
    dossier = _fetch(request, paper.dossier_id)
    _read(request, dossier, payload.reason)
    data = {"kind": paper.kind_id, "issued_on": paper.issued_on, "number": paper.number,
            "note": paper.note, "document": paper.document_id or ""}
    sent = payload.dict(exclude_unset=True, exclude={"reason", "version"})
    data.update({k: ("" if v is None else v) for k, v in sent.items()
                 if v is not None or k == "document"})
    cleaned = _valid(DocumentEditForm(data, user=request.user))
    try:
        updated = services.do_update_document(actor=request.user, paper=paper, data=cleaned,
                                              expected_version=payload.version,
                                              reason=payload.reason.strip())
    except workflow.Refused as refused:
        raise ValidationError({"action": [str(refused.message)]}) from refused
    except NotAllowed as exc:
        raise PermissionDenied from exc
    return AdmissionDocument.objects.select_related("kind").get(pk=updated.pk)


@router.post("/dossiers/{admission_dossier_id}/transitions", summary="Chuyển bước hồ sơ kết nạp",
             response={200: DossierDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                       409: ErrorOut})
def transition_dossier(request, admission_dossier_id: int, payload: DossierTransitionIn):
    """One move of the workflow, with its date; guards refused with a Vietnamese message."""
    _require_writer(request.user)
    dossier = _fetch(request, admission_dossier_id)
    if payload.action not in workflow.TRANSITIONS:
        raise ValidationError({"action": [_("Thao tác không có trong quy trình.")]})
    form = TransitionForm(_form_data(payload.dict(exclude={"action"})), action=payload.action)
    data = _valid(form)
    try:
        services.do_transition_dossier(
            actor=request.user, dossier=dossier, action=payload.action, on=data["on"],
            number=data["number"], reason=data["reason"], expected_version=payload.version)
    except workflow.Refused as refused:
        raise ValidationError({"action": [str(refused.message)]}) from refused
    except NotAllowed as exc:
        raise PermissionDenied from exc
    return _visible(request.user).get(pk=dossier.pk)
