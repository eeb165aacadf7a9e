"""Writers of the org tree."""

from django.db import transaction
from django.db.models import F

from accounts.choices import Role
from audit.choices import AuditAction
from audit.services import record_event
from core.errors import EditConflict, NotAllowed
from orgs.models import OrgUnit


@transaction.atomic
def do_create_unit(*, actor, code: str, name: str, kind: str, parent: OrgUnit | None = None,
                   valid_from=None, valid_to=None, predecessors=(), reason: str = "") -> OrgUnit:
    """Create a unit under ``parent`` (None for the root), with its merged predecessors."""
    unit = OrgUnit(code=code, name=name, kind=kind, parent=parent, valid_from=valid_from,
                   valid_to=valid_to)
    unit.save()
    if predecessors:
        unit.predecessors.set(predecessors)
    record_event(actor=actor, action=AuditAction.CREATE, target=unit, reason=reason,
                 after={"code": unit.code, "name": unit.name, "kind": unit.kind,
                        "parent_id": unit.parent_id,
                        "predecessors": [p.pk for p in predecessors]})
    return unit


UNIT_FIELDS = ["name", "valid_from", "valid_to"]


def _unit_values(unit: OrgUnit) -> dict:
    return {**{name: getattr(unit, name) for name in UNIT_FIELDS},
            "predecessors": sorted(unit.predecessors.values_list("pk", flat=True))}


@transaction.atomic
def do_update_unit(*, actor, unit: OrgUnit, data: dict, expected_version: int,
                   reason: str = "") -> OrgUnit:
    """Correct a unit's name, validity dates and predecessors (administrators of its scope).

    Its code, kind and place in the tree stay: moving a unit changes the scope of everyone
    under it, which is not a correction.
    """
    if actor.role != Role.ADMIN:
        raise NotAllowed("role")
    if not OrgUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise NotAllowed("scope")
    current = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    if current.version != expected_version:
        raise EditConflict()
    predecessors = data.get("predecessors")
    if predecessors is not None and any(p.pk == current.pk for p in predecessors):
        raise NotAllowed("a unit is not its own predecessor")
    before = _unit_values(current)
    for name in UNIT_FIELDS:
        if name in data:
            setattr(current, name, data[name])
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    if predecessors is not None:
        current.predecessors.set(predecessors)
    record_event(actor=actor, action=AuditAction.UPDATE, target=current, reason=reason,
                 before=before, after=_unit_values(current))
    return current
