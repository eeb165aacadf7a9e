"""REST API for documents: list with filters, one document, register (create), attach a file
(multipart) and download it (logged, PDF watermarked), edit with the version read (409 when
stale), the secret-document register (lines in, out, copy, destroy). Reads through
visible_to(user); writes through documents.forms and documents.services (the same path as the
pages)."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from accounts.choices import WRITER_ROLES
from audit.services import record_read
from core.access import get_visible_or_404
from documents import services, storage
from documents.forms import DocumentForm, RegisterEntryForm, UploadForm, today
from documents.models import Attachment, Document, DocumentType
from documents.views import filtered, serve

router = Router(tags=["documents"])
PAGE_SIZE = 50
MAX_PAGE = 100_000  # beyond it an offset overflows the database's integer
MIN_REASON_LENGTH = 10


class AttachmentOut(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class DocumentOut(Schema):
    id: int
    number: int
    number_display: str
    doc_type: str
    issuer_code: str
    year: int
    direction: str
    org_unit_id: int
    place: str
    issued_on: date
    subject: str
    signer: str
    recipients: str
    classification: int
    urgency: str
    copies: int
    protect_until: date | None
    version: int

    @staticmethod
    def resolve_doc_type(obj) -> str:
        return obj.doc_type.code


class DocumentDetail(DocumentOut):
    attachments: list[AttachmentOut]
    copies_held: int

    @staticmethod
    def resolve_attachments(obj) -> list:
        return list(obj.attachments.order_by("pk"))

    @staticmethod
    def resolve_copies_held(obj) -> int:
        return services.copies_held(obj)


class DocumentPage(Schema):
    count: int
    page: int
    has_next: bool
    results: list[DocumentOut]


class DocumentFilters(Schema):
    type: str = ""
    year: str = ""
    direction: str = ""
    classification: str = ""
    q: str = ""
    page: int = 1


class DocumentIn(Schema):
    """A document as the form takes it; dates as dd/mm/yyyy or yyyy-mm-dd."""

    direction: str = "OUT"
    org_unit: int
    doc_type: int
    number: int | None = None
    issuer_code: str
    place: str = ""
    issued_on: str
    subject: str
    signer: str = ""
    recipients: str = ""
    classification: int = 0
    urgency: str = "THUONG"
    copies: int = 1
    protect_until: str | None = None
    reason: str = ""


class DocumentPatch(Schema):
    """Fields to change (the number, type, issuer and unit make the identity: not editable);
    ``version`` is the one read; ``reason`` explains the change (needed when classified)."""

    place: str | None = None
    issued_on: str | None = None
    subject: str | None = None
    signer: str | None = None
    recipients: str | None = None
    classification: int | None = None
    urgency: str | None = None
    copies: int | None = None
    protect_until: str | None = None
    version: int
    reason: str = ""


class DocumentTypeOut(Schema):
    id: int
    code: str
    name: str


class RegisterEntryOut(Schema):
    id: int
    document_id: int
    kind: str
    kind_label: str
    on: date
    counterpart: str
    count: int
    approver_id: int | None
    note: str
    recorded_by_id: int | None

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class RegisterOut(Schema):
    copies_held: int
    entries: list[RegisterEntryOut]


class RegisterEntryIn(Schema):
    """A register line; ``approver`` (a user id) is needed to copy or destroy."""

    kind: str
    on: str
    count: int
    counterpart: str = ""
    approver: int | None = None
    note: str = ""
    reason: str = ""


class ErrorOut(Schema):
    detail: str


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


def _require_writer(user) -> None:
    if user.role not in WRITER_ROLES:
        raise PermissionDenied("role")


def _need_reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": [_(
            "Văn bản này có độ mật: cần ghi lý do (tham số reason, ít nhất %(n)d ký tự), ví dụ "
            "?reason=Thẩm định hồ sơ bổ nhiệm.") % {"n": MIN_REASON_LENGTH}]})
    return reason


def _valid(form) -> dict:
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    return form.cleaned_data


def _read(request, document: Document, reason: str) -> str:
    """Log the read of a classified document (its reason is required); '' for an open one."""
    if not document.classification:
        return reason.strip()
    reason = _need_reason(reason)
    record_read(actor=request.user, target=document, reason=reason)
    return reason


def _detail(document_id: int) -> Document:
    return Document.objects.select_related("doc_type").get(pk=document_id)


@router.get("/types", summary="Các loại văn bản đang áp dụng",
            response=list[DocumentTypeOut])
def list_types(request):
    """Document types in force today (NQ, QĐ, KL, …): the ids ``doc_type`` takes."""
    return list(DocumentType.objects.in_force(today()))


@router.get("", summary="Danh sách văn bản",
            response={200: DocumentPage, 400: FieldErrorsOut})
def list_documents(request, filters: DocumentFilters = Query(...)):  # noqa: B008
    """Documents the caller may see, filtered by type (id), year, direction, classification."""
    if not 1 <= filters.page <= MAX_PAGE:
        raise ValidationError({"page": [_("Số trang từ 1 đến %(n)d.") % {"n": MAX_PAGE}]})
    rows, _q = filtered(request.user, filters.dict())
    rows = rows.order_by("-issued_on", "-pk")
    start = (filters.page - 1) * PAGE_SIZE
    window = list(rows[start:start + PAGE_SIZE + 1])
    return {"count": rows.count(), "page": filters.page, "has_next": len(window) > PAGE_SIZE,
            "results": window[:PAGE_SIZE]}


@router.get("/{document_id}", summary="Xem văn bản",
            response={200: DocumentDetail, 400: FieldErrorsOut, 404: ErrorOut})
def get_document(request, document_id: int, reason: str = ""):
    """One document with its files; a classified one needs ?reason= and the read is logged."""
    document = get_visible_or_404(Document.objects.select_related("doc_type"), request.user,
                                  pk=document_id)
    if document.classification:
        record_read(actor=request.user, target=document, reason=_need_reason(reason))
    return document


@router.post("", summary="Vào sổ văn bản",
             response={201: DocumentDetail, 400: FieldErrorsOut, 403: ErrorOut})
def create_document(request, payload: DocumentIn):
    """Register a document (own ones numbered by the server; received ones with ``number``)."""
    _require_writer(request.user)
    data = {k: v for k, v in payload.dict().items() if v is not None and k != "reason"}
    form = DocumentForm(data, user=request.user)
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    document = services.do_create_document(actor=request.user, data=form.cleaned_data,
                                           reason=payload.reason)
    return Status(201, Document.objects.select_related("doc_type").get(pk=document.pk))


@router.patch("/{document_id}", summary="Sửa văn bản",
              response={200: DocumentDetail, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut,
                        409: ErrorOut})
def patch_document(request, document_id: int, payload: DocumentPatch):
    """Change the fields sent; 409 when someone saved after ``version`` was read."""
    _require_writer(request.user)
    document = get_visible_or_404(Document.objects.select_related("doc_type"), request.user,
                                  pk=document_id)
    reason = _read(request, document, payload.reason)
    data = {name: getattr(document, name) for name in DocumentForm.EDIT_FIELDS}
    data.update({k: v for k, v in payload.dict(exclude_unset=True).items()
                 if k != "reason" and v is not None})
    cleaned = _valid(DocumentForm(data, user=request.user, document=document))
    services.do_update_document(actor=request.user, document=document, data=cleaned,
                                expected_version=payload.version, reason=reason)
    return _detail(document.pk)


@router.get("/{document_id}/register", summary="Sổ quản lý văn bản mật của một văn bản",
            response={200: RegisterOut, 400: FieldErrorsOut, 404: ErrorOut})
def get_register(request, document_id: int, reason: str = ""):
    """The secret-document register lines of a document and the copies held; needs ?reason=."""
    document = get_visible_or_404(Document, request.user, pk=document_id)
    _read(request, document, reason)
    return {"copies_held": services.copies_held(document),
            "entries": list(document.register.order_by("on", "pk"))}


@router.post("/{document_id}/register", summary="Ghi sổ văn bản mật (đến, đi, sao chụp, tiêu hủy)",
             response={201: RegisterEntryOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def add_register_entry(request, document_id: int, payload: RegisterEntryIn):
    """A line in the secret-document register, checked against the copies held."""
    _require_writer(request.user)
    document = get_visible_or_404(Document, request.user, pk=document_id)
    _read(request, document, payload.reason)
    data = {k: v for k, v in payload.dict().items() if v is not None and k != "reason"}
    cleaned = _valid(RegisterEntryForm(data, user=request.user, document=document))
    return Status(201, services.do_record_register_entry(actor=request.user, document=document,
                                                         data=cleaned))


@router.post("/{document_id}/attachments", summary="Đính kèm tệp vào văn bản",
             response={201: AttachmentOut, 400: FieldErrorsOut, 403: ErrorOut, 404: ErrorOut})
def upload_attachment(request, document_id: int, file: File[UploadedFile]):  # noqa: B008
    """Attach a file (multipart field ``file``): checked by content, size-limited, encrypted."""
    _require_writer(request.user)
    document = get_visible_or_404(Document, request.user, pk=document_id)
    form = UploadForm({}, {"file": file})
    if not form.is_valid():
        raise ValidationError({field: list(errors) for field, errors in form.errors.items()})
    try:
        attachment = services.do_attach_file(actor=request.user, document=document, upload=file,
                                             name=file.name)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return Status(201, attachment)


@router.get("/attachments/{attachment_id}", summary="Tải tệp đính kèm",
            response={200: None, 400: FieldErrorsOut, 404: ErrorOut, 500: ErrorOut})
def download_attachment(request, attachment_id: int, reason: str = ""):
    """The file (PDF stamped with the reader and time); classified needs ?reason=. Logged."""
    attachment = get_visible_or_404(
        Attachment.objects.select_related("document__doc_type", "document__org_unit"),
        request.user, pk=attachment_id)
    if attachment.document.classification:
        reason = _need_reason(reason)
    try:
        return serve(request.user, attachment, reason.strip())
    except storage.CorruptFile:
        return Status(500, {"detail": _("Tệp lưu trữ đã bị thay đổi hoặc bị hỏng nên không được "
                                        "giải mã. Hãy báo quản trị hệ thống.")})
