"""The compliance list: holders without a valid fit conclusion, positions without a holder.

Read through visible_to(user); the fitness of each holder comes from positions.fitness only.
"""

from dataclasses import dataclass

from positions.fitness import conclusion_fit_for, latest_conclusions
from positions.models import Holding, Position


@dataclass
class Flag:
    holding: Holding
    code: str
    message: str


def positions_in_force(user, on_date, unit=None, level=""):
    positions = (Position.objects.visible_to(user).in_force(on_date)
                 .select_related("catalogue__org_unit"))
    if unit is not None:
        positions = positions.filter(catalogue__org_unit__path__startswith=unit.path)
    if level:
        positions = positions.filter(level=level)
    return positions


def holdings_on(user, on_date, unit=None, level=""):
    """Holdings active on ``on_date`` of positions in force then."""
    positions = positions_in_force(user, on_date, unit, level)
    return (Holding.objects.visible_to(user).active_on(on_date).filter(position__in=positions)
            .select_related("person", "position__catalogue__org_unit"))


def unfit_holders(user, on_date, unit=None, level="") -> list:
    """Every active holder whose fitness check fails on ``on_date`` (a flag, not a decision)."""
    holdings = list(holdings_on(user, on_date, unit, level))
    latest = latest_conclusions({h.person_id for h in holdings}, on_date)
    flags = []
    for holding in holdings:
        ok, code, message = conclusion_fit_for(holding.person, holding.position, on_date,
                                               latest.get(holding.person_id))
        if not ok:
            flags.append(Flag(holding, code, message))
    return flags


def vacant_positions(user, on_date, unit=None, level=""):
    """Positions in force on ``on_date`` with no active holding (hidden holders count as holders)."""
    held = Holding.objects.active_on(on_date).values("position_id")
    return positions_in_force(user, on_date, unit, level).exclude(pk__in=held)
