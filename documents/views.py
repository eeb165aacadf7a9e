"""Pages of documents: list, register (create), the record, edit, attachments, registers.

A classified document asks why before it is shown or downloaded (once per session, like a
classified person); every view and every download is in the audit log.
"""

import copy

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import SkipFile, TemporaryFileUploadHandler
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from accounts.choices import WRITER_ROLES
from audit.choices import AuditAction
from audit.models import AuditEvent
from core import access
from core.access import get_visible_or_404
from core.choices import Classification
from core.errors import EditConflict, NotAllowed
from core.need_to_know import is_reason_post, read_gate, remembered_reason
from documents import forms as f
from documents import services, storage, watermark
from documents.choices import Direction
from documents.models import Attachment, Document, DocumentType

PAGE_SIZE = 50
WRITERS = tuple(WRITER_ROLES)
UPLOAD_TOO_BIG = "_hoso_upload_too_big"


def _style(form) -> None:
    """Bootstrap classes on the widgets, marking the fields that have errors."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css


def _visible(user):
    return Document.objects.visible_to(user).select_related("doc_type", "org_unit")


# --- list ---------------------------------------------------------------------------------------


def filtered(user, params):
    """The visible documents narrowed by the list's filters (unknown values are ignored)."""
    rows = _visible(user)
    if params.get("type", "").isdigit():
        rows = rows.filter(doc_type_id=int(params["type"]))
    if params.get("year", "").isdigit():
        rows = rows.filter(year=int(params["year"]))
    if params.get("direction") in Direction.values:
        rows = rows.filter(direction=params["direction"])
    if params.get("classification", "").isdigit():
        rows = rows.filter(classification=int(params["classification"]))
    q = "".join(ch for ch in params.get("q", "") if ch.isprintable()).strip()[:100]
    if q:
        rows = rows.filter(subject__icontains=q)
    return rows, q


def listed_documents(request):
    """(every document the list shows, newest first; the search text): the page and its export."""
    rows, q = filtered(request.user, request.GET)
    return rows.order_by("-issued_on", "-pk"), q


@access.login_required
@require_http_methods(["GET", "HEAD"])
def document_list(request):
    """Documents the user may see, filtered, newest first, page by page."""
    rows, q = listed_documents(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "params": request.GET, "types": DocumentType.objects.all(),
               "directions": Direction.choices,
               "levels": [c for c in Classification.choices if c[0] <= request.user.clearance],
               "can_write": request.user.role in WRITER_ROLES}
    return render(request, "documents/list.html", context)


# --- create / edit ------------------------------------------------------------------------------


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def document_create(request):
    """Register a document: an own one is numbered by the service, a received one typed in."""
    initial = {"org_unit": request.user.org_unit_id, "direction": Direction.OUT, "copies": 1,
               "classification": Classification.THUONG}
    form = f.DocumentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        document = _save(form, lambda: services.do_create_document(actor=request.user,
                                                                   data=form.cleaned_data))
        if document is not None:
            messages.success(request, _("Đã vào sổ văn bản %(n)s.") % {"n": document.number_display})
            return redirect("documents:detail", document_id=document.pk)
    _style(form)
    return render(request, "documents/form.html",
                  {"form": form, "title": _("Vào sổ văn bản"), "document": None})


def _save(form, save, field=None):
    """Run ``save``; a refusal becomes a form error (on ``field`` if it names none; nothing saved)."""
    try:
        return save()
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {field: exc.messages}
        for name, messages_ in errors.items():
            form.add_error(name if name in form.fields else None, messages_)
    except NotAllowed:
        form.add_error(None, _("Bạn không có quyền ghi văn bản này (đơn vị hoặc độ mật vượt quá "
                               "phạm vi của bạn)."))
    except IntegrityError:
        form.add_error(None, _("Số văn bản này vừa được dùng: hãy gửi lại để nhận số mới "
                               "hoặc kiểm tra số văn bản đến."))
    return None


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def document_edit(request, document_id: int):
    """Edit with optimistic locking: a stale version is refused with the user's input kept."""
    document = get_visible_or_404(_visible(request.user), request.user, pk=document_id)
    if request.method == "POST" and not is_reason_post(request):
        if document.classification and not remembered_reason(request, document):
            return redirect("documents:detail", document_id=document.pk)
    else:
        blocked = read_gate(request, document, back_url=_detail_url(document))
        if blocked is not None:
            return blocked
    change = f.ChangeReasonForm(request.POST or None)
    if request.method == "POST":
        form = f.DocumentForm(request.POST, user=request.user, document=document)
        if form.is_valid() and change.is_valid():
            try:
                saved = _save(form, lambda: services.do_update_document(
                    actor=request.user, document=copy.copy(document), data=form.cleaned_data,
                    expected_version=form.cleaned_data.get("version") or 0,
                    reason=change.cleaned_data["change_reason"]))
            except EditConflict as conflict:
                form.add_error(None, conflict.message)
            else:
                if saved is not None:
                    messages.success(request, _("Đã lưu thay đổi."))
                    return redirect("documents:detail", document_id=document.pk)
    else:
        initial = {name: getattr(document, name) for name in f.DocumentForm.EDIT_FIELDS}
        form = f.DocumentForm(user=request.user, document=document, initial=initial)
    _style(form)
    _style(change)
    return render(request, "documents/form.html",
                  {"form": form, "change_form": change, "document": document,
                   "title": _("Sửa văn bản %(n)s") % {"n": document.number_display}})


# --- the record ---------------------------------------------------------------------------------


def _detail_url(document: Document) -> str:
    return reverse("documents:detail", kwargs={"document_id": document.pk})


@access.login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def document_detail(request, document_id: int):
    """The document, its files and its register; a classified one asks why first."""
    document = get_visible_or_404(_visible(request.user), request.user, pk=document_id)
    blocked = read_gate(request, document, back_url=reverse("documents:list"))
    if blocked is not None:
        return blocked
    if request.method == "POST":
        return redirect("documents:detail", document_id=document.pk)
    can_write = request.user.role in WRITER_ROLES
    context = {
        "document": document,
        "attachments": document.attachments.order_by("pk"),
        "register": document.register.select_related("approver", "recorded_by"),
        "held": services.copies_held(document),
        "history": AuditEvent.objects.visible_to(request.user).filter(
            target_type="documents.document", target_id=str(document.pk),
            action__in=[AuditAction.CREATE, AuditAction.UPDATE]).order_by("-id")[:20],
        "can_write": can_write,
        "upload_form": f.UploadForm() if can_write else None,
        "max_mib": storage.max_bytes() // (1024 * 1024),
    }
    return render(request, "documents/detail.html", context)


# --- attachments --------------------------------------------------------------------------------


class LimitedUploadHandler(TemporaryFileUploadHandler):
    """Drops a file as soon as it passes the size limit, instead of reading it all to disk."""

    def new_file(self, *args, **kwargs):
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > storage.max_bytes():
            setattr(self.request, UPLOAD_TOO_BIG, True)
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)


@access.role_required(*WRITERS)
@csrf_exempt
def attachment_upload(request, document_id: int):
    """Attach a file (checked by content, size-limited, encrypted). CSRF is checked below,
    after the size-limiting upload handler is in place (Django reads the body for CSRF)."""
    try:
        request.upload_handlers = [LimitedUploadHandler(request)]
    except AttributeError:  # the body was already read (a middleware): the service still checks
        pass
    return _attachment_upload(request, document_id)


@csrf_protect
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def _attachment_upload(request, document_id: int):
    document = get_visible_or_404(_visible(request.user), request.user, pk=document_id)
    posted = request.method == "POST"
    form = f.UploadForm(request.POST, request.FILES) if posted else f.UploadForm()
    if posted:
        if getattr(request, UPLOAD_TOO_BIG, False):
            form.errors.clear()  # "no file": the file was dropped for its size
            form.add_error("file", storage.too_large_error())
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            saved = _save(form, lambda: services.do_attach_file(
                actor=request.user, document=document, upload=upload, name=upload.name),
                field="file")
            if saved is not None:
                messages.success(request, _("Đã đính kèm tệp %(name)s.") % {"name": saved.original_name})
                return redirect("documents:detail", document_id=document.pk)
    _style(form)
    return render(request, "documents/upload.html",
                  {"form": form, "document": document,
                   "max_mib": storage.max_bytes() // (1024 * 1024)}, status=400 if form.errors else 200)


@access.login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def attachment_download(request, attachment_id: int):
    """The decrypted file, logged; a PDF is stamped with the reader, time and classification."""
    attachment = get_visible_or_404(
        Attachment.objects.select_related("document__doc_type", "document__org_unit"),
        request.user, pk=attachment_id)
    document = attachment.document
    if request.method == "POST" and not (document.classification and is_reason_post(request)):
        return redirect(request.path)
    reason = remembered_reason(request, document)
    if (document.classification and not reason) or is_reason_post(request):
        # The gate asks or keeps the reason only: the download itself is logged as an EXPORT.
        return read_gate(request, document, back_url=_detail_url(document))
    try:
        return serve(request.user, attachment, reason)
    except storage.CorruptFile:
        return render(request, "documents/corrupt.html", {"document": document}, status=500)


def serve(user, attachment: Attachment, reason: str):
    """An HTTP response with the plaintext; the download is logged first (same for the API)."""
    document = attachment.document
    # Fails before anything is logged or sent if the stored file was altered.
    for _chunk in storage.decrypt_chunks(attachment.storage_key, attachment.wrapped_key):
        pass
    name = f"{attachment.original_name.rsplit('.', 1)[0]}.{attachment.extension}"
    if attachment.extension == "pdf":
        when = timezone.localtime().strftime("%d/%m/%Y %H:%M")
        text = watermark.stamp_text(user.display_name, when, document.get_classification_display())
        body = watermark.watermark_pdf(
            storage.read_all(attachment.storage_key, attachment.wrapped_key), text)
        services.record_download(actor=user, attachment=attachment, reason=reason, watermarked=True)
        response = HttpResponse(body, content_type=attachment.content_type)
    else:
        services.record_download(actor=user, attachment=attachment, reason=reason, watermarked=False)
        response = StreamingHttpResponse(
            storage.decrypt_chunks(attachment.storage_key, attachment.wrapped_key),
            content_type=attachment.content_type)
        response["Content-Length"] = str(attachment.size)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "no-store"
    return response


# --- registers ----------------------------------------------------------------------------------


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register_entry(request, document_id: int):
    """A line in the secret-document register (in, out, copy, destroy)."""
    document = get_visible_or_404(_visible(request.user), request.user, pk=document_id)
    form = f.RegisterEntryForm(request.POST or None, user=request.user, document=document,
                               initial={"on": f.today()})
    if request.method == "POST" and form.is_valid():
        entry = _save(form, lambda: services.do_record_register_entry(
            actor=request.user, document=document, data=form.cleaned_data))
        if entry is not None:
            messages.success(request, _("Đã ghi sổ: %(e)s.") % {"e": entry})
            return redirect("documents:detail", document_id=document.pk)
    _style(form)
    return render(request, "documents/register_form.html",
                  {"form": form, "document": document, "held": services.copies_held(document)})
