"""Pages of party-admission dossiers: list with filters, the dossier with its papers, letters
and timeline, create, edit, add a paper, link a letter, workflow moves."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.choices import WRITER_ROLES
from admission import services, workflow
from admission.choices import PAPERS_EDITABLE_STATUSES, Status
from admission.forms import (
    DocumentEditForm,
    DocumentForm,
    DossierForm,
    FilterForm,
    LinkLetterForm,
    TransitionForm,
)
from admission.models import AdmissionDocument, AdmissionDossier
from audit.choices import AuditAction
from audit.models import AuditEvent
from coordination.models import CoordinationRequest
from coordination.views import _styled
from core import access
from core.access import get_visible_or_404
from core.errors import EditConflict, NotAllowed
from core.need_to_know import is_reason_post, read_gate, remembered_reason

PAGE_SIZE = 50
WRITERS = tuple(WRITER_ROLES)
TARGET_TYPE = AdmissionDossier._meta.label_lower


def _visible(user):
    return AdmissionDossier.objects.visible_to(user).select_related("person", "org_unit")


def _fetch(request, admission_dossier_id: int) -> AdmissionDossier:
    return get_visible_or_404(_visible(request.user), request.user, pk=admission_dossier_id)


def _classified_gate(request, dossier):
    """A page showing a classified dossier asks this session's reason first; each view is logged."""
    if request.method == "POST" and not is_reason_post(request):
        if dossier.classification and not remembered_reason(request, dossier):
            return read_gate(request, dossier)  # the reason page: the page's own form is not applied
        return None  # the page's own form: its GET view was logged already
    return read_gate(request, dossier, back_url=reverse(
        "admission:detail", kwargs={"admission_dossier_id": dossier.pk}))


@access.login_required
@require_http_methods(["GET", "HEAD"])
def dossier_list(request):
    """Dossiers in scope, filtered by status, unit, overdue clock, papers about to expire."""
    form, dossiers = listed_dossiers(request)
    on = services.today()
    paginator = Paginator(dossiers, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [{"obj": d, "due": d.clock_due(), "overdue": d.is_clock_overdue(on)}
            for d in page.object_list]
    return render(request, "admission/list.html", {
        "form": _styled(form), "page": page, "rows": rows, "total": paginator.count,
        "query": query.urlencode(), "can_write": request.user.role in WRITER_ROLES})


def listed_dossiers(request):
    """(filter form, every dossier the list shows, newest first): the page and its export."""
    form = FilterForm(request.GET or None, user=request.user)
    dossiers = _visible(request.user)
    if form.is_bound and form.is_valid():
        dossiers = form.apply(dossiers, services.today())
    elif form.is_bound:
        dossiers = dossiers.none()
    return form, dossiers.order_by("-id")


@access.login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def dossier_detail(request, admission_dossier_id: int):
    """The dossier: papers with their validity, verification letters, milestones, timeline."""
    dossier = _fetch(request, admission_dossier_id)
    blocked = read_gate(request, dossier, back_url=reverse("admission:list"))
    if blocked is not None:
        return blocked
    if request.method == "POST":
        return redirect("admission:detail", admission_dossier_id=dossier.pk)
    on = services.today()
    current = {p.pk for p in services.current_papers(dossier).values()}
    papers = [{"obj": d, "replaced": d.pk not in current,
               "expired": d.pk in current and d.is_expired(on),
               "soon": d.pk in current and not d.is_expired(on)
               and (d.expires_on - on).days <= 30}
              for d in dossier.documents.select_related("kind")]
    letters = (CoordinationRequest.objects.visible_to(request.user)
               .filter(admission_dossier=dossier).select_related("agency", "counterpart_unit"))
    role = request.user.role
    return render(request, "admission/detail.html", {
        "obj": dossier, "papers": papers, "letters": letters, "today": on,
        "overdue": dossier.is_clock_overdue(on), "due": dossier.clock_due(),
        "milestones": _milestones(dossier), "timeline": _timeline(request.user, dossier),
        "actions": [(a, workflow.label(a)) for a in workflow.available_actions(dossier.status, role)],
        "can_write": role in WRITER_ROLES,
        "is_open": services.is_open(dossier.status),
        "papers_editable": role in WRITER_ROLES and dossier.status in PAPERS_EDITABLE_STATUSES,
    })


def _milestones(dossier) -> list[tuple[str, object, object]]:
    """(step, date done, deadline) in order, for the milestone timeline."""
    return [
        (_("Lập hồ sơ"), dossier.opened_on, None),
        (_("Gửi thẩm tra lý lịch"), dossier.verification_sent_on, None),
        (_("Có kết quả thẩm tra"), dossier.results_in_on, None),
        (_("Chi bộ ra nghị quyết"), dossier.cell_resolved_on, None),
        (_("Quyết định kết nạp"), dossier.decided_on, dossier.decision_due_on),
        (_("Lễ kết nạp"), dossier.ceremony_on, dossier.ceremony_due_on),
        (_("Hết thời gian dự bị"), dossier.full_member_on, dossier.probation_ends_on),
    ]


def _timeline(user, dossier) -> list[dict]:
    events = (AuditEvent.objects.visible_to(user)
              .filter(target_type=TARGET_TYPE, target_id=str(dossier.pk))
              .exclude(action=AuditAction.READ).order_by("id")[:200])
    result = []
    for event in events:
        after = event.after or {}
        move = ""
        if after.get("action") in workflow.TRANSITIONS:
            status = after.get("status")
            move = workflow.label(after["action"])
            if status in Status.values:
                move = f"{move} → {Status(status).label}"
        elif "document_id" in (event.before or {}):  # an edit carries before and after
            move = str(_("Sửa giấy tờ"))
        elif "document_id" in after:
            move = str(_("Bổ sung giấy tờ"))
        elif "linked_request_id" in after:
            move = str(_("Gắn công văn thẩm tra"))
        result.append({"event": event, "move": move})
    return result


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def dossier_create(request):
    """Open a dossier for a non-member (quần chúng) in a cell."""
    initial = {"opened_on": services.today()}
    person_id = request.GET.get("person", "")
    if person_id.isdigit():
        initial["person"] = person_id
    form = DossierForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.do_create_dossier(actor=request.user, data=form.cleaned_data)
        except NotAllowed:
            form.add_error(None, _("Bạn không được lập hồ sơ cho đơn vị hoặc độ mật này."))
        else:
            messages.success(request, _("Đã lập hồ sơ kết nạp."))
            return redirect("admission:detail", admission_dossier_id=dossier.pk)
    return render(request, "admission/form.html", {"form": _styled(form), "obj": None})


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def dossier_edit(request, admission_dossier_id: int):
    """Correct a dossier; a stale version is refused with the typed values kept."""
    dossier = _fetch(request, admission_dossier_id)
    gate = _classified_gate(request, dossier)
    if gate is not None:
        return gate
    form = DossierForm(request.POST or None, user=request.user, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_dossier(actor=request.user, dossier=dossier,
                                       data=form.cleaned_data,
                                       expected_version=form.cleaned_data.get("version") or 0,
                                       reason=form.cleaned_data["change_reason"])
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        except NotAllowed:
            form.add_error(None, _("Bạn không được chuyển hồ sơ sang đơn vị hoặc độ mật này."))
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("admission:detail", admission_dossier_id=dossier.pk)
    return render(request, "admission/form.html", {"form": _styled(form), "obj": dossier})


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def document_add(request, admission_dossier_id: int):
    """Record one paper of the dossier (its expiry follows from its kind)."""
    dossier = _fetch(request, admission_dossier_id)
    gate = _classified_gate(request, dossier)
    if gate is not None:
        return gate
    form = DocumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.do_add_document(actor=request.user, dossier=dossier, data=form.cleaned_data)
        messages.success(request, _("Đã bổ sung giấy tờ."))
        return redirect("admission:detail", admission_dossier_id=dossier.pk)
    return render(request, "admission/document_form.html", {"form": _styled(form),
                                                            "obj": dossier})


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def document_edit(request, admission_document_id: int):
    """Correct a paper until the cell's resolution (its expiry is recomputed)."""
    paper = get_visible_or_404(AdmissionDocument.objects.select_related("dossier", "kind"),
                               request.user, pk=admission_document_id)
    dossier = _fetch(request, paper.dossier_id)
    gate = _classified_gate(request, dossier)
    if gate is not None:
        return gate
    if dossier.status not in PAPERS_EDITABLE_STATUSES:
        messages.error(request, _("Chi bộ đã ra nghị quyết trên các giấy tờ này: không sửa được "
                                  "nữa (bổ sung giấy tờ mới nếu cần)."))
        return redirect("admission:detail", admission_dossier_id=dossier.pk)
    form = DocumentEditForm(request.POST or None, user=request.user, paper=paper)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_document(actor=request.user, paper=paper, data=form.cleaned_data,
                                        expected_version=form.cleaned_data.get("version") or 0,
                                        reason=form.cleaned_data["change_reason"])
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        except workflow.Refused as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Đã lưu thay đổi giấy tờ."))
            return redirect("admission:detail", admission_dossier_id=dossier.pk)
    return render(request, "admission/document_form.html", {"form": _styled(form),
                                                            "obj": dossier, "editing": True})


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def letter_link(request, admission_dossier_id: int):
    """Attach a verification request of the ledger (about this person) to the dossier."""
    dossier = _fetch(request, admission_dossier_id)
    gate = _classified_gate(request, dossier)
    if gate is not None:
        return gate
    form = LinkLetterForm(request.POST or None, user=request.user, dossier=dossier)
    if request.method == "POST" and form.is_valid():
        services.do_link_letter(actor=request.user, dossier=dossier,
                                request=form.cleaned_data["request"])
        messages.success(request, _("Đã gắn công văn thẩm tra vào hồ sơ."))
        return redirect("admission:detail", admission_dossier_id=dossier.pk)
    return render(request, "admission/link_form.html", {"form": _styled(form), "obj": dossier})


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def dossier_transition(request, admission_dossier_id: int):
    """Confirm and apply one move of the workflow with its date (guards checked by services)."""
    dossier = _fetch(request, admission_dossier_id)
    gate = _classified_gate(request, dossier)
    if gate is not None:
        return gate
    action = request.POST.get("action") or request.GET.get("action", "")
    if action not in workflow.TRANSITIONS:
        raise Http404
    form = TransitionForm(request.POST or None, action=action,
                          initial={"version": dossier.version, "on": services.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_transition_dossier(
                actor=request.user, dossier=dossier, action=action, on=data["on"],
                number=data["number"], reason=data["reason"],
                expected_version=data.get("version") or 0)
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        except workflow.Refused as refused:
            form.add_error(None, refused.message)
        except NotAllowed:
            form.add_error(None, _("Bạn không được thực hiện thao tác này trên hồ sơ."))
        else:
            messages.success(request, _("Đã chuyển trạng thái."))
            return redirect("admission:detail", admission_dossier_id=dossier.pk)
    transition = workflow.TRANSITIONS[action]
    return render(request, "admission/transition.html", {
        "form": _styled(form), "obj": dossier, "action": action, "label": transition.label,
        "takes_number": transition.takes_number, "needs_reason": transition.reason_required})
