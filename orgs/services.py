"""Writers of the org tree."""

from django.db import transaction

from audit.choices import AuditAction
from audit.services import record_event
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
