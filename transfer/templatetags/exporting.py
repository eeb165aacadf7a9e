"""``{% export_buttons "people" %}``: the list's "Xuất Excel" / "Xuất CSV" links, same filters."""

from django import template
from django.urls import reverse

from transfer.exporting.registry import NOT_FILTERS

register = template.Library()


@register.inclusion_tag("transfer/_export_buttons.html", takes_context=True)
def export_buttons(context, name: str):
    """Links to the export of list ``name`` carrying the page's querystring (not its page)."""
    request = context["request"]
    query = request.GET.copy()
    for key in NOT_FILTERS:
        query.pop(key, None)
    base = reverse(f"transfer:export_{name}")
    links = {}
    for fmt in ("xlsx", "csv"):
        query["format"] = fmt
        links[fmt] = f"{base}?{query.urlencode()}"
    return {"xlsx_url": links["xlsx"], "csv_url": links["csv"]}
