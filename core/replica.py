"""Per-request state of the replica router (hoso/db_router.py explains the rule).

``ReplicaRoutingMiddleware`` decides, for each request, whether its reads may use a replica:
only GET/HEAD requests of a user who has not written in the last ``REPLICA_STICKY_SECONDS``
(cookie ``hoso_primary_until``). After a request that wrote (or a POST that succeeded) it sets
that cookie, so the user's next reads go to the primary until the replicas have caught up.
"""

import random
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings

STICKY_COOKIE = "hoso_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class Routing:
    replica: str | None  # alias the reads of this unit of work may use; None: the primary
    wrote: bool = False  # set by the router on the first write


_routing: ContextVar[Routing | None] = ContextVar("hoso_replica_routing", default=None)


def current_routing() -> Routing | None:
    return _routing.get()


def _pick_replica() -> str | None:
    replicas = settings.REPLICA_DATABASES
    return random.choice(replicas) if replicas else None


@contextmanager
def reading_from_replica():
    """Reads inside the block may use a replica (e.g. a report task); writes still pin to the
    primary. A no-op without replicas."""
    token = _routing.set(Routing(replica=_pick_replica()))
    try:
        yield
    finally:
        _routing.reset(token)


def _pinned_until(request) -> float:
    try:
        return float(request.COOKIES.get(STICKY_COOKIE, "0"))
    except ValueError:
        return 0.0


class ReplicaRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.enabled = bool(settings.REPLICA_DATABASES)

    def __call__(self, request):
        if not self.enabled:
            return self.get_response(request)
        now = time.time()
        may_use_replica = request.method in SAFE_METHODS and _pinned_until(request) <= now
        routing = Routing(replica=_pick_replica() if may_use_replica else None)
        request.db_replica = routing.replica
        token = _routing.set(routing)
        try:
            response = self.get_response(request)
        finally:
            _routing.reset(token)
        saved = request.method not in SAFE_METHODS and 200 <= response.status_code < 400
        if routing.wrote or saved:
            seconds = settings.REPLICA_STICKY_SECONDS
            response.set_cookie(
                STICKY_COOKIE,
                f"{now + seconds:.3f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
