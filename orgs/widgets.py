"""Choosing a unit in a form when the scope holds thousands of them.

A national scope holds ~24.000 units: a plain <select> of all of them made a form page 1,6 MB and
2 s of CPU (bench/loadtest.py), and nobody scrolls such a list. Above ``HOSO_UNIT_SELECT_LIMIT``
units the list holds only the units near the record (and the one chosen), and a search box above
it refills the list with the units whose name matches (``orgs:choose``, htmx). The field's
queryset is unchanged, so any unit of the scope is still accepted and a forged id is still
"not a valid choice".
"""

from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string

from core.widgets import QuickSelect
from orgs.models import OrgUnit

NEAR_LIMIT = 300  # a unit with more children than this still gives a short list


class UnitSelect(QuickSelect):
    """The <select> of a unit field; its options are read when it is drawn, never when a posted
    form is only validated (the API and every successful save skip the listing), and written
    without a template per option (QuickSelect: a province lists ~1.000 units).

    Up to the limit it lists every unit of the field's queryset, as Django's Select would; above
    it, the units near the record and a search box that fills the list from the server.
    """

    def __init__(self, attrs=None, *, listing=None, with_blank=True, kind=""):
        super().__init__(attrs)
        self.listing = listing  # () -> (searchable, [(id, label), …]), called when drawn
        self.with_blank = with_blank  # search results start with the empty choice, as the list
        self.kind = kind  # only units of this kind (OrgKind) are found

    def render(self, name, value, attrs=None, renderer=None):
        searchable = False
        if self.listing is not None:
            searchable, self.choices = self.listing()
        select = super().render(name, value, attrs, renderer)
        if not searchable:
            return select
        return render_to_string("orgs/widgets/unit_search.html", {
            "select": select, "name": name, "id": self.build_attrs(self.attrs, attrs).get("id"),
            "kind": self.kind, "with_blank": "1" if self.with_blank else ""})


def unit_select_limit() -> int:
    return settings.HOSO_UNIT_SELECT_LIMIT


def _chosen_id(form, name: str) -> int | None:
    """The unit the form holds now: posted, initial, or the instance's."""
    if form.is_bound:
        value = form.data.get(form.add_prefix(name))
    else:
        value = form.initial.get(name)
        instance = getattr(form, "instance", None)
        if value is None and instance is not None and hasattr(instance, f"{name}_id"):
            value = getattr(instance, f"{name}_id")
    value = str(getattr(value, "pk", value) or "")
    # A forged, absurdly long number would overflow the database integer: not a unit.
    return int(value) if value.isdigit() and len(value) < 12 else None


def _near(units: Iterable[OrgUnit | None]) -> Q:
    """Each unit, its parent, the units beside it and under it."""
    near = Q(pk__in=[])
    for unit in units:
        if unit is None:
            continue
        near |= Q(pk=unit.pk) | Q(parent_id=unit.pk)
        if unit.parent_id:
            near |= Q(pk=unit.parent_id) | Q(parent_id=unit.parent_id)
    return near


def limit_unit_choices(form, name: str, user, *, near: Iterable[OrgUnit | None] = (),
                       kind: str = "") -> None:
    """Give the unit field ``name`` of ``form`` a UnitSelect (see above).

    ``near``: units whose neighbourhood is listed above the limit (the record's unit, say); the
    user's own unit is always among them. ``kind``: the field takes only units of this kind.
    Labels are unit names (what ModelChoiceField shows for an OrgUnit), read as (id, name) pairs
    instead of building a model object per option.
    """
    field = form.fields[name]
    if not isinstance(field.widget, forms.Select):
        return  # typed as a number (filters) or hidden: nothing is listed
    near = list(near)

    def listing():
        units = field.queryset if field.queryset.ordered else field.queryset.order_by("path")
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        limit = unit_select_limit()
        rows = list(units.values_list("pk", "name")[:limit + 1])
        if len(rows) <= limit:
            return False, empty + rows
        listed = _near([getattr(user, "org_unit", None), *near])
        chosen = _chosen_id(form, name)
        if chosen is not None:
            listed |= Q(pk=chosen)
        rows = list(units.filter(listed).values_list("pk", "name")[:NEAR_LIMIT])
        if chosen is not None and all(pk != chosen for pk, _name in rows):
            # Beyond NEAR_LIMIT: the chosen unit stays listed whatever the order.
            rows += list(units.filter(pk=chosen).values_list("pk", "name"))
        return True, empty + rows

    widget = UnitSelect(dict(field.widget.attrs), listing=listing,
                        with_blank=field.empty_label is not None, kind=kind)
    widget.is_required = field.required
    field.widget = widget
