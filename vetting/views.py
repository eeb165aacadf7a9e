"""Pages of vetting cases: list with filters, the case with its relatives, requests, findings,
conclusion and timeline, and one form per step. Reads through visible_to, writes through services.

A user who is the subject or a declared relative sees no action button, and every action view
refuses them (403) before any form is shown: the services refuse them as well.
"""

import copy

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.choices import WRITER_ROLES, Role
from audit.choices import AuditAction
from audit.models import AuditEvent
from core import access
from core.access import get_visible_or_404
from core.errors import EditConflict, NotAllowed
from core.need_to_know import is_reason_post, read_gate, remembered_reason
from people.models import Person
from vetting import forms as vforms
from vetting import workflow
from vetting.choices import Status
from vetting.models import VettingCase
from vetting.services import (
    RuleBroken,
    conflict_of_interest,
    current_conclusion,
    do_add_finding,
    do_add_relative,
    do_approve_conclusion,
    do_assign_case,
    do_create_case,
    do_decide_conclusion,
    do_file_complaint,
    do_note_no_explanation,
    do_propose_conclusion,
    do_raise_request,
    do_record_explanation,
    do_request_explanation,
    do_send_back,
    do_settle_complaint,
    do_transition_case,
    do_update_case,
    in_competent_body,
    today,
)

PAGE_SIZE = 50
WRITERS = (Role.ADMIN, Role.LEADER, Role.OFFICER)
TARGET_TYPE = VettingCase._meta.label_lower
REFUSALS = (workflow.IllegalTransition, workflow.RoleRefused, RuleBroken)


def _visible(user):
    return VettingCase.objects.visible_to(user).select_related(
        "org_unit", "purpose", "subject", "officer", "competent_body", "requesting_unit")


def _fetch(request, vetting_case_id: int) -> VettingCase:
    return get_visible_or_404(_visible(request.user), request.user, pk=vetting_case_id)


# --- list ------------------------------------------------------------------------------------


@access.login_required
@require_http_methods(["GET", "HEAD"])
def case_list(request):
    """Cases in scope, filtered by status, purpose, unit, officer, deadline."""
    form, cases = listed_cases(request)
    on = today()
    paginator = Paginator(cases, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [{"obj": c, "overdue": c.is_overdue(on)} for c in page.object_list]
    context = {"form": _styled(form), "page": page, "rows": rows, "total": paginator.count,
               "query": query.urlencode(), "can_write": request.user.role in WRITER_ROLES}
    return render(request, "vetting/list.html", context)


def listed_cases(request):
    """(filter form, every case the list shows, newest first): the page and its export."""
    form = vforms.FilterForm(request.GET or None, user=request.user)
    cases = _visible(request.user)
    if form.is_bound and form.is_valid():
        cases = form.apply(cases, today())
    elif form.is_bound:
        cases = cases.none()
    return form, cases.order_by("-id")


# --- the case --------------------------------------------------------------------------------


@access.login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def case_detail(request, vetting_case_id: int):
    """The case: deadlines, relatives, requests, findings, conclusion, timeline."""
    case = _fetch(request, vetting_case_id)
    blocked = read_gate(request, case, back_url=reverse("vetting:list"))
    if blocked is not None:
        return blocked
    if request.method == "POST":
        return redirect("vetting:detail", vetting_case_id=case.pk)
    return render(request, "vetting/detail.html", _detail_context(request, case))


def _detail_context(request, case) -> dict:
    from documents.services import documents_of

    user, on = request.user, today()
    conflict = conflict_of_interest(user, case)
    can_act = user.role in WRITER_ROLES and not conflict
    conclusion = current_conclusion(case)
    editable = workflow.is_editable(case.status)
    findings = list(case.findings.select_related("category", "relative"))
    for finding in findings:
        finding.evidence = list(documents_of(user, finding))
    explanation = case.explanations.order_by("-id").first()
    return {
        "obj": case, "conflict": conflict, "can_act": can_act, "editable": editable,
        "overdue": case.is_overdue(on), "today": on,
        "subject_visible": Person.objects.visible_to(user).filter(pk=case.subject_id).exists(),
        "relatives": case.relatives.all(),
        "requests": case.requests.visible_to(user).order_by("id"),
        "findings": findings,
        "conclusion": conclusion,
        "conclusions": case.conclusions.select_related("proposed_by", "decider",
                                                       "second_approver", "decision_document"),
        "explanations": case.explanations.all(),
        "explanation": explanation,
        "complaints": case.complaints.all(),
        "pauses": case.pauses.all(),
        "documents": documents_of(user, case),
        "team": case.team.all(),
        "timeline": _timeline(user, case),
        "actions": [(a, workflow.label(a)) for a in workflow.manual_actions(case.status, user.role)
                    ] if can_act else [],
        "can_assign": can_act and workflow.allowed(case.status, workflow.Action.ASSIGN,
                                                   user.role),
        "can_propose": can_act and workflow.allowed(case.status, workflow.Action.PROPOSE,
                                                    user.role),
        "can_approve": can_act and case.status == Status.PROPOSED and conclusion is not None
        and conclusion.is_adverse and conclusion.second_approver_id is None
        and user.role in workflow.LEADERS and conclusion.proposed_by_id != user.pk,
        "can_decide": can_act and workflow.allowed(case.status, workflow.Action.CONCLUDE,
                                                   user.role) and in_competent_body(user, case),
        "can_complain": can_act and case.status in (Status.CONCLUDED, Status.NEEDS_RECHECK),
        "can_explain": can_act and case.status in (Status.APPRAISING, Status.VERIFYING,
                                                   Status.AWAITING_REPLIES),
    }


def _timeline(user, case) -> list[dict]:
    """Every recorded step of this case the user may see, oldest first."""
    events = (AuditEvent.objects.visible_to(user)
              .filter(target_type=TARGET_TYPE, target_id=str(case.pk))
              .exclude(action=AuditAction.READ).order_by("id")[:300])
    return [{"event": e, "move": _move_label(e)} for e in events]


def _move_label(event: AuditEvent) -> str:
    after = event.after or {}
    action, status = after.get("action"), after.get("status")
    if action:
        label = workflow.label(action)
        return f"{label} → {Status(status).label}" if status in Status.values else label
    before = event.before or {}
    if "finding_id" in before:  # an edit of a line carries its values before and after
        return str(_("Sửa nội dung xác minh"))
    if "explanation_id" in before:
        return str(_("Sửa giải trình"))
    if "complaint_id" in before:
        return str(_("Sửa khiếu nại"))
    if "relative_id" in before:
        return str(_("Sửa thân nhân"))
    # Most specific first: a finding or a request event also names the relative it is about.
    for key, text in (("finding_id", _("Ghi nội dung xác minh")),
                      ("coordination_request_id", _("Gửi yêu cầu xác minh")),
                      ("second_approver_id", _("Phê duyệt thứ hai")),
                      ("complaint_id", _("Khiếu nại")), ("explanation_id", _("Giải trình")),
                      ("relative_id", _("Thêm thân nhân"))):
        if key in after:
            return str(text)
    return ""


def _actionable(request, vetting_case_id: int):
    """The case for an action view, or a redirect/refusal.

    Refused (403) to the subject and declared relatives; a classified case needs the session's
    reason (each page that shows it is logged).
    """
    case = _fetch(request, vetting_case_id)
    if conflict_of_interest(request.user, case):
        raise PermissionDenied("conflict of interest")
    if request.method == "POST" and not is_reason_post(request):
        if case.classification and not remembered_reason(request, case):
            # Some steps take POST only: the record page asks the reason.
            return case, redirect("vetting:detail", vetting_case_id=case.pk)
        return case, None  # the page's own form: its GET view was logged already
    return case, read_gate(request, case, back_url=reverse(
        "vetting:detail", kwargs={"vetting_case_id": case.pk}))


# --- create / edit ---------------------------------------------------------------------------


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def case_create(request):
    """Open a case (a draft until submitted)."""
    if request.method == "POST":
        form = vforms.CaseForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                case = do_create_case(actor=request.user, data=form.cleaned_data)
            except NotAllowed as refused:
                raise PermissionDenied from refused
            messages.success(request, _("Đã mở hồ sơ thẩm định."))
            return redirect("vetting:detail", vetting_case_id=case.pk)
    else:
        initial = {"org_unit": request.user.org_unit_id,
                   "requesting_unit": request.user.org_unit_id,
                   "competent_body": request.user.org_unit_id}
        person_id = request.GET.get("person", "")
        if person_id.isdigit() and len(person_id) < 12:
            person = Person.objects.visible_to(request.user).filter(pk=person_id).first()
            if person is not None:
                initial.update(subject=person.pk, classification=person.classification)
        form = vforms.CaseForm(user=request.user, initial=initial)
    return render(request, "vetting/case_form.html", {"form": _styled(form), "obj": None})


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def case_edit(request, vetting_case_id: int):
    """Correct a case; a stale version is refused with the typed values kept."""
    case, gate = _actionable(request, vetting_case_id)
    if gate is not None:
        return gate
    if not workflow.is_editable(case.status):
        messages.error(request, _("Hồ sơ đã kết luận hoặc đã rút: không sửa được."))
        return redirect("vetting:detail", vetting_case_id=case.pk)
    if request.method == "POST":
        form = vforms.CaseForm(request.POST, instance=copy.copy(case), user=request.user)
        if form.is_valid():
            try:
                do_update_case(actor=request.user, case=case, data=form.cleaned_data,
                               expected_version=form.cleaned_data.get("version") or 0,
                               reason=form.cleaned_data["change_reason"])
            except EditConflict as conflict:
                form.add_error(None, conflict.message)
            except REFUSALS as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("vetting:detail", vetting_case_id=case.pk)
    else:
        form = vforms.CaseForm(instance=case, user=request.user)
    return render(request, "vetting/case_form.html", {"form": _styled(form), "obj": case})


# --- steps -----------------------------------------------------------------------------------


def _step(request, vetting_case_id, *, title, make_form, apply, done, intro=""):
    """One step of the case: show ``make_form``, on a valid POST call ``apply`` (a service)."""
    case, gate = _actionable(request, vetting_case_id)
    if gate is not None:
        return gate
    form = make_form(case, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            apply(case, form.cleaned_data)
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        except REFUSALS as refused:
            form.add_error(None, refused.message)
        except NotAllowed as refused:
            raise PermissionDenied from refused
        else:
            messages.success(request, done)
            return redirect("vetting:detail", vetting_case_id=case.pk)
    context = {"obj": case, "form": _styled(form), "title": title, "intro": intro}
    return render(request, "vetting/step.html", context)


def _writer_view(view):
    view = require_http_methods(["GET", "HEAD", "POST"])(view)
    return access.role_required(*WRITERS)(never_cache(view))


@_writer_view
def case_transition(request, vetting_case_id: int):
    """Confirm and apply one move of the workflow table."""
    action = request.POST.get("action") or request.GET.get("action", "")
    if action not in workflow.TRANSITIONS or not workflow.TRANSITIONS[action].manual:
        raise Http404

    def make_form(case, data):
        return vforms.TransitionForm(data, action=action,
                                     initial={"version": case.version, "on": today()})

    def apply(case, data):
        version = data.get("version") or 0
        if action == workflow.Action.SEND_BACK:
            return do_send_back(actor=request.user, case=case, reason=data["reason"],
                                expected_version=version)
        return do_transition_case(actor=request.user, case=case, action=action,
                                  reason=data["reason"], on=data["on"], expected_version=version)

    return _step(request, vetting_case_id, title=workflow.label(action), make_form=make_form,
                 apply=apply, done=_("Đã chuyển trạng thái."))


@_writer_view
def case_assign(request, vetting_case_id: int):
    """Name the handling officer and the verification team."""
    def make_form(case, data):
        return vforms.AssignForm(data, case=case, initial={
            "version": case.version, "officer": case.officer_id,
            "team": [u.pk for u in case.team.all()]})

    def apply(case, data):
        do_assign_case(actor=request.user, case=case, officer=data["officer"],
                       team=list(data["team"]), expected_version=data.get("version") or 0,
                       reason=data.get("reason", ""))

    return _step(request, vetting_case_id, title=_("Phân công cán bộ thụ lý, tổ thẩm tra"),
                 make_form=make_form, apply=apply, done=_("Đã phân công."))


@_writer_view
def relative_add(request, vetting_case_id: int):
    """Add a relative the declaration form asks for."""
    return _step(request, vetting_case_id, title=_("Thêm thân nhân"),
                 make_form=lambda case, data: vforms.RelativeForm(data),
                 apply=lambda case, data: do_add_relative(actor=request.user, case=case,
                                                          data=data),
                 done=_("Đã thêm thân nhân."),
                 intro=_("Chỉ các quan hệ mẫu lý lịch yêu cầu: cha, mẹ, cha mẹ vợ (chồng), "
                         "vợ (chồng), con đã trưởng thành."))


@_writer_view
def finding_add(request, vetting_case_id: int):
    """Record a verified fact, about the subject or one relative, with evidence documents."""
    return _step(request, vetting_case_id, title=_("Ghi nội dung xác minh"),
                 make_form=lambda case, data: vforms.FindingForm(
                     data, case=case, user=request.user, initial={"recorded_on": today()}),
                 apply=lambda case, data: do_add_finding(actor=request.user, case=case,
                                                         data=data),
                 done=_("Đã ghi nội dung xác minh."))


@_writer_view
def request_raise(request, vetting_case_id: int):
    """Raise a verification request into the coordination ledger."""
    return _step(request, vetting_case_id, title=_("Gửi yêu cầu thẩm tra, xác minh"),
                 make_form=lambda case, data: vforms.RaiseRequestForm(
                     data, case=case, user=request.user, initial={"sent_on": today()}),
                 apply=lambda case, data: do_raise_request(actor=request.user, case=case,
                                                           data=dict(data["request_data"])),
                 done=_("Đã ghi yêu cầu xác minh vào sổ phối hợp."),
                 intro=_("Yêu cầu được ghi vào sổ phối hợp (cùng một sổ), hạn trả lời tính theo "
                         "ngày làm việc."))


@_writer_view
def explanation(request, vetting_case_id: int):
    """Ask for the subject's explanation; record it, or note its absence after the deadline."""
    case_probe = _fetch(request, vetting_case_id)
    open_one = case_probe.explanations.filter(received_on__isnull=True,
                                              absence_noted_on__isnull=True).first()
    if open_one is None:
        return _step(request, vetting_case_id, title=_("Đề nghị giải trình"),
                     make_form=lambda case, data: vforms.ExplanationRequestForm(
                         data, initial={"requested_on": today()}),
                     apply=lambda case, data: do_request_explanation(
                         actor=request.user, case=case, data=data),
                     done=_("Đã ghi đề nghị giải trình."))
    if request.method == "POST" and request.POST.get("absent"):
        case, gate = _actionable(request, vetting_case_id)
        if gate is not None:
            return gate
        try:
            do_note_no_explanation(actor=request.user, explanation=open_one)
        except RuleBroken as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Đã ghi nhận đối tượng không giải trình."))
        return redirect("vetting:detail", vetting_case_id=vetting_case_id)
    return _step(request, vetting_case_id, title=_("Ghi nhận giải trình"),
                 make_form=lambda case, data: vforms.ExplanationRecordForm(
                     data, initial={"received_on": today()}),
                 apply=lambda case, data: do_record_explanation(
                     actor=request.user, explanation=open_one, data=data),
                 done=_("Đã ghi nhận giải trình."),
                 intro=_("Hạn giải trình: %(due)s. Quá hạn mà không có giải trình thì ghi nhận "
                         "“không giải trình”.") % {"due": open_one.due_on.strftime("%d/%m/%Y")})


@_writer_view
def conclusion_propose(request, vetting_case_id: int):
    """Propose an outcome (chosen by the officer: nothing is pre-selected)."""
    return _step(request, vetting_case_id, title=_("Đề xuất kết luận"),
                 make_form=lambda case, data: vforms.ConclusionForm(
                     data, initial={"version": case.version}),
                 apply=lambda case, data: do_propose_conclusion(
                     actor=request.user, case=case, data=data,
                     expected_version=data.get("version") or 0),
                 done=_("Đã đề xuất kết luận."),
                 intro=_("Kết luận bất lợi (có giới hạn, không đủ tiêu chuẩn) cần giải trình của "
                         "đối tượng trước, và người phê duyệt thứ hai."))


@access.role_required(Role.ADMIN, Role.LEADER)
@require_http_methods(["POST"])
def conclusion_approve(request, vetting_case_id: int):
    """Second named approval of an adverse proposal."""
    case, gate = _actionable(request, vetting_case_id)
    if gate is not None:
        return gate
    try:
        do_approve_conclusion(actor=request.user, case=case)
    except REFUSALS as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Đã phê duyệt (người thứ hai)."))
    return redirect("vetting:detail", vetting_case_id=case.pk)


@access.role_required(Role.ADMIN, Role.LEADER)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def conclusion_decide(request, vetting_case_id: int):
    """The named decider of the competent body concludes."""
    return _step(request, vetting_case_id, title=_("Kết luận"),
                 make_form=lambda case, data: vforms.DecideForm(
                     data, user=request.user, initial={"version": case.version,
                                                       "decided_on": today()}),
                 apply=lambda case, data: do_decide_conclusion(
                     actor=request.user, case=case, data=data,
                     expected_version=data.get("version") or 0),
                 done=_("Đã kết luận."),
                 intro=_("Bạn là người kết luận; ngày xem xét lại mặc định theo quy định của mục "
                         "đích thẩm định."))


@_writer_view
def complaint(request, vetting_case_id: int):
    """File a complaint against the conclusion, or settle the open one."""
    case_probe = _fetch(request, vetting_case_id)
    open_one = case_probe.complaints.filter(result="").first()
    if open_one is None:
        return _step(request, vetting_case_id, title=_("Ghi nhận khiếu nại"),
                     make_form=lambda case, data: vforms.ComplaintForm(
                         data, initial={"filed_on": today()}),
                     apply=lambda case, data: do_file_complaint(actor=request.user, case=case,
                                                                data=data),
                     done=_("Đã ghi nhận khiếu nại."))
    return _step(request, vetting_case_id, title=_("Giải quyết khiếu nại"),
                 make_form=lambda case, data: vforms.SettleComplaintForm(
                     data, initial={"result_on": today()}),
                 apply=lambda case, data: do_settle_complaint(actor=request.user,
                                                              complaint=open_one, data=data),
                 done=_("Đã ghi kết quả giải quyết khiếu nại."),
                 intro=_("Hạn giải quyết: %(due)s.") % {"due": open_one.due_on.strftime("%d/%m/%Y")})


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

