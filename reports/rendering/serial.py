"""ReportData ⇄ JSON: what a job receives back and what an issued report freezes."""

from dataclasses import asdict
from datetime import date

from reports.types import Figure, Period, ReportData, Section, Table


def report_to_json(data: ReportData) -> dict:
    """A JSON-able dict (dates as ISO strings; figures inside tables tagged)."""
    period = asdict(data.period)
    for name in ("date_from", "date_to", "as_of"):
        period[name] = period[name].isoformat() if period[name] else None
    return {
        "period": period,
        "unit_name": data.unit_name,
        "sections": [_section(section) for section in data.sections],
    }


def _section(section: Section) -> dict:
    return {
        "key": section.key,
        "title": section.title,
        "figures": [asdict(figure) for figure in section.figures],
        "tables": [{
            "key": table.key, "title": table.title, "columns": list(table.columns),
            "rows": [[asdict(item) if isinstance(item, Figure) else item for item in row]
                     for row in table.rows],
        } for table in section.tables],
    }


def report_from_json(data: dict) -> ReportData:
    period = dict(data["period"])
    for name in ("date_from", "date_to", "as_of"):
        period[name] = date.fromisoformat(period[name]) if period[name] else None
    return ReportData(
        period=Period(**period),
        unit_name=data["unit_name"],
        sections=[Section(
            key=section["key"], title=section["title"],
            figures=[Figure(**figure) for figure in section["figures"]],
            tables=[Table(
                key=table["key"], title=table["title"], columns=table["columns"],
                rows=[[Figure(**item) if isinstance(item, dict) else item for item in row]
                      for row in table["rows"]],
            ) for table in section["tables"]],
        ) for section in data["sections"]],
    )
