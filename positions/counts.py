"""Counts of key and secret positions: defined once in reports.counts.positions (the reports,
dashboard and API read them there); these are the same counts for the user's own unit on a day."""

from reports.counts.base import grouped, user_scope, value


def _scope(user, on_date):
    return user_scope(user, on_date, on_date)


def positions_by_level(user, on_date) -> dict:
    """{level: number of positions in force on ``on_date``}."""
    return {key[0]: n for key, n in
            grouped("positions.entries", _scope(user, on_date), "level").items()}


def holders(user, on_date) -> int:
    """People holding a position in force on ``on_date``."""
    return value("positions.holders", _scope(user, on_date))


def holders_without_valid_conclusion(user, on_date) -> int:
    """People holding a position without a valid conclusion fit for it."""
    return value("positions.holders_unfit", _scope(user, on_date))


def positions_without_holder(user, on_date) -> int:
    return value("positions.vacant", _scope(user, on_date))


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
