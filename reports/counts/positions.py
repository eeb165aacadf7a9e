"""Key and secret position counts (vị trí trọng yếu, cơ mật), on the period's end (or the as-of
day): catalogue entries (positions) in force, people holding one, holders without a valid
conclusion fit for it (positions.fitness, the one fitness rule, through positions.compliance),
positions without a holder. The "as of" rule is in reports.counts.base.
"""

from django.utils.translation import gettext_lazy as _

from reports.counts.base import Breakdown, CountDef, choice_labels

PATH = "catalogue__org_unit__path"


def _positions(scope):
    from positions.compliance import positions_in_force

    return positions_in_force(scope.user, scope.end).filter(scope.created_by())


def _holdings(scope):
    from positions.compliance import holdings_on

    return holdings_on(scope.user, scope.end).filter(scope.created_by())


def _unfit(scope):
    """Holdings of holders failing the fitness rule (computed once per scope)."""
    from positions.compliance import unfit_holders
    from positions.models import Holding

    if "unfit" not in scope.memo:
        flags = unfit_holders(scope.user, scope.end, unit=scope.unit)
        scope.memo["unfit"] = [flag.holding.pk for flag in flags]
    return Holding.objects.visible_to(scope.user).filter(scope.created_by(),
                                                         pk__in=scope.memo["unfit"])


def _vacant(scope):
    from positions.compliance import vacant_positions

    return vacant_positions(scope.user, scope.end).filter(scope.created_by())


def _person():
    from people.models import Person

    return Person


def counts() -> list[CountDef]:
    from positions.choices import Level

    level = (Breakdown("level", "level", labels=choice_labels(Level)),)
    return [
        CountDef("positions.entries", _("Vị trí trọng yếu, cơ mật"), _positions, PATH,
                 breakdowns=level, detail="positions.position"),
        CountDef("positions.holders", _("Người đảm nhiệm"), _holdings, f"position__{PATH}",
                 distinct="person", target=_person, detail="people.person"),
        CountDef("positions.holders_unfit", _("Người đảm nhiệm chưa có kết luận phù hợp"),
                 _unfit, f"position__{PATH}", distinct="person", target=_person,
                 detail="people.person"),
        CountDef("positions.vacant", _("Vị trí chưa bố trí người"), _vacant, PATH,
                 breakdowns=level, detail="positions.position"),
    ]
