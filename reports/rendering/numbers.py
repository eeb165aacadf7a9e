"""Numbers and dates as Vietnamese documents write them: "2.611", "29/12/2023"."""

from datetime import date


def vn_number(value: int) -> str:
    """2611 → "2.611" (a dot between thousands, no decimals)."""
    return f"{int(value):,}".replace(",", ".")


def vn_date(day: date | None) -> str:
    """29/12/2023 (an empty string for no date)."""
    return day.strftime("%d/%m/%Y") if day else ""
