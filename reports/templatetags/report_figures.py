"""Template helpers of the report pages: the drill-down link of a figure."""

from django import template

from reports import drill

register = template.Library()


@register.simple_tag
def drill_url(period, figure) -> str:
    """The drill-down page of ``figure`` (a reports.types.Figure) over ``period``."""
    return drill.drill_url(period, figure)


@register.filter
def is_figure(value) -> bool:
    from reports.types import Figure

    return isinstance(value, Figure)
