"""Counts shown on pages, read through visible_to(user) and kept a short while per access scope.

Counting a million people costs a few hundred milliseconds; the same figure, a minute or two old,
is good enough for a start page ("số liệu cập nhật lúc HH:MM" says when it was taken). The cache
key holds everything visible_to(user) depends on, so two users share a figure only when they
would see exactly the same rows, and a viewer never gets an administrator's number. Saving or
deleting a counted record (people, units) makes this process's figures stale at once; other
processes' caches (local memory) catch up within COUNT_TTL_SECONDS.
"""

import time
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from core import access

COUNT_TTL_SECONDS = 120
SLOW_COUNT_SECONDS = 0.1  # a figure that takes this long to count is kept longer:
SLOW_COUNT_TTL_SECONDS = 600
KEY_PREFIX = "hoso:count"
GENERATION_KEY = f"{KEY_PREFIX}:generation"
COUNTED_MODELS = ("people.Person", "orgs.OrgUnit")


@dataclass(frozen=True)
class Counts:
    values: dict[str, int]
    as_of: datetime


def scope_key(user) -> str | None:
    """What decides the rows a user sees (scope, subunits, clearance, role); None = nothing."""
    path = access.scope_path(user)
    if path is None:
        return None
    # Role is not read by visible_to today; it is in the key so that a rule using it later
    # cannot make two roles share a figure.
    subunits = int(bool(getattr(user, "include_subunits", True)))
    return f"{path}|{subunits}|{user.clearance}|{user.role}"


def cached_counts(user, key: str, **querysets) -> Counts:
    """``queryset.visible_to(user).count()`` for each name, remembered COUNT_TTL_SECONDS.

    A value may also be a function returning the queryset, called only when not cached (for a
    queryset that needs a query of its own to build).
    """
    scope = scope_key(user)
    if scope is None:
        return Counts({name: 0 for name in querysets}, timezone.now())
    generation = cache.get_or_set(GENERATION_KEY, 0, None)
    cache_key = f"{KEY_PREFIX}:{generation}:{key}:{scope}"
    counts = cache.get(cache_key)
    if counts is None or set(counts.values) != set(querysets):
        started = time.monotonic()
        values = {name: (qs() if callable(qs) else qs).visible_to(user).count()
                  for name, qs in querysets.items()}
        counts = Counts(values, timezone.now())
        cache.set(cache_key, counts, ttl_for(time.monotonic() - started))
    return counts


def ttl_for(seconds: float) -> int:
    """How long a figure that took ``seconds`` to count is kept. A national scope (5 M people,
    ~0.4 s) counted again every two minutes in each web worker put a few start pages a minute
    at 0.4 s (bench/loadtest.py); such a figure is kept SLOW_COUNT_TTL_SECONDS, still dated on
    the page and still dropped at once when a counted record is created, moved or deleted."""
    return SLOW_COUNT_TTL_SECONDS if seconds >= SLOW_COUNT_SECONDS else COUNT_TTL_SECONDS


def cached_count(user, queryset, key: str) -> Counts:
    """One scoped count (see cached_counts); the figure is ``result.values['count']``."""
    return cached_counts(user, key, count=queryset)


def forget_counts(**_signal_kwargs) -> None:
    """Make every cached count stale: a counted record was saved or deleted."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, 1, None)


def connect_signals() -> None:
    """Called once from CoreConfig.ready: writes to counted models call forget_counts."""
    for model in COUNTED_MODELS:
        post_save.connect(forget_counts, sender=model, dispatch_uid=f"forget_counts:{model}:save")
        post_delete.connect(forget_counts, sender=model,
                            dispatch_uid=f"forget_counts:{model}:delete")
