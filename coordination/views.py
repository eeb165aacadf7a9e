"""Pages of the coordination ledger: list with filters, late list, the record with its timeline,
create, edit, reply, chaser and workflow moves. Reads through visible_to, writes through services."""

import copy

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.choices import WRITER_ROLES, Role
from audit.choices import AuditAction
from audit.models import AuditEvent
from audit.services import record_event
from coordination import workflow
from coordination.choices import Direction, RequestKind, Status
from coordination.deadlines import working_days_late
from coordination.forms import (
    ChaserEditForm,
    ChaserForm,
    FilterForm,
    ReplyEditForm,
    ReplyForm,
    RequestForm,
    TransitionForm,
)
from coordination.letters import request_letter_docx
from coordination.models import Chaser, CoordinationRequest, Reply
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
from core import access
from core.access import get_visible_or_404
from core.documents import DOCX_CONTENT_TYPE
from core.errors import EditConflict
from core.need_to_know import is_reason_post, read_gate, remembered_reason
from core.workdays import WorkCalendar
from people.models import Person

PAGE_SIZE = 50
WRITERS = (Role.ADMIN, Role.LEADER, Role.OFFICER)
TARGET_TYPE = CoordinationRequest._meta.label_lower


def _visible(user):
    return CoordinationRequest.objects.visible_to(user).select_related(
        "org_unit", "agency", "counterpart_unit", "escalated_to")


def _fetch(request, coordination_request_id: int) -> CoordinationRequest:
    return get_visible_or_404(_visible(request.user), request.user, pk=coordination_request_id)


# --- lists -----------------------------------------------------------------------------------


@access.login_required
@require_http_methods(["GET", "HEAD"])
def request_list(request):
    """The ledger: both directions, filtered by direction, status, agency, overdue, dates."""
    form, requests = listed_requests(request)
    on = today()
    paginator = Paginator(requests, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": _styled(form), "page": page, "rows": _rows(page.object_list, on),
               "total": paginator.count, "query": query.urlencode(),
               "can_write": request.user.role in WRITER_ROLES}
    return render(request, "coordination/list.html", context)


@access.login_required
@require_http_methods(["GET", "HEAD"])
def overdue_list(request):
    """Requests past their due date without a final answer, the oldest first, to chase."""
    on = today()
    paginator = Paginator(overdue_requests(request), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {"page": page, "rows": _rows(page.object_list, on), "total": paginator.count,
               "can_write": request.user.role in WRITER_ROLES, "query": ""}
    return render(request, "coordination/overdue.html", context)


def listed_requests(request):
    """(filter form, every request the ledger shows, newest first): the page and its export."""
    form = FilterForm(request.GET or None)
    requests = _visible(request.user)
    if form.is_bound and form.is_valid():
        requests = form.apply(requests, today())
    elif form.is_bound:
        requests = requests.none()
    return form, requests.order_by("-id")


def overdue_requests(request):
    """Every request of the overdue list, the oldest due first: the page and its export."""
    return _visible(request.user).overdue(today()).order_by("due_on", "pk")


def _rows(requests, on) -> list[dict]:
    """Each request with how late it is (working days), for the tables."""
    calendar = WorkCalendar.load()
    return [{"obj": r, "overdue": r.is_overdue(on),
             "days_late": working_days_late(r.due_on, on, calendar) if r.is_overdue(on) else 0}
            for r in requests]


# --- the record ------------------------------------------------------------------------------


@access.login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_detail(request, coordination_request_id: int):
    """The request, its replies, chasers and timeline; a classified one first asks why."""
    obj = _fetch(request, coordination_request_id)
    blocked = read_gate(request, obj, back_url=reverse("coordination:list"))
    if blocked is not None:
        return blocked
    if request.method == "POST":
        return redirect("coordination:detail", coordination_request_id=obj.pk)
    on = today()
    role = request.user.role
    context = {
        "obj": obj,
        "subject_person": _visible_person(request.user, obj),
        "replies": obj.replies.all(),
        "chasers": obj.chasers.all(),
        "timeline": _timeline(request.user, obj),
        "overdue": obj.is_overdue(on),
        "days_late": working_days_late(obj.due_on, on, WorkCalendar.load())
        if obj.is_overdue(on) else 0,
        "actions": [(a, workflow.action_label(a, obj.direction))
                    for a in workflow.manual_actions(obj.status, role)],
        "can_write": role in WRITER_ROLES,
        "is_open": workflow.is_open(obj.status),
        "editable": workflow.is_editable(obj.status),
    }
    return render(request, "coordination/detail.html", context)


def _visible_person(user, obj):
    if obj.subject_person_id is None:
        return None
    return Person.objects.visible_to(user).filter(pk=obj.subject_person_id).first()


def _timeline(user, obj) -> list[dict]:
    """Every recorded change and move of this request the user may see, oldest first."""
    events = (AuditEvent.objects.visible_to(user)
              .filter(target_type=TARGET_TYPE, target_id=str(obj.pk))
              .exclude(action=AuditAction.READ).order_by("id")[:200])
    return [{"event": e, "move": _move_label(e, obj.direction)} for e in events]


def _move_label(event: AuditEvent, direction: str) -> str:
    """What a TRANSITION event did, in words (send, reply, escalation …)."""
    after, before = event.after or {}, event.before or {}
    action, status = after.get("action"), after.get("status")
    if "reply_id" in before:  # an edit of a line carries its values before and after
        return str(_("Sửa trả lời"))
    if "chaser_id" in before:
        return str(_("Sửa đôn đốc"))
    if action == "ESCALATE":
        return str(_("Báo cáo cấp trên vì quá hạn"))
    if not action:
        return str(_("Ghi nhận đôn đốc")) if "chaser_id" in after else ""
    label = workflow.action_label(action, direction)
    return f"{label} → {Status(status).label}" if status in Status.values else label


def _classified_gate(request, obj):
    """A page showing a classified request asks this session's reason first; each view is logged."""
    if request.method == "POST" and not is_reason_post(request):
        if obj.classification and not remembered_reason(request, obj):
            return read_gate(request, obj)  # the reason page: the page's own form is not applied
        return None  # the page's own form: its GET view was logged already
    return read_gate(request, obj, back_url=reverse(
        "coordination:detail", kwargs={"coordination_request_id": obj.pk}))


@access.login_required
@require_http_methods(["GET", "HEAD", "POST"])
def request_letter(request, coordination_request_id: int):
    """The request letter as DOCX (party format); each download is logged as an export."""
    obj = _fetch(request, coordination_request_id)
    blocked = read_gate(request, obj, back_url=reverse(
        "coordination:detail", kwargs={"coordination_request_id": obj.pk}))
    if blocked is not None:
        return blocked
    content = request_letter_docx(obj, _visible_person(request.user, obj))
    record_event(actor=request.user, action=AuditAction.EXPORT, target=obj,
                 reason=str(_("Tải công văn đề nghị")),
                 after={"format": "docx", "letter_number": obj.letter_number})
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="cong-van-{obj.pk}.docx"'
    return response


# --- create / edit ---------------------------------------------------------------------------


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_create(request):
    """Record a request sent or received (a draft until it is sent or registered)."""
    if request.method == "POST":
        form = RequestForm(request.POST, user=request.user)
        if form.is_valid():
            obj = do_create_request(actor=request.user, data=form.cleaned_data)
            messages.success(request, _("Đã ghi yêu cầu vào sổ phối hợp."))
            return redirect("coordination:detail", coordination_request_id=obj.pk)
    else:
        form = RequestForm(user=request.user, initial=_create_initial(request))
    return render(request, "coordination/form.html", {"form": _styled(form), "obj": None})


def _create_initial(request) -> dict:
    direction = request.GET.get("direction")
    initial = {"org_unit": request.user.org_unit_id,
               "kind": RequestKind.PHOI_HOP,
               "direction": direction if direction in Direction.values else Direction.SENT}
    person_id = request.GET.get("person", "")
    if person_id.isdigit():
        person = Person.objects.visible_to(request.user).filter(pk=person_id).first()
        if person is not None:
            initial.update(subject_person=person.pk, kind="XAC_MINH",
                           classification=person.classification)
    return initial


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_edit(request, coordination_request_id: int):
    """Correct a request; a stale version is refused with the typed values kept."""
    obj = _fetch(request, coordination_request_id)
    gate = _classified_gate(request, obj)
    if gate is not None:
        return gate
    if not workflow.is_editable(obj.status):
        messages.error(request, _("Yêu cầu đã kết thúc hoặc đã hủy: không sửa được."))
        return redirect("coordination:detail", coordination_request_id=obj.pk)
    if request.method == "POST":
        # The form validates a copy: the service must see the stored values (scope, audit).
        form = RequestForm(request.POST, instance=copy.copy(obj), user=request.user)
        if form.is_valid():
            try:
                do_update_request(actor=request.user, request=obj, data=form.cleaned_data,
                                  expected_version=form.cleaned_data.get("version") or 0,
                                  reason=form.cleaned_data["change_reason"])
            except EditConflict as conflict:
                form.add_error(None, conflict.message)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("coordination:detail", coordination_request_id=obj.pk)
    else:
        form = RequestForm(instance=obj, user=request.user)
    return render(request, "coordination/form.html", {"form": _styled(form), "obj": obj})


# --- reply, chaser, moves --------------------------------------------------------------------


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_reply(request, coordination_request_id: int):
    """Record an answer (partial, full, or "no record")."""
    return _sub_form(request, coordination_request_id, ReplyForm, do_add_reply,
                     "coordination/reply.html", _("Đã ghi nhận trả lời."))


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_chaser(request, coordination_request_id: int):
    """Record a reminder (đôn đốc) on a request still waiting."""
    return _sub_form(request, coordination_request_id, ChaserForm, do_add_chaser,
                     "coordination/chaser.html", _("Đã ghi nhận đôn đốc."))


def _sub_form(request, coordination_request_id, form_class, service, template, done):
    obj = _fetch(request, coordination_request_id)
    gate = _classified_gate(request, obj)
    if gate is not None:
        return gate
    form = form_class(request.POST or None, request_obj=obj,
                      initial={"replied_on": today(), "sent_on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            service(actor=request.user, request=obj, data=form.cleaned_data)
        except (workflow.IllegalTransition, workflow.RoleRefused) as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, done)
            return redirect("coordination:detail", coordination_request_id=obj.pk)
    return render(request, template, {"obj": obj, "form": _styled(form)})


def _edit_line(request, row, form, service, template, done):
    """Correct a reply or chaser of a request the user may write (same gate as the request)."""
    obj = _fetch(request, row.request_id)
    gate = _classified_gate(request, obj)
    if gate is not None:
        return gate
    if not workflow.is_editable(obj.status):
        messages.error(request, _("Yêu cầu đã kết thúc hoặc đã hủy: không sửa được."))
        return redirect("coordination:detail", coordination_request_id=obj.pk)
    if request.method == "POST" and form.is_valid():
        try:
            service(form.cleaned_data, form.cleaned_data.get("version") or 0,
                    form.cleaned_data.get("change_reason", ""))
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        except (workflow.IllegalTransition, workflow.RoleRefused) as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, done)
            return redirect("coordination:detail", coordination_request_id=obj.pk)
    return render(request, template, {"obj": obj, "form": _styled(form), "editing": True})


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reply_edit(request, reply_id: int):
    """Correct a recorded answer (date, letter, summary; its kind stays)."""
    reply = get_visible_or_404(Reply.objects.select_related("request"), request.user,
                               pk=reply_id)
    form = ReplyEditForm(request.POST if request.method == "POST" else None,
                         request_obj=reply.request, reply=reply)
    return _edit_line(request, reply, form, lambda data, version, reason: do_update_reply(
        actor=request.user, reply=reply, data=data, expected_version=version, reason=reason),
        "coordination/reply.html", _("Đã lưu thay đổi trả lời."))


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def chaser_edit(request, chaser_id: int):
    """Correct a recorded reminder (date, letter number, note)."""
    chaser = get_visible_or_404(Chaser.objects.select_related("request"), request.user,
                                pk=chaser_id)
    form = ChaserEditForm(request.POST if request.method == "POST" else None,
                          request_obj=chaser.request, chaser=chaser)
    return _edit_line(request, chaser, form, lambda data, version, reason: do_update_chaser(
        actor=request.user, chaser=chaser, data=data, expected_version=version, reason=reason),
        "coordination/chaser.html", _("Đã lưu thay đổi đôn đốc."))


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_transition(request, coordination_request_id: int):
    """Confirm and apply one move of the workflow table (send, close, reopen, cancel)."""
    obj = _fetch(request, coordination_request_id)
    gate = _classified_gate(request, obj)
    if gate is not None:
        return gate
    action = request.POST.get("action") or request.GET.get("action", "")
    if action not in workflow.TRANSITIONS or not workflow.TRANSITIONS[action].manual:
        raise Http404
    form = TransitionForm(request.POST or None, request_obj=obj,
                          initial={"action": action, "version": obj.version})
    if request.method == "POST" and form.is_valid():
        try:
            do_transition_request(actor=request.user, request=obj, action=action,
                                  reason=form.cleaned_data["reason"], on=form.cleaned_data["on"],
                                  expected_version=form.cleaned_data.get("version") or 0)
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        except (workflow.IllegalTransition, workflow.RoleRefused) as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("Đã chuyển trạng thái."))
            return redirect("coordination:detail", coordination_request_id=obj.pk)
    context = {"obj": obj, "form": _styled(form), "action": action,
               "label": workflow.action_label(action, obj.direction),
               "needs_date": action == workflow.Action.SEND and obj.opened_on is None,
               "needs_reason": workflow.reason_required(action)}
    return render(request, "coordination/transition.html", context)


def _styled(form):
    """Bootstrap classes on the widgets, marking the fields that have errors."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        else:
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css
    return form
