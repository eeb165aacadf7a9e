"""The organisation tree: scope roots, lazily expanded children, unit detail, unit search."""

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

from core import access
from core.counting import Counts, cached_counts
from core.textfold import fold
from orgs.models import OrgUnit
from people.models import Person

SEARCH_LIMIT = 50


def _hide_merged(request) -> bool:
    return request.GET.get("hide_merged") == "1"


def _with_child_counts(queryset, user, hide_merged: bool):
    """Annotate each unit with how many direct children the user may see (one subquery)."""
    children = OrgUnit.objects.visible_to(user).filter(parent=OuterRef("pk"))
    if hide_merged:
        children = children.active()
    counted = (children.order_by().values("parent")
               .annotate(n=Count("pk")).values("n"))
    annotated = queryset.annotate(
        child_count=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
    )
    return annotated.active() if hide_merged else annotated


def _scope_roots(user, hide_merged: bool):
    """The user's visible units of the smallest depth (normally the scope unit alone)."""
    visible = OrgUnit.objects.visible_to(user)
    top_depth = visible.order_by("depth").values("depth")[:1]
    roots = visible.filter(depth=Subquery(top_depth))
    return _with_child_counts(roots, user, hide_merged).order_by("name")


def _search(user, query: str, units=None):
    """Units in scope whose folded name contains the folded query, shallowest first.

    ``units``: a narrower set already read through visible_to(user) (active ones of a kind, say).
    """
    folded = fold(query)
    if not folded:
        return OrgUnit.objects.none()
    units = OrgUnit.objects.visible_to(user) if units is None else units
    return (units.filter(name_folded__contains=folded)
            .select_related("parent").order_by("depth", "name_folded")[:SEARCH_LIMIT])


def listed_units(request):
    """The units of the export: the page's search results for ?q=, else every visible unit
    in tree order (the whole tree the page unfolds), without merged ones if ?hide_merged=1."""
    query = request.GET.get("q", "").strip()
    if query:
        return list(_search(request.user, query))
    units = OrgUnit.objects.visible_to(request.user).select_related("parent")
    return (units.active() if _hide_merged(request) else units).order_by("path")


@access.login_required
def tree(request):
    """The tree from the user's scope root(s); children load on demand."""
    hide_merged = _hide_merged(request)
    query = request.GET.get("q", "").strip()
    context = {
        "roots": list(_scope_roots(request.user, hide_merged)),
        "hide_merged": hide_merged,
        "query": query,
        "results": list(_search(request.user, query)) if query else None,
        "search_limit": SEARCH_LIMIT,
    }
    return render(request, "orgs/tree.html", context)


@access.login_required
def choose(request):
    """HTMX partial: <option>s for a unit field (orgs.widgets.UnitSelect) — the unit chosen now
    (kept, so a search never drops the user's choice), then the active units in scope whose name
    matches what was typed."""
    field = request.GET.get("field", "")
    query = request.GET.get(f"{field}__tim", "").strip() if field else ""
    visible = OrgUnit.objects.visible_to(request.user).active().select_related("parent")
    if request.GET.get("kind"):
        visible = visible.filter(kind=request.GET["kind"])
    chosen_id = request.GET.get(field, "") if field else ""
    chosen = (visible.filter(pk=int(chosen_id)).first()
              if chosen_id.isdigit() and len(chosen_id) < 12 else None)
    if not fold(query):
        return HttpResponse(status=204)  # htmx keeps the list as it is (the units near the record)
    matches = [unit for unit in _search(request.user, query, visible) if unit != chosen]
    response = render(request, "orgs/_unit_options.html", {
        "units": ([chosen] if chosen else []) + matches,
        "chosen": getattr(chosen, "pk", None),
        "with_blank": request.GET.get("blank") == "1",
    })
    patch_vary_headers(response, ("HX-Request",))
    return response


@access.login_required
def children(request, unit_id: int):
    """HTMX partial: the direct children of one visible unit (a plain visit gets the page)."""
    unit = access.get_visible_or_404(OrgUnit, request.user, pk=unit_id)
    if not request.htmx:
        return redirect("orgs:detail", unit_id=unit.pk)
    hide_merged = _hide_merged(request)
    units = _with_child_counts(
        OrgUnit.objects.visible_to(request.user).filter(parent=unit), request.user, hide_merged
    ).order_by(F("valid_to").asc(nulls_first=True), "name")
    response = render(request, "orgs/_children.html",
                      {"parent": unit, "units": units, "hide_merged": hide_merged})
    patch_vary_headers(response, ("HX-Request",))
    return response


def _people_counts(user, unit: OrgUnit) -> Counts:
    """People the user may see: attached to the unit itself, and in its whole subtree."""
    return cached_counts(user, f"orgs.unit.{unit.pk}",
                         direct=Person.objects.filter(org_unit=unit),
                         subtree=lambda: Person.objects.in_subtree(user, unit))


@access.login_required
def detail(request, unit_id: int):
    """One unit: place in the tree, validity, predecessors/successors, people."""
    user = request.user
    unit = access.get_visible_or_404(OrgUnit, user, pk=unit_id)
    ancestor_ids = [int(part) for part in unit.path.strip("/").split("/")[:-1] if part]
    visible = OrgUnit.objects.visible_to(user)
    children_qs = _with_child_counts(visible.filter(parent=unit), user, False)
    counts = _people_counts(user, unit)
    context = {
        "unit": unit,
        "ancestors": list(visible.filter(pk__in=ancestor_ids).order_by("depth")),
        # Creation order: a merger import lists the namesake province first.
        "predecessors": list(visible.filter(successors=unit).order_by("pk")),
        "successors": list(visible.filter(predecessors=unit).order_by("pk")),
        "children": list(children_qs.order_by(F("valid_to").asc(nulls_first=True), "name")),
        "people": counts.values,
        "counted_at": counts.as_of,
    }
    return render(request, "orgs/detail.html", context)
