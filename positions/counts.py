"""Counts the reports read (each one function, through visible_to(user), on a day)."""

from django.db.models import Count

from positions import compliance


def positions_by_level(user, on_date) -> dict:
    """{level: number of positions in force on ``on_date``}."""
    rows = (compliance.positions_in_force(user, on_date).order_by()
            .values("level").annotate(n=Count("id")))
    return {row["level"]: row["n"] for row in rows}


def holders(user, on_date) -> int:
    """People holding a position in force on ``on_date``."""
    return compliance.holdings_on(user, on_date).values("person_id").distinct().count()


def holders_without_valid_conclusion(user, on_date) -> int:
    """People holding a position without a valid conclusion fit for it."""
    return len({flag.holding.person_id for flag in compliance.unfit_holders(user, on_date)})


def positions_without_holder(user, on_date) -> int:
    return compliance.vacant_positions(user, on_date).count()


def home_flags(user, on_date) -> dict:
    """The dashboard's figures: holders without a valid conclusion, positions without a holder.

    Kept COUNT_TTL_SECONDS per access scope (core.counting); a change shows within minutes.
    """
    from django.core.cache import cache

    from core.counting import COUNT_TTL_SECONDS, scope_key

    scope = scope_key(user)
    if scope is None:
        return {"unfit": 0, "vacant": 0}
    key = f"hoso:positions:home:{on_date.isoformat()}:{scope}"
    values = cache.get(key)
    if values is None:
        values = {"unfit": holders_without_valid_conclusion(user, on_date),
                  "vacant": positions_without_holder(user, on_date)}
        cache.set(key, values, COUNT_TTL_SECONDS)
    return values
