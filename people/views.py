"""Pages for people: search/list, the record (need-to-know for classified ones), create, edit."""

import copy

from django import forms
from django.contrib import messages
from django.db import IntegrityError
from django.db.models import Q, prefetch_related_objects
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.choices import WRITER_ROLES, Role
from audit.choices import AuditAction
from audit.models import AuditEvent
from core import access
from core.access import get_visible_or_404
from core.cccd import blind_index, mask_cccd
from core.errors import EditConflict
from core.need_to_know import is_reason_post, read_gate, remembered_reason
from orgs.models import OrgUnit
from people.forms import PersonForm
from people.models import Person, units_hold_at_most
from people.search import search_people
from people.services import do_create_person, do_update_person

PAGE_SIZE = 50
# Scopes of up to this many units and people (a ward, a district-size subtree) are listed from
# their unit ids and sorted whole; larger ones walk the name index (see _browse).
LISTED_UNITS = 2000
SORTED_SCOPE_PEOPLE = 10000
SEARCH_LIMIT = 50
WRITERS = (Role.ADMIN, Role.LEADER, Role.OFFICER)


class ChangeReasonForm(forms.Form):
    """Why a record is being changed; goes to the audit event of the change."""

    change_reason = forms.CharField(
        label=_("Lý do thay đổi"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": _("Lý do quá dài: tối đa %(limit_value)d ký tự.")},
    )


# --- list ------------------------------------------------------------------------------------


@access.login_required
@require_http_methods(["GET", "HEAD"])
def person_list(request):
    """Search box (live with htmx) over the visible people, or all of them page by page."""
    q = _query(request)
    unit = _unit_filter(request)
    context = {"q": q, "unit": unit, "can_write": request.user.role in WRITER_ROLES}
    context.update(_search(request.user, q, unit) if q else _browse(request, unit))
    partial = request.htmx and not request.htmx.history_restore_request
    template = "people/_results.html" if partial else "people/list.html"
    response = render(request, template, context)
    # The same URL answers a full page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _unit_filter(request):
    """The unit of ?unit=<id>, fetched through the access policy (forged id = 404)."""
    unit_id = request.GET.get("unit", "").strip()
    if not unit_id:
        return None
    return get_visible_or_404(OrgUnit, request.user, pk=unit_id)


def _browse(request, unit) -> dict:
    """No query: the visible people by folded name, a page at a time (keyset, no COUNT(*)).

    A page starts after (or ends before) a person named in the URL, so every page costs the
    same: the (name_folded, id) index is walked from there, and one extra row tells whether
    there is more. A small scope is read through its unit ids instead, so a ward does not walk
    the names of the whole country to find its own.
    """
    user = request.user
    people = scoped_people(user, unit)
    before = _cursor(user, request.GET.get("before"))
    rows = []
    if before:
        rows = list(people.filter(_sorts_before(before))
                    .order_by("-name_folded", "-pk")[: PAGE_SIZE + 1])
        has_previous, has_next = len(rows) > PAGE_SIZE, True
        rows = rows[:PAGE_SIZE][::-1]
    if not rows:  # no cursor, an "after" one, or nothing before the first person
        after = None if before else _cursor(user, request.GET.get("after"))
        if after:
            people = people.filter(_sorts_after(after))
        rows = list(people.order_by("name_folded", "pk")[: PAGE_SIZE + 1])
        has_previous, has_next = after is not None, len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
    page = {
        "has_previous": has_previous,
        "has_next": has_next,
        "previous_before": rows[0].pk if rows else None,
        "next_after": rows[-1].pk if rows else None,
    }
    return {"people": rows, "page": page, "mode": ""}


def scoped_people(user, unit):
    """The visible people of the list (of ``unit``'s subtree if given), not yet ordered."""
    people = Person.objects.visible_to(user).select_related("org_unit")
    units = _listed_units(user, unit)
    if units is not None and _is_small(units):
        return people.filter(org_unit_id__in=units)  # narrows visible_to: the same subtree
    # The scope's own root adds nothing to visible_to; filtering on it again made PostgreSQL
    # square the path's selectivity and sort a whole province (640 ms instead of 6).
    if unit is not None and unit.path != access.scope_path(user):
        return people.filter(org_unit__path__startswith=unit.path)
    return people


def listed_people(request):
    """Every row the list shows for this querystring, all pages: the page and its export."""
    q = _query(request)
    unit = _unit_filter(request)
    if q:
        return _search(request.user, q, unit)["people"]
    return scoped_people(request.user, unit).order_by("name_folded", "pk")


def _query(request) -> str:
    # Control characters (a NUL breaks PostgreSQL) never belong to a name or a CCCD.
    return "".join(ch for ch in request.GET.get("q", "") if ch.isprintable()).strip()[:200]


def _listed_units(user, unit) -> list[int] | None:
    """Ids of the visible units of the scope (or of ``unit``'s subtree), None if too many."""
    units = OrgUnit.objects.visible_to(user)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    ids = list(units.values_list("pk", flat=True)[: LISTED_UNITS + 1])
    return ids if len(ids) <= LISTED_UNITS else None


def _is_small(units: list[int]) -> bool:
    """Whether these units hold few enough people to sort them all (org_unit index only)."""
    return units_hold_at_most(units, SORTED_SCOPE_PEOPLE)


def _cursor(user, value) -> tuple[str, int] | None:
    """(name_folded, id) of the visible person a page starts from; None = the first page."""
    # ASCII digits only ("²".isdigit() is true) and no longer than a bigint.
    if not value or not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    # Through visible_to: an id out of scope is no cursor (its place in the list stays unknown).
    return (Person.objects.visible_to(user).filter(pk=int(value))
            .values_list("name_folded", "pk").first())


def _sorts_after(cursor: tuple[str, int]) -> Q:
    # The >= keeps the name index range; the OR settles ties on the same name by id.
    name, pk = cursor
    return Q(name_folded__gte=name) & (Q(name_folded__gt=name) | Q(pk__gt=pk))


def _sorts_before(cursor: tuple[str, int]) -> Q:
    name, pk = cursor
    return Q(name_folded__lte=name) & (Q(name_folded__lt=name) | Q(pk__lt=pk))


def _search(user, q: str, unit) -> dict:
    """A query: the ranked matches from people.search, kept to the unit's subtree if filtered."""
    result = search_people(user, q, limit=SEARCH_LIMIT)
    people = list(result.people)
    # One query for all units, whatever the search loaded (no query per row).
    prefetch_related_objects(people, "org_unit")
    if unit is not None:
        people = [p for p in people if p.org_unit.path.startswith(unit.path)]
    return {
        "people": people,
        "page": None,
        "total": len(people),
        "mode": result.mode,
        "corrected_query": result.corrected_query,
        "limited": len(people) >= SEARCH_LIMIT,
    }


# --- detail ----------------------------------------------------------------------------------


@access.login_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def person_detail(request, person_id: int):
    """The record; a classified one first asks why (once per session) and logs every view."""
    person = get_visible_or_404(
        Person.objects.select_related("org_unit"), request.user, pk=person_id
    )
    blocked = read_gate(request, person, back_url=reverse("people:list"))
    if blocked is not None:
        if blocked.status_code == 302 and is_reason_post(request) and _wants_edit(request):
            return redirect("people:edit", person_id=person.pk)
        return blocked
    if request.method == "POST":
        return redirect("people:detail", person_id=person.pk)
    cccd = person.cccd
    context = {
        "person": person,
        "cccd": cccd,
        "cccd_masked": mask_cccd(cccd),
        "breadcrumb": _breadcrumb(request.user, person.org_unit),
        "history": _history(request.user, person),
        "foreign_elements": person.foreign_elements.visible_to(request.user)[:50],
        "can_write": request.user.role in WRITER_ROLES,
    }
    return render(request, "people/detail.html", context)


def _wants_edit(request) -> bool:
    """True when the reason was asked on the way to the edit form (?next=edit)."""
    return "edit" in (request.GET.get("next"), request.POST.get("next"))


def _breadcrumb(user, unit: OrgUnit) -> list[OrgUnit]:
    """The unit and those of its ancestors the user may see, top first (one query)."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    visible = OrgUnit.objects.visible_to(user).in_bulk(ids)
    return [visible[i] for i in ids if i in visible]


def _history(user, person: Person) -> list[dict]:
    """Changes to this person (not reads) from the audit log the user may see, newest first."""
    events = (
        AuditEvent.objects.visible_to(user)
        .filter(
            target_type=person._meta.label_lower,
            target_id=str(person.pk),
            action__in=[AuditAction.CREATE, AuditAction.UPDATE],
        )
        .order_by("-id")[:20]
    )
    return [{"event": event, "fields": _changed_labels(event)} for event in events]


def _changed_labels(event: AuditEvent) -> list[str]:
    """Labels of the fields an UPDATE changed (values stay in the audit log)."""
    before, after = event.before or {}, event.after or {}
    names = [name for name in after if before and before.get(name) != after.get(name)]
    labels = {
        "org_unit_id": Person._meta.get_field("org_unit").verbose_name,
        "cccd_index": _("số CCCD"),
    }
    return [str(labels.get(name) or Person._meta.get_field(name).verbose_name) for name in names]


# --- create / edit ---------------------------------------------------------------------------


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def person_create(request):
    """New person: validated by PersonForm, written by do_create_person (audited)."""
    if request.method == "POST":
        form = PersonForm(request.POST, user=request.user)
        if form.is_valid():
            person = _save_or_duplicate(
                form, lambda: do_create_person(actor=request.user, data=form.cleaned_data)
            )
            if person is not None:
                messages.success(request, _("Đã thêm hồ sơ %(name)s.") % {"name": person.full_name})
                return redirect("people:detail", person_id=person.pk)
    else:
        form = PersonForm(user=request.user, initial={"org_unit": request.user.org_unit_id})
    return _render_form(request, form, None, None)


@access.role_required(*WRITERS)
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def person_edit(request, person_id: int):
    """Edit with optimistic locking: a stale version is refused with the user's input kept."""
    person = get_visible_or_404(
        Person.objects.select_related("org_unit"), request.user, pk=person_id
    )
    if person.classification and not remembered_reason(request, person):
        # The edit form shows the whole record: it is a read and needs a reason first.
        return redirect(reverse("people:detail", kwargs={"person_id": person.pk}) + "?next=edit")
    if request.method == "POST":
        return _save_edit(request, person)
    blocked = read_gate(request, person)  # logs the read (the reason is already remembered)
    if blocked is not None:
        return blocked
    form = PersonForm(instance=person, user=request.user)
    return _render_form(request, form, ChangeReasonForm(), person)


def _save_edit(request, person: Person):
    # The form gets its own copy: ModelForm validation writes the typed values onto its
    # instance, and the service must still see the stored ones (access check, audit "before").
    form = PersonForm(request.POST, instance=copy.copy(person), user=request.user)
    change = ChangeReasonForm(request.POST)
    if form.is_valid() and change.is_valid():
        try:
            saved = _save_or_duplicate(
                form,
                lambda: do_update_person(
                    actor=request.user,
                    person=person,
                    data=form.cleaned_data,
                    expected_version=form.cleaned_data.get("version") or 0,
                    reason=change.cleaned_data["change_reason"],
                ),
            )
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        else:
            if saved is not None:
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("people:detail", person_id=person.pk)
    return _render_form(request, form, change, person)


def _save_or_duplicate(form, save):
    """Run ``save``; a CCCD already on another record becomes an error on the CCCD field."""
    try:
        return save()
    except IntegrityError:
        cccd = form.cleaned_data.get("cccd")
        if not cccd or not Person.objects.filter(cccd_index=blind_index(cccd)).exists():
            raise
        form.add_error("cccd", _("Số CCCD này đã có trong một hồ sơ khác. Vui lòng kiểm tra lại."))
        return None


def _render_form(request, form, change_form, person):
    _style(form)
    if change_form is not None:
        _style(change_form)
    context = {"form": form, "change_form": change_form, "person": person}
    return render(request, "people/form.html", context)


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
