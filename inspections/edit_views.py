"""Pages that correct parts of an inspection (documents, remediation items) and programmes:
each through its service, with the version read (a stale one is refused, typed values kept)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from audit.services import record_read
from core import access
from core.access import get_visible_or_404
from core.errors import EditConflict, NotAllowed
from core.need_to_know import is_reason_post, read_gate, remembered_reason
from inspections import forms as f
from inspections import services
from inspections.choices import Status
from inspections.models import Document as InspectionDocument
from inspections.models import Inspection, Programme, RemediationItem
from inspections.views import WRITERS, _save_sub, _style, _sub_page


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def programme_edit(request, programme_id: int):
    """Correct a programme (its issuing body stays); a stale version is refused."""
    programme = get_visible_or_404(Programme.objects.select_related("org_unit"), request.user,
                                   pk=programme_id)
    if programme.classification and request.method != "POST":
        record_read(actor=request.user, target=programme, reason=str(_("Sửa chương trình")))
    initial = {name: getattr(programme, name) for name in services.PROGRAMME_FIELDS}
    form = f.ProgrammeEditForm(request.POST or None, user=request.user, programme=programme,
                               initial={**initial, "version": programme.version})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "org_unit"}
        try:
            services.do_update_programme(actor=request.user, programme=programme, data=data,
                                         expected_version=data["version"],
                                         reason=data["change_reason"])
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        except services.WorkflowError as error:
            form.add_error("classification", error.message)
        except NotAllowed:
            form.add_error(None, _("Bạn không có quyền sửa chương trình này."))
        else:
            messages.success(request, _("Đã lưu thay đổi chương trình."))
            return redirect("inspections:programme_detail", programme_id=programme.pk)
    _style(form)
    return render(request, "inspections/form.html", {
        "form": form, "title": _("Sửa chương trình kiểm tra, giám sát"), "programme": programme},
        status=400 if form.is_bound else 200)


def _part_gate(request, inspection: Inspection):
    """A page showing part of a classified inspection needs this session's reason (logged)."""
    if request.method == "POST" and not is_reason_post(request):
        if inspection.classification and not remembered_reason(request, inspection):
            return redirect("inspections:detail", inspection_id=inspection.pk)
        return None  # the page's own form: its GET view was logged already
    return read_gate(request, inspection, back_url=reverse(
        "inspections:detail", kwargs={"inspection_id": inspection.pk}))


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def document_edit(request, inspection_id: int, inspection_document_id: int):
    """Correct a document's metadata until the inspection is closed."""
    document = get_visible_or_404(InspectionDocument.objects.select_related("inspection"),
                                  request.user, pk=inspection_document_id,
                                  inspection_id=inspection_id)
    inspection = document.inspection
    gate = _part_gate(request, inspection)
    if gate is not None:
        return gate
    if inspection.status == Status.CLOSED:
        messages.error(request, _("Cuộc kiểm tra đã kết thúc: không sửa được văn bản."))
        return redirect("inspections:detail", inspection_id=inspection_id)
    initial = {name: getattr(document, name) for name in ("doc_type", "number", "issued_on",
                                                          "title")}
    form = f.DocumentEditForm(request.POST or None, inspection=inspection,
                              initial={**initial, "subject": document.subject_id,
                                       "version": document.version})
    if request.method == "POST" and _save_sub(
            request, inspection, form, lambda data: services.do_update_document(
                actor=request.user, document=document, data=data,
                expected_version=data["version"], reason=data["change_reason"])):
        return redirect("inspections:detail", inspection_id=inspection_id)
    return _sub_page(request, "inspections/sub_form.html", inspection, form,
                     title=_("Sửa văn bản"))


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def remediation_edit(request, inspection_id: int, remediation_item_id: int):
    """Correct a remediation item not yet done (content, owner, deadline)."""
    item = get_visible_or_404(RemediationItem.objects.select_related("inspection"), request.user,
                              pk=remediation_item_id, inspection_id=inspection_id)
    inspection = item.inspection
    gate = _part_gate(request, inspection)
    if gate is not None:
        return gate
    if item.done_on is not None or inspection.status not in (Status.CONCLUDED,
                                                              Status.REMEDIATION):
        messages.error(request, _("Việc khắc phục này không còn sửa được (đã hoàn thành hoặc "
                                  "cuộc kiểm tra đã kết thúc)."))
        return redirect("inspections:detail", inspection_id=inspection_id)
    initial = {name: getattr(item, name) for name in ("content", "owner_text", "deadline")}
    form = f.RemediationEditForm(request.POST or None, user=request.user, inspection=inspection,
                                 initial={**initial, "subject": item.subject_id,
                                          "owner_unit": item.owner_unit_id,
                                          "version": item.version})
    if request.method == "POST" and _save_sub(
            request, inspection, form, lambda data: services.do_update_remediation(
                actor=request.user, item=item, data=data, expected_version=data["version"],
                reason=data["change_reason"])):
        return redirect("inspections:detail", inspection_id=inspection_id)
    return _sub_page(request, "inspections/sub_form.html", inspection, form,
                     title=_("Sửa việc khắc phục"), item=item)
