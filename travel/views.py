"""Pages of trips abroad: list with overdue filters, the trip with its approvals, differences
and timeline, request, workflow moves, a committee's opinion, the passport's return."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.choices import WRITER_ROLES
from audit.choices import AuditAction
from audit.models import AuditEvent
from coordination.views import _styled
from core import access
from core.access import get_visible_or_404
from core.errors import EditConflict, NotAllowed
from core.need_to_know import read_gate
from travel import guards, services, workflow
from travel.choices import COUNTRIES, Decision, Status
from travel.forms import (
    ApprovalForm,
    ContactReportForm,
    FilterForm,
    ForeignElementForm,
    IncomingVisitForm,
    PassportForm,
    TransitionForm,
    TripForm,
)
from travel.models import ContactReport, ForeignElement, IncomingVisit, Trip

PAGE_SIZE = 50
WRITERS = tuple(WRITER_ROLES)
TARGET_TYPE = Trip._meta.label_lower


def _visible(user):
    return Trip.objects.visible_to(user).select_related("org_unit")


def _fetch(request, trip_id: int) -> Trip:
    return get_visible_or_404(_visible(request.user), request.user, pk=trip_id)


def _gate(request, trip):
    return read_gate(request, trip, back_url=reverse("travel:list"))


def listed_trips(request):
    """(filter form, every trip the list shows, latest departure first): page and export."""
    form = FilterForm(request.GET or None)
    trips = _visible(request.user).prefetch_related("members__person")
    if form.is_bound and form.is_valid():
        trips = form.apply(trips, services.today())
    return form, trips


@access.login_required
@require_http_methods(["GET", "HEAD"])
def trip_list(request):
    """Trips in scope, filtered by status and by flag (overdue return, report, passport)."""
    form, trips = listed_trips(request)
    on = services.today()
    paginator = Paginator(trips, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [{"obj": t, "flags": t.flags(on), "leader": t.leader()} for t in page.object_list]
    return render(request, "travel/list.html", {
        "form": _styled(form), "page": page, "rows": rows, "total": paginator.count,
        "query": query.urlencode(), "can_write": request.user.role in WRITER_ROLES})


@access.login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def trip_detail(request, trip_id: int):
    """The trip: travellers, countries, approvals, dates planned and actual, flags, timeline."""
    trip = _fetch(request, trip_id)
    blocked = _gate(request, trip)
    if blocked:
        return blocked
    on = services.today()
    role = request.user.role
    actions = [(a, workflow.label(a)) for a in workflow.available_actions(trip.status, role)]
    differences = services.differences(trip)
    return render(request, "travel/detail.html", {
        "obj": trip, "members": trip.members.select_related("person"),
        "countries": [COUNTRIES.get(c, c) for c in trip.countries()],
        "actual_countries": [COUNTRIES.get(c, c) for c in trip.countries(actual=True)],
        "not_visited": [COUNTRIES.get(c, c) for c in differences["not_visited"]],
        "added": [COUNTRIES.get(c, c) for c in differences["added"]],
        "differences": differences,
        "approvals": trip.approvals.select_related("committee", "approver"),
        "blocking": guards.trip_blocking_reasons(trip)
        if trip.status in (Status.DRAFT, Status.CELL_REVIEW, Status.SUBMITTED) else [],
        "flags": trip.flags(on), "actions": actions,
        "can_write": role in WRITER_ROLES,
        "can_decide": role in services.APPROVER_ROLES and trip.status == Status.SUBMITTED,
        "can_passport": role in WRITER_ROLES and trip.actual_return_on
        and not trip.passport_returned_on,
        "timeline": _timeline(request.user, trip),
    })


def _timeline(user, trip) -> list[dict]:
    events = (AuditEvent.objects.visible_to(user)
              .filter(target_type=TARGET_TYPE, target_id=str(trip.pk))
              .exclude(action=AuditAction.READ).order_by("id")[:200])
    result = []
    for event in events:
        after = event.after or {}
        move = ""
        if after.get("action") in workflow.TRANSITIONS:
            move = workflow.label(after["action"])
            if after.get("status") in Status.values:
                move = f"{move} → {Status(after['status']).label}"
        elif "approval_id" in after:
            decision = after.get("decision")
            move = str(_("Ý kiến của cấp ủy: %(d)s") % {
                "d": Decision(decision).label if decision in Decision.values else decision})
        result.append({"event": event, "move": move})
    return result


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def trip_create(request):
    """Request a trip for one person or a delegation."""
    form = TripForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            trip = services.do_create_trip(actor=request.user, data=form.trip_data(),
                                           members=form.members(),
                                           countries=form.cleaned_data["countries"])
        except workflow.Refused as refused:
            form.add_error(None, refused.message)
        except NotAllowed:
            form.add_error(None, _("Bạn không được lập hồ sơ cho đơn vị hoặc độ mật này."))
        else:
            messages.success(request, _("Đã lập hồ sơ chuyến đi."))
            return redirect("travel:detail", trip_id=trip.pk)
    return render(request, "travel/form.html", {"form": _styled(form)})


def _refusal(form, call):
    """Run ``call``; put its refusal on the form. True when it went through."""
    try:
        call()
    except EditConflict as conflict:
        form.add_error(None, conflict.message)
    except workflow.Refused as refused:
        form.add_error(None, refused.message)
    except NotAllowed:
        form.add_error(None, _("Bạn không được thực hiện thao tác này trên hồ sơ."))
    else:
        return True
    return False


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def trip_transition(request, trip_id: int):
    """Confirm and apply one move with its date (guards checked by the services)."""
    trip = _fetch(request, trip_id)
    blocked = _gate(request, trip)
    if blocked:
        return blocked
    action = request.POST.get("action") or request.GET.get("action", "")
    if action not in workflow.TRANSITIONS:
        raise Http404
    form = TransitionForm(request.POST or None, initial={
        "version": trip.version, "on": services.today(), "countries": trip.countries()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _refusal(form, lambda: services.do_transition_trip(
                actor=request.user, trip=trip, action=action, on=data["on"],
                reason=data["reason"], text=data["text"],
                countries=data["countries"] if action == workflow.Action.RETURN else None,
                expected_version=data.get("version") or 0)):
            messages.success(request, _("Đã chuyển trạng thái."))
            return redirect("travel:detail", trip_id=trip.pk)
    transition = workflow.TRANSITIONS[action]
    return render(request, "travel/transition.html", {
        "form": _styled(form), "obj": trip, "action": action, "label": transition.label,
        "takes_text": action in (workflow.Action.REPORT, workflow.Action.REVIEW),
        "takes_countries": action == workflow.Action.RETURN,
        "needs_reason": transition.reason_required})


@access.role_required(*services.APPROVER_ROLES)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def approval_decide(request, trip_id: int):
    """Record the opinion of one committee (?committee=<unit id>), given by the signed-in user."""
    trip = _fetch(request, trip_id)
    blocked = _gate(request, trip)
    if blocked:
        return blocked
    committee = request.POST.get("committee") or request.GET.get("committee", "")
    approval = trip.approvals.filter(committee_id=committee if committee.isdigit() else 0,
                                     decision=Decision.PENDING).select_related("committee").first()
    if approval is None:
        raise Http404
    form = ApprovalForm(request.POST or None, initial={"decided_on": services.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _refusal(form, lambda: services.do_decide_approval(
                actor=request.user, approval=approval, decision=data["decision"],
                decided_on=data["decided_on"], reason=data["reason"],
                document_number=data["document_number"])):
            messages.success(request, _("Đã ghi ý kiến của cấp ủy."))
            return redirect("travel:detail", trip_id=trip.pk)
    return render(request, "travel/approval.html", {"form": _styled(form), "obj": trip,
                                                    "approval": approval})


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def passport_return(request, trip_id: int):
    """Record the passport handed back after the return."""
    trip = _fetch(request, trip_id)
    blocked = _gate(request, trip)
    if blocked:
        return blocked
    form = PassportForm(request.POST or None, initial={"on": services.today()})
    if request.method == "POST" and form.is_valid():
        if _refusal(form, lambda: services.do_record_passport(
                actor=request.user, trip=trip, on=form.cleaned_data["on"])):
            messages.success(request, _("Đã ghi nộp lại hộ chiếu."))
            return redirect("travel:detail", trip_id=trip.pk)
    return render(request, "travel/passport.html", {"form": _styled(form), "obj": trip})


# Declared foreign elements, incoming visits and contact reports: small pages of one kind each.

RECORDS = {
    "visit": {"model": IncomingVisit, "form": IncomingVisitForm,
              "service": services.do_record_incoming_visit, "kwarg": "visit_id",
              "title": _("Đoàn vào"), "add": _("Ghi đoàn vào"),
              "columns": ["delegation", "country", "org_unit", "arrived_on", "left_on"],
              "fields": ["delegation", "country", "purpose", "org_unit", "arrived_on",
                         "left_on", "approval_document"]},
    "contact": {"model": ContactReport, "form": ContactReportForm,
                "service": services.do_file_contact_report, "kwarg": "contact_report_id",
                "title": _("Báo cáo làm việc với nước ngoài"), "add": _("Nộp báo cáo"),
                "columns": ["contacted_on", "counterpart", "country", "person", "org_unit"],
                "fields": ["contacted_on", "counterpart", "country", "purpose", "person",
                           "org_unit", "material_provided", "approval_document"]},
    "element": {"model": ForeignElement, "form": ForeignElementForm,
                "service": services.do_declare_foreign_element, "kwarg": "foreign_element_id",
                "title": _("Yếu tố nước ngoài đã kê khai"), "add": _("Ghi nội dung kê khai"),
                "columns": ["person", "kind", "declared_on", "approval_document"],
                "fields": ["person", "kind", "details", "declared_on", "approved_by",
                           "approval_document", "approved_on"]},
}


def _cells(record, names) -> list[tuple[str, object]]:
    """(label, shown value) of ``names``: choice labels, dd/mm/yyyy dates."""
    cells = []
    for name in names:
        field = record._meta.get_field(name)
        value = getattr(record, name)
        if getattr(field, "choices", None):
            value = getattr(record, f"get_{name}_display")()
        elif hasattr(value, "strftime"):
            value = f"{value:%d/%m/%Y}"
        elif hasattr(value, "full_name"):
            value = value.full_name
        elif hasattr(value, "name") and not isinstance(value, str):
            value = value.name
        cells.append((field.verbose_name, value if value not in (None, "") else "—"))
    return cells


def listed_records(request, kind: str):
    """The visible visits, contact reports or foreign elements (page: first 500; export: all)."""
    spec = RECORDS[kind]
    model = spec["model"]
    # The linked person and unit of each row in the same query (no query per row).
    linked = [n for n in spec["columns"] if model._meta.get_field(n).is_relation]
    return model.objects.visible_to(request.user).select_related(*linked)


def _record_list(request, kind: str):
    spec = RECORDS[kind]
    records = listed_records(request, kind)[:500]
    rows = [{"pk": r.pk, "cells": _cells(r, spec["columns"])} for r in records]
    headers = [spec["model"]._meta.get_field(n).verbose_name for n in spec["columns"]]
    return render(request, "travel/records.html", {
        "spec": spec, "kind": kind, "rows": rows, "headers": headers,
        "can_write": request.user.role in WRITER_ROLES})


def _record_detail(request, kind: str, pk: int):
    spec = RECORDS[kind]
    record = get_visible_or_404(spec["model"], request.user, pk=pk)
    blocked = read_gate(request, record, back_url=reverse(f"travel:{kind}_list"))
    if blocked:
        return blocked
    return render(request, "travel/record.html", {
        "spec": spec, "kind": kind, "obj": record, "cells": _cells(record, spec["fields"])})


def _record_create(request, kind: str):
    spec = RECORDS[kind]
    form = spec["form"](request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            record = spec["service"](actor=request.user, data=form.cleaned_data)
        except workflow.Refused as refused:
            form.add_error(None, refused.message)
        except NotAllowed:
            form.add_error(None, _("Bạn không được ghi hồ sơ cho đơn vị hoặc độ mật này."))
        else:
            messages.success(request, _("Đã lưu."))
            return redirect(f"travel:{kind}_detail", **{spec["kwarg"]: record.pk})
    return render(request, "travel/record_form.html", {"spec": spec, "kind": kind,
                                                       "form": _styled(form)})


@access.login_required
@require_http_methods(["GET", "HEAD"])
def visit_list(request):
    """Official incoming visits hosted by units in scope."""
    return _record_list(request, "visit")


@access.login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def visit_detail(request, visit_id: int):
    """One incoming visit: nothing about the visitors beyond the visit itself."""
    return _record_detail(request, "visit", visit_id)


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def visit_create(request):
    """Record an incoming visit."""
    return _record_create(request, "visit")


@access.login_required
@require_http_methods(["GET", "HEAD"])
def contact_list(request):
    """Cadres' reports of working contacts with foreign organisations or persons."""
    return _record_list(request, "contact")


@access.login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def contact_detail(request, contact_report_id: int):
    """One contact report."""
    return _record_detail(request, "contact", contact_report_id)


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def contact_create(request):
    """File a contact report."""
    return _record_create(request, "contact")


@access.login_required
@require_http_methods(["GET", "HEAD"])
def element_list(request):
    """Foreign elements members declared, with their approval."""
    return _record_list(request, "element")


@access.login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def element_detail(request, foreign_element_id: int):
    """One declared foreign element."""
    return _record_detail(request, "element", foreign_element_id)


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def element_create(request):
    """Record a declared foreign element."""
    return _record_create(request, "element")
