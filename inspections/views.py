"""Pages of inspection and supervision: programmes, inspections, their workflow and follow-up."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.choices import WRITER_ROLES
from audit.models import AuditEvent
from audit.services import record_read
from core import access
from core.access import get_visible_or_404
from core.errors import EditConflict, NotAllowed
from core.need_to_know import is_reason_post, read_gate, remembered_reason
from inspections import forms as f
from inspections import services, workflow
from inspections.choices import InspectionType, Kind, Status
from inspections.documents import programme_docx
from inspections.models import Appeal, Inspection, Programme, RemediationItem, Subject
from orgs.models import OrgUnit
from people.models import Person

PAGE_SIZE = 50
# Session key: {inspection id: reason} given this session for classified inspections.
WRITERS = tuple(WRITER_ROLES)


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


# --- lists ------------------------------------------------------------------------------------


def listed_inspections(request):
    """(the visible inspections narrowed by the list's filters, newest first; the search text).

    The page and its export both read this; unknown filter values are ignored.
    """
    rows = Inspection.objects.visible_to(request.user).select_related("org_unit", "programme")
    params = request.GET
    if params.get("kind") in Kind.values:
        rows = rows.filter(kind=params["kind"])
    if params.get("type") in InspectionType.values:
        rows = rows.filter(type=params["type"])
    if params.get("status") in Status.values:
        rows = rows.filter(status=params["status"])
    if params.get("year", "").isdigit():
        rows = rows.filter(programme__year=int(params["year"]))
    if params.get("unit", "").strip():
        # The inspecting body's subtree, fetched through the access policy (forged id = 404).
        unit = get_visible_or_404(OrgUnit, request.user, pk=params["unit"].strip())
        rows = rows.filter(org_unit__path__startswith=unit.path)
    if params.get("overdue") == "1":
        rows = rows.overdue(f.today())
    q = "".join(ch for ch in params.get("q", "") if ch.isprintable()).strip()[:100]
    if q:
        rows = rows.filter(title__icontains=q)
    return rows.order_by("-pk"), q


@access.login_required
@require_http_methods(["GET", "HEAD"])
def inspection_list(request):
    """Inspections and supervisions the user may see, filtered, page by page."""
    rows, q = listed_inspections(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": q, "kinds": Kind.choices, "types": InspectionType.choices,
               "statuses": Status.choices, "params": request.GET, "today": f.today(),
               "can_write": request.user.role in WRITER_ROLES}
    return render(request, "inspections/list.html", context)


def overdue_remediation(request):
    """Every remediation item of the overdue list, earliest deadline first (page and export)."""
    return (RemediationItem.objects.visible_to(request.user).overdue(f.today())
            .select_related("inspection", "owner_unit", "subject__org_unit")
            .order_by("deadline", "pk"))


def listed_programmes(request):
    """Every programme of the list, latest year first (page and export)."""
    return (Programme.objects.visible_to(request.user).select_related("org_unit")
            .order_by("-year", "pk"))


@access.login_required
@require_http_methods(["GET", "HEAD"])
def remediation_overdue(request):
    """Remediation items past their deadline and not done."""
    page = Paginator(overdue_remediation(request), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/remediation_overdue.html", {"page": page})


@access.login_required
@require_http_methods(["GET", "HEAD"])
def programme_list(request):
    page = Paginator(listed_programmes(request), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/programme_list.html",
                  {"page": page, "can_write": request.user.role in WRITER_ROLES})


# --- programme --------------------------------------------------------------------------------


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def programme_create(request):
    form = f.ProgrammeForm(request.POST or None, user=request.user,
                           initial={"org_unit": request.user.org_unit_id, "year": f.today().year})
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.do_create_programme(actor=request.user, data=form.cleaned_data)
        except NotAllowed:
            form.add_error(None, _("Bạn không có quyền lập chương trình cho đơn vị này."))
        else:
            messages.success(request, _("Đã lập chương trình."))
            return redirect("inspections:programme_detail", programme_id=programme.pk)
    _style(form)
    return render(request, "inspections/form.html",
                  {"form": form, "title": _("Lập chương trình kiểm tra, giám sát")})


@access.login_required
@require_http_methods(["GET", "HEAD"])
def programme_detail(request, programme_id: int):
    programme = get_visible_or_404(Programme.objects.select_related("org_unit"), request.user,
                                   pk=programme_id)
    if programme.classification:
        record_read(actor=request.user, target=programme, reason=str(_("Xem chương trình")))
    inspections = Inspection.objects.visible_to(request.user).filter(programme=programme)
    return render(request, "inspections/programme_detail.html", {
        "programme": programme, "inspections": inspections.order_by("planned_month", "pk"),
        "can_write": request.user.role in WRITER_ROLES})


@access.login_required
@require_http_methods(["GET", "HEAD"])
def programme_download(request, programme_id: int):
    """The programme as a DOCX in the party document format."""
    programme = get_visible_or_404(Programme.objects.select_related("org_unit"), request.user,
                                   pk=programme_id)
    if programme.classification:
        record_read(actor=request.user, target=programme, reason=str(_("Tải chương trình")))
    content = programme_docx(programme, request.user)
    response = HttpResponse(content, content_type=(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
    response["Content-Disposition"] = f'attachment; filename="chuong-trinh-{programme.pk}.docx"'
    return response


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def inspection_create(request, programme_id: int):
    programme = get_visible_or_404(Programme.objects.select_related("org_unit"), request.user,
                                   pk=programme_id)
    form = f.InspectionForm(request.POST or None, user=request.user, programme=programme,
                            initial={"classification": programme.classification})
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.do_create_inspection(actor=request.user, programme=programme,
                                                       data=form.cleaned_data)
        except NotAllowed:
            form.add_error(None, _("Bạn không có quyền thêm cuộc kiểm tra vào chương trình này."))
        else:
            messages.success(request, _("Đã thêm cuộc kiểm tra, giám sát."))
            return redirect("inspections:detail", inspection_id=inspection.pk)
    _style(form)
    return render(request, "inspections/form.html",
                  {"form": form, "title": _("Thêm cuộc kiểm tra, giám sát"), "programme": programme})


# --- inspection -------------------------------------------------------------------------------


def _inspection(request, inspection_id: int) -> Inspection:
    return get_visible_or_404(Inspection.objects.select_related("org_unit", "programme",
                                                                "follow_up_of"),
                              request.user, pk=inspection_id)


def _action_forms(request, inspection: Inspection) -> dict:
    """Empty forms of every action the detail page offers (replaced by a bound one on error)."""
    user = request.user
    steps = workflow.next_steps(inspection.status, user.role)
    transition = f.TransitionForm(initial={"version": inspection.version, "on": f.today()})
    transition.fields["target"].choices = [(t.target, Status(t.target).label) for t in steps]
    return {
        "transition_form": transition,
        "extension_form": f.ExtensionForm(initial={"version": inspection.version,
                                                   "on": f.today()}),
        "subject_form": f.SubjectForm(user=user, inspection=inspection),
        "team_form": f.TeamMemberForm(user=user, inspection=inspection),
        "document_form": f.DocumentForm(inspection=inspection),
        "remediation_form": f.RemediationForm(user=user, inspection=inspection),
        "edit_form": f.InspectionForm(user=user, programme=inspection.programme, initial={
            **{name: getattr(inspection, name) for name in services.INSPECTION_FIELDS},
            "version": inspection.version}),
    }


def _subjects(user, inspection: Inspection) -> list[dict]:
    """Subjects with their conclusion; a member's name only when the user may see the person."""
    subjects = list(inspection.subjects.select_related("org_unit", "person", "conclusion"))
    person_ids = [s.person_id for s in subjects if s.person_id]
    visible = set(Person.objects.visible_to(user).filter(pk__in=person_ids)
                  .values_list("pk", flat=True))
    rows = []
    for subject in subjects:
        if subject.org_unit_id:
            name = subject.org_unit.name
        else:
            name = subject.person.full_name if subject.person_id in visible else _(
                "Đảng viên (hồ sơ ngoài phạm vi hoặc độ mật của bạn)")
        conclusion = getattr(subject, "conclusion", None)
        rows.append({"subject": subject, "name": name, "conclusion": conclusion,
                     "findings": list(subject.findings.all()),
                     "appeals": list(conclusion.appeals.all()) if conclusion else []})
    return rows


def _timeline(user, inspection: Inspection) -> list[tuple]:
    """The inspection's audit events (who, when, why) with the status each transition reached."""
    events = (AuditEvent.objects.visible_to(user)
              .filter(target_type=inspection._meta.label_lower, target_id=str(inspection.pk))
              .order_by("id"))
    return [(event, _describe(event)) for event in events]


# What a change to a part of the inspection was, from the key its service puts in ``after``.
CHANGE_LABELS = {
    "subject_added": _("Thêm đối tượng"),
    "team_member_added": _("Thêm thành viên đoàn"),
    "document_added": _("Ghi văn bản"),
    "violation": _("Ghi kết luận đối với đối tượng"),
    "appeal_filed": _("Ghi khiếu nại kỷ luật"),
    "appeal_decided": _("Ghi kết quả giải quyết khiếu nại"),
    "remediation_added": _("Giao việc khắc phục"),
    "remediation_done": _("Ghi hoàn thành việc khắc phục"),
    "document_updated": _("Sửa văn bản"),
    "remediation_updated": _("Sửa việc khắc phục"),
    "extension_days": _("Gia hạn"),
}


def _describe(event) -> str:
    """A short phrase for the timeline: the status reached, or which part changed."""
    after = event.after or {}
    if event.action == "TRANSITION":
        label = str(dict(Status.choices).get(after.get("status"), ""))
        on = after.get("on") or ""
        # The step's own date (typed by the user), which may differ from when it was recorded.
        return f"{label}, {on[8:10]}/{on[5:7]}/{on[:4]}" if len(on) == 10 else label
    for key, label in CHANGE_LABELS.items():
        if key in after:
            detail = after.get("number") or (
                after.get("extension_days") if key == "extension_days" else "")
            return f"{label} {detail}".strip()
    return ""


def _render_detail(request, inspection: Inspection, **bound):
    """The detail page; a classified inspection is shown only with a reason, and logged."""
    if bound and inspection.classification and not remembered_reason(request, inspection):
        # An action posted without this session's reason: the record page asks it first.
        return redirect("inspections:detail", inspection_id=inspection.pk)
    blocked = read_gate(request, inspection, back_url=reverse("inspections:list"))
    if blocked is not None:
        return blocked
    context = _action_forms(request, inspection)
    context.update(bound)
    for key, form in list(context.items()):
        _style(form)
        # Several forms on one page: ids prefixed per form so labels point at the right field.
        form.auto_id = f"{key.removesuffix('_form')}_%s"
    team = list(inspection.team.select_related("user", "person"))
    visible = set(Person.objects.visible_to(request.user)
                  .filter(pk__in=[m.person_id for m in team if m.person_id])
                  .values_list("pk", flat=True))
    context.update({
        "inspection": inspection,
        "subjects": _subjects(request.user, inspection),
        "team": [(m, m.user.display_name if m.user_id else (
            m.person.full_name if m.person_id in visible else "—")) for m in team],
        "documents": inspection.documents.select_related("subject"),
        "remediation": inspection.remediation_items.select_related("owner_unit", "checked_by"),
        "follow_ups": Inspection.objects.visible_to(request.user).filter(follow_up_of=inspection),
        "timeline": _timeline(request.user, inspection),
        "today": f.today(),
        "overdue": inspection.is_overdue(f.today()),
        "can_write": request.user.role in WRITER_ROLES,
        "statuses": Status.choices,
    })
    status = 400 if bound else 200
    return render(request, "inspections/detail.html", context, status=status)


@access.login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def inspection_detail(request, inspection_id: int):
    """The inspection: its subjects, team, documents, conclusions, remediation and timeline."""
    inspection = _inspection(request, inspection_id)
    if request.method == "POST" and not (inspection.classification and is_reason_post(request)):
        return redirect("inspections:detail", inspection_id=inspection.pk)
    return _render_detail(request, inspection)


def _run(request, inspection, form_name: str, form, save):
    """Validate ``form``, call ``save``; refusals become form errors on the detail page."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except services.WorkflowError as error:
            form.add_error(None, error.message)
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        except NotAllowed:
            form.add_error(None, _("Bạn không có quyền làm việc này với cuộc kiểm tra này."))
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("inspections:detail", inspection_id=inspection.pk)
    inspection.refresh_from_db()
    return _render_detail(request, inspection, **{form_name: form})


@access.role_required(*WRITERS)
@require_POST
def inspection_edit(request, inspection_id: int):
    """Edit the description (kind, type, title, look-back) with optimistic locking."""
    inspection = _inspection(request, inspection_id)
    form = f.InspectionForm(request.POST, user=request.user, programme=inspection.programme)
    return _run(request, inspection, "edit_form", form, lambda data: services.do_update_inspection(
        actor=request.user, inspection=inspection, data=data,
        expected_version=data.get("version") or 0))


@access.role_required(*WRITERS)
@require_POST
def inspection_transition(request, inspection_id: int):
    inspection = _inspection(request, inspection_id)
    form = f.TransitionForm(request.POST)
    return _run(request, inspection, "transition_form", form,
                lambda data: services.do_transition_inspection(
                    actor=request.user, inspection=inspection, target=data["target"],
                    on=data["on"], reason=data["reason"], expected_version=data["version"]))


@access.role_required(*WRITERS)
@require_POST
def inspection_extend(request, inspection_id: int):
    inspection = _inspection(request, inspection_id)
    form = f.ExtensionForm(request.POST)
    return _run(request, inspection, "extension_form", form,
                lambda data: services.do_extend_inspection(
                    actor=request.user, inspection=inspection, days=data["days"], on=data["on"],
                    reason=data["reason"], expected_version=data["version"]))


@access.role_required(*WRITERS)
@require_POST
def subject_add(request, inspection_id: int):
    inspection = _inspection(request, inspection_id)
    form = f.SubjectForm(request.POST, user=request.user, inspection=inspection)
    return _run(request, inspection, "subject_form", form, lambda data: services.do_add_subject(
        actor=request.user, inspection=inspection, data=data))


@access.role_required(*WRITERS)
@require_POST
def team_add(request, inspection_id: int):
    inspection = _inspection(request, inspection_id)
    form = f.TeamMemberForm(request.POST, user=request.user, inspection=inspection)
    return _run(request, inspection, "team_form", form, lambda data: services.do_add_team_member(
        actor=request.user, inspection=inspection, data=data))


@access.role_required(*WRITERS)
@require_POST
def document_add(request, inspection_id: int):
    inspection = _inspection(request, inspection_id)
    form = f.DocumentForm(request.POST, inspection=inspection)
    return _run(request, inspection, "document_form", form, lambda data: services.do_add_document(
        actor=request.user, inspection=inspection, data=data))


@access.role_required(*WRITERS)
@require_POST
def remediation_add(request, inspection_id: int):
    inspection = _inspection(request, inspection_id)
    form = f.RemediationForm(request.POST, user=request.user, inspection=inspection)
    return _run(request, inspection, "remediation_form", form,
                lambda data: services.do_add_remediation(
                    actor=request.user, inspection=inspection, data=data))


def _subject(request, inspection_id: int, subject_id: int) -> Subject:
    return get_visible_or_404(Subject.objects.select_related("inspection"), request.user,
                              pk=subject_id, inspection_id=inspection_id)


def _sub_page(request, template: str, inspection: Inspection, form, **extra):
    _style(form)
    context = {"inspection": inspection, "form": form, **extra}
    return render(request, template, context, status=400 if form.is_bound else 200)


def _save_sub(request, inspection, form, save):
    """Like _run, for the pages of one subject or item (errors stay on that page)."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except services.WorkflowError as error:
        form.add_error(None, error.message)
    except EditConflict as conflict:
        form.add_error(None, conflict.message)
    except NotAllowed:
        form.add_error(None, _("Bạn không có quyền làm việc này với cuộc kiểm tra này."))
    else:
        messages.success(request, _("Đã lưu."))
        return True
    return False


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def conclusion_edit(request, inspection_id: int, subject_id: int):
    """The conclusion about one subject: violation, findings, discipline recommended / applied."""
    subject = _subject(request, inspection_id, subject_id)
    inspection = subject.inspection
    conclusion = getattr(subject, "conclusion", None) if hasattr(subject, "conclusion") else None
    if request.method != "POST":
        initial = {"version": conclusion.version} if conclusion else {}
        if conclusion:
            initial.update({name: getattr(conclusion, name) for name in (
                "summary", "recommended_discipline", "applied_discipline",
                "discipline_decision", "discipline_decided_on")},
                violation="1" if conclusion.violation else "0",
                findings="\n".join(subject.findings.values_list("text", flat=True)))
        form = f.ConclusionForm(initial=initial)
        return _sub_page(request, "inspections/conclusion_form.html", inspection, form,
                         subject=subject)
    form = f.ConclusionForm(request.POST)
    if _save_sub(request, inspection, form, lambda data: services.do_record_conclusion(
            actor=request.user, subject=subject, data=data,
            expected_version=data.get("version"))):
        return redirect("inspections:detail", inspection_id=inspection.pk)
    return _sub_page(request, "inspections/conclusion_form.html", inspection, form,
                     subject=subject)


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def appeal_create(request, inspection_id: int, subject_id: int):
    """Record the subject's appeal against the discipline applied."""
    subject = _subject(request, inspection_id, subject_id)
    conclusion = getattr(subject, "conclusion", None) if hasattr(subject, "conclusion") else None
    if conclusion is None:
        return redirect("inspections:detail", inspection_id=inspection_id)
    form = f.AppealForm(request.POST or None, conclusion=conclusion)
    if request.method == "POST" and _save_sub(
            request, subject.inspection, form, lambda data: services.do_file_appeal(
                actor=request.user, conclusion=conclusion, data=data)):
        return redirect("inspections:detail", inspection_id=inspection_id)
    return _sub_page(request, "inspections/sub_form.html", subject.inspection, form,
                     title=_("Khiếu nại kỷ luật"),
                     deadline=services.appeal_deadline(conclusion))


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def appeal_decide(request, inspection_id: int, appeal_id: int):
    appeal = get_visible_or_404(Appeal.objects.select_related("conclusion__subject__inspection"),
                                request.user, pk=appeal_id,
                                conclusion__subject__inspection_id=inspection_id)
    inspection = appeal.conclusion.subject.inspection
    form = f.AppealDecisionForm(request.POST or None, appeal=appeal)
    if request.method == "POST" and _save_sub(
            request, inspection, form, lambda data: services.do_decide_appeal(
                actor=request.user, appeal=appeal, data=data)):
        return redirect("inspections:detail", inspection_id=inspection_id)
    return _sub_page(request, "inspections/sub_form.html", inspection, form,
                     title=_("Kết quả giải quyết khiếu nại"))


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def remediation_done(request, inspection_id: int, remediation_item_id: int):
    """Mark one remediation item done (optionally checked by a follow-up inspection)."""
    item = get_visible_or_404(RemediationItem.objects.select_related("inspection"), request.user,
                              pk=remediation_item_id, inspection_id=inspection_id)
    form = f.RemediationDoneForm(request.POST or None, user=request.user, item=item,
                                 initial={"version": item.version, "done_on": f.today()})
    if request.method == "POST" and _save_sub(
            request, item.inspection, form, lambda data: services.do_complete_remediation(
                actor=request.user, item=item, data=data, expected_version=data["version"])):
        return redirect("inspections:detail", inspection_id=inspection_id)
    return _sub_page(request, "inspections/sub_form.html", item.inspection, form,
                     title=_("Hoàn thành việc khắc phục"), item=item)
