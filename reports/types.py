"""The shape of a computed report, shared by the dashboard, the documents, drill-down and the API.

``reports.figures.compute_report(user, period)`` fills it; renderers (DOCX, XLSX, PDF, pages, API)
only read it, so every output shows the same numbers.
"""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Period:
    """What a report covers: a unit (its subtree included), a period and an optional "as of" day
    (the figures as the records stood at the end of that day)."""

    unit_id: int
    date_from: date
    date_to: date
    as_of: date | None = None


@dataclass(frozen=True)
class Figure:
    """One number the office quotes, with the key that finds its records (drill-down)."""

    key: str  # "inspections.units_inspected"; stable: drill-down URLs and frozen copies use it
    label: str  # Vietnamese sentence fragment, already translated
    value: int
    cell: str = ""  # a breakdown cell ("purpose=TUYEN_DUNG,outcome=DAT"); "" for the whole figure


@dataclass(frozen=True)
class Table:
    """A breakdown (by purpose, by country, by unit, by month…): header row and rows of figures."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[str | Figure]]  # first cells are labels (str), the others Figures


@dataclass
class Section:
    key: str  # "tham_dinh", "di_nuoc_ngoai", "kiem_tra", …
    title: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class ReportData:
    period: Period
    unit_name: str
    sections: list[Section] = field(default_factory=list)

    def figure(self, key: str, cell: str = "") -> Figure:
        """The figure with this key (and cell), looked up in every section and table."""
        for section in self.sections:
            for figure in section.figures:
                if figure.key == key and figure.cell == cell:
                    return figure
            for table in section.tables:
                for row in table.rows:
                    for item in row:
                        if isinstance(item, Figure) and item.key == key and item.cell == cell:
                            return item
        raise KeyError(f"{key} [{cell}]")
