"""Every count the reports quote, each defined once (reports.counts.base.CountDef), one module per
domain. The dashboard, the documents, the drill-down and the API all read them from here."""

from functools import cache

from reports.counts.base import CountDef

DOMAINS = ("inspections", "vetting", "admission", "positions", "travel", "coordination",
           "documents")


@cache
def registry() -> dict[str, CountDef]:
    """{key: CountDef} of every domain module."""
    from importlib import import_module

    result: dict[str, CountDef] = {}
    for domain in DOMAINS:
        module = import_module(f"reports.counts.{domain}")
        for count in module.counts():
            if count.key in result:
                raise ValueError(f"count {count.key} defined twice")
            result[count.key] = count
    return result


def get(key: str) -> CountDef:
    """The count of ``key``; KeyError when there is none."""
    return registry()[key]
