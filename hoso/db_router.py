"""Read replicas: page reads from a PostgreSQL streaming replica, everything else from the primary.

Turned on by ``HOSO_REPLICA_URLS`` (comma list of database URLs): settings add the aliases
``replica1`` … ``replicaN`` next to ``default`` (the primary) and install this router. Without
replicas the router is not installed and nothing here runs.

The rule, in four lines:

1. Only the reads of a GET/HEAD request may go to a replica (lists, dashboards, reports, detail
   pages): ``core.replica.ReplicaRoutingMiddleware`` picks one replica per request at random.
   Management commands, background tasks and every other request read from the primary, unless
   the code asks for a replica with ``core.replica.reading_from_replica()``.
2. Every write goes to the primary, and so does every read made inside a transaction
   (``transaction.atomic`` on the primary): a service function reads and writes the same server.
3. Read your own write: once a request has written something (any model outside
   ``QUIET_APPS``), the rest of that request reads from the primary, and so do the user's next
   requests for ``HOSO_REPLICA_STICKY_SECONDS`` (default 15 s), remembered by a cookie holding
   the time until which the user is pinned (a POST that succeeded pins the user too). A user
   therefore never sees the list without the record they have just saved, while replication lag
   (milliseconds on a LAN, seconds across provinces) stays invisible.
4. Some tables are always read on the primary (``PRIMARY_ONLY_APPS``): sessions, the lockout
   counters, two-factor devices and background jobs are written by other requests or processes
   and read back at once, so a lagging copy would log people out or show a stale progress bar.

Writes to ``QUIET_APPS`` (the session saved on each request, lockout counters, the audit event
that a classified read appends, a background job's progress) do not pin the user or the task to
the primary: they change nothing that is read back through the replica.
Migrations run on the primary only; replicas get the schema through replication.
"""

from django.db import connections

from core.replica import current_routing

PRIMARY = "default"
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "axes", "otp_totp", "otp_static", "django_otp", "django_tasks_database", "jobs"}
)
QUIET_APPS = frozenset({"sessions", "axes", "audit", "jobs", "django_tasks_database"})


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        routing = current_routing()
        if (
            routing is None
            or routing.replica is None
            or routing.wrote
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[PRIMARY].in_atomic_block
        ):
            return PRIMARY
        return routing.replica

    def db_for_write(self, model, **hints):
        routing = current_routing()
        if routing is not None and model._meta.app_label not in QUIET_APPS:
            routing.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # A replica holds the same rows as the primary: objects from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY
