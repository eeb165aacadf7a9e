"""Writing audit events: the only writer of audit.AuditEvent.

Call inside the transaction of the change it records, so both commit or neither does.
"""

import hashlib
import json
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.context import current

GENESIS_HASH = "0" * 64
# Any constant: the advisory lock that serialises chain appends on PostgreSQL.
_CHAIN_LOCK_KEY = 4_812_001


def _plain(value):
    """JSON-safe primitives, identical before saving and after reading back from the database."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def event_digest(event: AuditEvent) -> str:
    """SHA-256 over the event's content and the previous hash (canonical JSON)."""
    payload = {
        "at": event.at.astimezone(UTC).isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "target_repr": event.target_repr,
        "org_path": event.org_path,
        "classification": event.classification,
        "reason": event.reason,
        "ip": event.ip,
        "request_id": event.request_id,
        "before": event.before,
        "after": event.after,
        "prev": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    # SQLite: transactions begin IMMEDIATE (settings), so writers are already serialised.


def record_event(
    *,
    actor,
    action: str,
    target=None,
    target_type: str = "",
    target_id: str = "",
    target_repr: str = "",
    org_path: str = "",
    classification: int = 0,
    reason: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain. ``target`` (a model instance) fills the target fields."""
    # A reason typed by a client may carry NUL, which PostgreSQL text refuses (a 500).
    reason = (reason or "").replace("\x00", "")
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_repr = target_repr or str(target)[:255]
        org_path = org_path or _org_path_of(target)
        classification = classification or getattr(target, "classification", 0) or 0
    if not org_path and actor is not None and getattr(actor, "org_unit_id", None):
        org_path = actor.org_unit.path
    context = current.get()
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=(getattr(actor, "username", "") or "")[:150],
            action=action,
            target_type=target_type[:60],
            target_id=str(target_id)[:40],
            target_repr=target_repr[:255],
            org_path=org_path[:255],
            classification=int(classification),
            reason=(reason or "")[:500],
            ip=context.ip,
            request_id=context.request_id,
            before=_plain(before),
            after=_plain(after),
            prev_hash=last or GENESIS_HASH,
        )
        event.hash = event_digest(event)
        event.save(force_insert=True)
    return event


def _org_path_of(target) -> str:
    if hasattr(target, "path") and target._meta.label_lower == "orgs.orgunit":
        return target.path
    unit = getattr(target, "org_unit", None)
    return unit.path if unit is not None else ""


def record_read(*, actor, target, reason: str) -> AuditEvent:
    """Log that ``actor`` opened a classified record, and why."""
    return record_event(actor=actor, action=AuditAction.READ, target=target, reason=reason)
