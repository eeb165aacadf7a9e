"""Pages: catalogues (with versions), positions (holders history), assign / end a holder, and the
compliance list (holders without a valid fit conclusion, positions without a holder)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.choices import WRITER_ROLES
from coordination.forms import local_today
from core import access
from core.access import get_visible_or_404
from core.errors import EditConflict
from core.need_to_know import is_reason_post, read_gate
from positions import compliance
from positions.fitness import conclusion_fit_for
from positions.forms import AssignForm, CatalogueForm, ComplianceFilterForm, EndForm, PositionForm
from positions.models import Catalogue, Holding, Position
from positions.services import (
    OverrideRequired,
    RuleBroken,
    do_add_position,
    do_assign_holder,
    do_create_catalogue,
    do_end_holding,
)

WRITERS = tuple(WRITER_ROLES)
SECTION = {"section": "positions"}


def listed_catalogues(request):
    """(?all=1 given, the catalogues the list shows): the page (first 500) and its export."""
    catalogues = Catalogue.objects.visible_to(request.user).select_related("org_unit")
    show_all = request.GET.get("all") == "1"
    if not show_all:
        catalogues = catalogues.in_force(local_today())
    return show_all, catalogues


@access.login_required
@require_http_methods(["GET", "HEAD"])
def catalogue_list(request):
    """Catalogues in scope, the one in force first for each unit; ?all=1 adds old versions."""
    show_all, catalogues = listed_catalogues(request)
    return render(request, "positions/catalogue_list.html", {
        **SECTION, "catalogues": catalogues[:500], "show_all": show_all,
        "can_write": request.user.role in WRITER_ROLES})


@access.role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def catalogue_create(request):
    form = CatalogueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            catalogue = do_create_catalogue(actor=request.user, data=data,
                                            positions=data["positions"])
        except RuleBroken as exc:
            form.add_error("valid_from", str(exc))
        else:
            messages.success(request, _("Đã lưu danh mục."))
            return redirect("positions:catalogue", catalogue_id=catalogue.pk)
    return render(request, "positions/form.html", {
        **SECTION, "form": form, "title": _("Danh mục vị trí mới")})


@access.login_required
@require_http_methods(["GET", "HEAD", "POST"])
def catalogue_detail(request, catalogue_id):
    catalogue = get_visible_or_404(Catalogue.objects.select_related("org_unit"), request.user,
                                   pk=catalogue_id)
    blocked = read_gate(request, catalogue, back_url=reverse("positions:catalogues"))
    if blocked:
        return blocked
    can_write = request.user.role in WRITER_ROLES
    form = PositionForm(request.POST if request.method == "POST" and not is_reason_post(
        request) else None)
    if request.method == "POST" and not is_reason_post(request):
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                do_add_position(actor=request.user, catalogue=catalogue, data=form.cleaned_data)
            except RuleBroken as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã thêm vị trí."))
                return redirect("positions:catalogue", catalogue_id=catalogue.pk)
    versions = (Catalogue.objects.visible_to(request.user).filter(org_unit=catalogue.org_unit)
                .order_by("-valid_from"))
    return render(request, "positions/catalogue_detail.html", {
        **SECTION, "catalogue": catalogue, "positions": catalogue.positions.all(),
        "versions": versions, "form": form, "can_write": can_write})


@access.login_required
@require_http_methods(["GET", "HEAD", "POST"])
def position_detail(request, position_id):
    position = get_visible_or_404(Position.objects.select_related("catalogue__org_unit"),
                                  request.user, pk=position_id)
    blocked = read_gate(request, position.catalogue, back_url=reverse("positions:catalogues"))
    if blocked:
        return blocked
    on = local_today()
    holdings = list(Holding.objects.visible_to(request.user).filter(position=position)
                    .select_related("person", "override_by"))
    for holding in holdings:
        holding.fit = conclusion_fit_for(holding.person, position, on)
    return render(request, "positions/position_detail.html", {
        **SECTION, "position": position, "holdings": holdings, "today": on,
        "can_write": request.user.role in WRITER_ROLES and position.catalogue.in_force_on(on)})


@access.role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def holding_assign(request, position_id):
    """Assign a holder: shows the fitness result; an unfit one needs the override and reason."""
    position = get_visible_or_404(Position.objects.select_related("catalogue__org_unit"),
                                  request.user, pk=position_id)
    blocked = read_gate(request, position.catalogue, back_url=reverse("positions:catalogues"))
    if blocked:
        return blocked
    form = AssignForm(request.POST or None, user=request.user,
                      initial={"started_on": local_today()})
    fit = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fit = conclusion_fit_for(data["person"], position, data["started_on"])
        try:
            do_assign_holder(actor=request.user, position=position, person=data["person"],
                             started_on=data["started_on"], override=data["override"],
                             override_reason=data["override_reason"])
        except OverrideRequired as exc:
            form.add_error("override", str(exc.message))
        except RuleBroken as exc:
            form.add_error("started_on", str(exc))
        else:
            messages.success(request, _("Đã bố trí người đảm nhiệm."))
            return redirect("positions:position", position_id=position.pk)
    return render(request, "positions/assign.html", {
        **SECTION, "position": position, "form": form, "fit": fit})


@access.role_required(*WRITERS)
@require_http_methods(["GET", "POST"])
def holding_end(request, holding_id):
    holding = get_visible_or_404(
        Holding.objects.select_related("person", "position__catalogue__org_unit"),
        request.user, pk=holding_id)
    blocked = read_gate(request, holding.position.catalogue,
                        back_url=reverse("positions:catalogues"))
    if blocked:
        return blocked
    form = EndForm(request.POST or None, initial={"ended_on": local_today(),
                                                  "version": holding.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_end_holding(actor=request.user, holding=holding, ended_on=data["ended_on"],
                           expected_version=data["version"], reason=data["reason"])
        except EditConflict as exc:
            form.add_error(None, str(exc.message))
        except RuleBroken as exc:
            form.add_error("ended_on", str(exc))
        else:
            messages.success(request, _("Đã kết thúc việc đảm nhiệm."))
            return redirect("positions:position", position_id=holding.position_id)
    return render(request, "positions/form.html", {
        **SECTION, "form": form, "title": _("Kết thúc đảm nhiệm: %(name)s")
        % {"name": holding.person.full_name}})


def compliance_rows(request):
    """(form, date, flagged holders, vacant positions queryset) for the page and its exports."""
    form = ComplianceFilterForm(request.GET or None, user=request.user)
    on, unit, level = local_today(), None, ""
    if form.is_bound and form.is_valid():
        on = form.cleaned_data["on"] or on
        unit, level = form.cleaned_data["unit"], form.cleaned_data["level"]
    if form.is_bound and not form.is_valid():
        return form, on, [], Position.objects.none()
    return (form, on, compliance.unfit_holders(request.user, on, unit, level),
            compliance.vacant_positions(request.user, on, unit, level))


@access.login_required
@require_http_methods(["GET", "HEAD"])
def compliance_list(request):
    """Holders without a valid fit conclusion and positions without a holder, filtered."""
    form, on, flags, vacant = compliance_rows(request)
    vacant = list(vacant[:1000])
    return render(request, "positions/compliance.html", {
        **SECTION, "form": form, "flags": flags, "vacant": vacant, "on": on})
