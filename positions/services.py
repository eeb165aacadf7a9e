"""The only writers of catalogues, positions and holdings; each change audited in one transaction."""

from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import WRITER_ROLES
from audit.choices import AuditAction
from audit.services import record_event
from core.errors import EditConflict, NotAllowed
from orgs.models import OrgUnit
from people.models import Person
from positions.fitness import conclusion_fit_for
from positions.models import Catalogue, Holding, Position


class OverrideRequired(Exception):
    """The holder has no valid conclusion fit for the position and no override was given."""

    message = _("Người này chưa có kết luận phù hợp với vị trí: muốn vẫn bố trí, hãy đánh dấu "
                "“vẫn bố trí” và ghi rõ lý do.")


class RuleBroken(ValueError):
    """A rule of the catalogue or holding (dates) is broken; the message says which."""


def _check_can_write(actor, unit: OrgUnit, classification: int) -> None:
    if actor.role not in WRITER_ROLES:
        raise NotAllowed("role")
    if not OrgUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise NotAllowed("scope")
    if classification > actor.clearance:
        raise NotAllowed("clearance")


def _catalogue_snapshot(catalogue: Catalogue) -> dict:
    return {"org_unit_id": catalogue.org_unit_id, "decision_number": catalogue.decision_number,
            "decided_on": catalogue.decided_on, "valid_from": catalogue.valid_from,
            "valid_to": catalogue.valid_to, "supersedes_id": catalogue.supersedes_id,
            "classification": catalogue.classification,
            "positions": [[p.department, p.title, p.level] for p in catalogue.positions.all()]}


@transaction.atomic
def do_create_catalogue(*, actor, data: dict, positions: list | None = None,
                        reason: str = "") -> Catalogue:
    """A new catalogue decision for a unit; it closes the one in force (kept, readable).

    ``positions`` is a list of (department, title, level); None copies the previous
    catalogue's positions. Open holdings of a position found again (same department and title)
    move to the new position from its first day, so nobody silently loses a post.
    """
    unit = data["org_unit"]
    _check_can_write(actor, unit, data.get("classification", 0))
    previous = (Catalogue.objects.select_for_update().filter(org_unit=unit, valid_to__isnull=True)
                .order_by("-valid_from").first())
    if previous is not None and data["valid_from"] <= previous.valid_from:
        raise RuleBroken(_("Ngày hiệu lực phải sau ngày hiệu lực của danh mục đang áp dụng "
                           "(%(day)s).") % {"day": previous.valid_from.strftime("%d/%m/%Y")})
    catalogue = Catalogue.objects.create(
        org_unit=unit, decision_number=data["decision_number"], decided_on=data["decided_on"],
        decision_document=data.get("decision_document"), valid_from=data["valid_from"],
        classification=max(data.get("classification", 0),
                           previous.classification if previous else 0),
        note=data.get("note", ""), supersedes=previous)
    if positions is None and previous is not None:
        positions = [(p.department, p.title, p.level) for p in previous.positions.all()]
    for department, title, level in positions or []:
        Position.objects.create(catalogue=catalogue, department=department, title=title,
                                level=level)
    if previous is not None:
        _close_previous(actor, previous, catalogue)
    record_event(actor=actor, action=AuditAction.CREATE, target=catalogue, reason=reason,
                 after=_catalogue_snapshot(catalogue))
    return catalogue


def _close_previous(actor, previous: Catalogue, catalogue: Catalogue) -> None:
    """The old catalogue ends the day before; its open holdings carry over where they can."""
    before = _catalogue_snapshot(previous)
    last_day = catalogue.valid_from - timedelta(days=1)
    Catalogue.objects.filter(pk=previous.pk).update(valid_to=last_day,
                                                    version=F("version") + 1)
    previous.refresh_from_db()
    new_positions = {p.key: p for p in catalogue.positions.all()}
    holdings = Holding.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=last_day),
                                      position__catalogue=previous)
    for holding in holdings.select_related("position"):
        ended_on = holding.ended_on
        Holding.objects.filter(pk=holding.pk).update(
            ended_on=max(last_day, holding.started_on), version=F("version") + 1)
        target = new_positions.get(holding.position.key)
        if target is not None:
            Holding.objects.create(
                position=target, person_id=holding.person_id,
                started_on=max(catalogue.valid_from, holding.started_on), ended_on=ended_on,
                fitness_at_start=holding.fitness_at_start,
                override_reason=holding.override_reason, override_by=holding.override_by,
                override_at=holding.override_at, carried_from=holding)
    record_event(actor=actor, action=AuditAction.UPDATE, target=previous,
                 reason=str(_("Thay thế bởi quyết định %(number)s")
                            % {"number": catalogue.decision_number}),
                 before=before, after=_catalogue_snapshot(previous))


@transaction.atomic
def do_add_position(*, actor, catalogue: Catalogue, data: dict) -> Position:
    """Add a line to a catalogue (a correction of the decision as entered)."""
    _check_can_write(actor, catalogue.org_unit, catalogue.classification)
    if catalogue.valid_to is not None:
        raise RuleBroken(_("Danh mục này đã được thay thế: hãy thêm vị trí vào danh mục mới."))
    position = Position.objects.create(catalogue=catalogue, department=data["department"],
                                       title=data["title"], level=data["level"])
    record_event(actor=actor, action=AuditAction.CREATE, target=position,
                 org_path=catalogue.org_unit.path, classification=catalogue.classification,
                 after={"catalogue_id": catalogue.pk, "department": position.department,
                        "title": position.title, "level": position.level})
    return position


def _holding_snapshot(holding: Holding) -> dict:
    return {"position_id": holding.position_id, "person_id": holding.person_id,
            "started_on": holding.started_on, "ended_on": holding.ended_on,
            "fitness_at_start": holding.fitness_at_start,
            "override_reason": holding.override_reason,
            "override_by_id": holding.override_by_id}


@transaction.atomic
def do_assign_holder(*, actor, position: Position, person: Person, started_on,
                     override: bool = False, override_reason: str = "") -> Holding:
    """Link a person to a position from ``started_on``; unfit only with a reasoned override."""
    catalogue = position.catalogue
    _check_can_write(actor, catalogue.org_unit, catalogue.classification)
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise NotAllowed("person")
    if not catalogue.in_force_on(started_on):
        raise RuleBroken(_("Ngày bắt đầu phải nằm trong thời gian hiệu lực của danh mục."))
    if Holding.objects.filter(position=position, person=person).active_on(started_on).exists():
        raise RuleBroken(_("Người này đang đảm nhiệm vị trí này."))
    ok, code, _message = conclusion_fit_for(person, position, started_on)
    override_reason = (override_reason or "").strip()
    if not ok and not (override and override_reason):
        raise OverrideRequired()
    holding = Holding.objects.create(
        position=position, person=person, started_on=started_on, fitness_at_start=code,
        override_reason="" if ok else override_reason, override_by=None if ok else actor,
        override_at=None if ok else timezone.now())
    record_event(actor=actor, action=AuditAction.CREATE, target=holding,
                 org_path=catalogue.org_unit.path,
                 classification=max(catalogue.classification, person.classification),
                 reason="" if ok else override_reason, after=_holding_snapshot(holding))
    return holding


@transaction.atomic
def do_end_holding(*, actor, holding: Holding, ended_on, expected_version: int,
                   reason: str = "") -> Holding:
    """Close a holding on ``ended_on`` unless someone changed it since it was read."""
    catalogue = holding.position.catalogue
    _check_can_write(actor, catalogue.org_unit, catalogue.classification)
    if ended_on < holding.started_on:
        raise RuleBroken(_("Ngày kết thúc không được trước ngày bắt đầu (%(day)s).")
                         % {"day": holding.started_on.strftime("%d/%m/%Y")})
    before = _holding_snapshot(holding)
    updated = Holding.objects.filter(pk=holding.pk, version=expected_version).update(
        ended_on=ended_on, version=F("version") + 1)
    if not updated:
        raise EditConflict()
    holding.refresh_from_db()
    record_event(actor=actor, action=AuditAction.UPDATE, target=holding,
                 org_path=catalogue.org_unit.path,
                 classification=max(catalogue.classification, holding.person.classification),
                 reason=reason, before=before, after=_holding_snapshot(holding))
    return holding
