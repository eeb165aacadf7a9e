"""Turning an event's before/after snapshots into rows a person can read."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
# Snapshot keys that are not model fields people know by name.
EXTRA_LABELS = {"cccd_index": _("Số CCCD")}
# Keys whose value is a keyed hash: meaningless to a reader; the row only says it changed.
OPAQUE_KEYS = frozenset({"cccd_index"})
EMPTY = "—"


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


def target_model(event: AuditEvent) -> type[models.Model] | None:
    """The model named by ``event.target_type``, if it still exists."""
    try:
        return apps.get_model(event.target_type)
    except (LookupError, ValueError):
        return None


def changed_fields(event: AuditEvent, user) -> list[Change]:
    """Fields whose value differs between before and after (all of them on create/delete)."""
    before, after = event.before or {}, event.after or {}
    model = target_model(event)
    keys = [key for key in dict.fromkeys([*before, *after])
            if _blank(before.get(key)) != _blank(after.get(key))]
    related = _related_names(model, keys, before, after, user)
    return [
        Change(
            field=key,
            label=_label(model, key),
            before=_show(model, key, before.get(key), related) if key in before else EMPTY,
            after=_show(model, key, after.get(key), related) if key in after else EMPTY,
        )
        for key in keys
    ]


def _blank(value):
    """None and "" are the same absence of a value."""
    return None if value == "" else value


def _field(model, key: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _label(model, key: str) -> str:
    if key in EXTRA_LABELS:
        return str(EXTRA_LABELS[key])
    field = _field(model, key)
    label = str(field.verbose_name) if field is not None else key.replace("_", " ")
    return label[:1].upper() + label[1:]


def _related_names(model, keys, before: dict, after: dict, user) -> dict:
    """Names of the related records the snapshots point to, read through visible_to(user)."""
    names = {}
    for key in keys:
        field = _field(model, key)
        if field is None or not field.is_relation or not field.many_to_one:
            continue
        ids = {value for value in (before.get(key), after.get(key)) if value is not None}
        manager = field.related_model.objects
        if ids and hasattr(manager, "visible_to"):
            found = manager.visible_to(user).filter(pk__in=ids)
            names[key] = {obj.pk: str(obj) for obj in found}
    return names


def _show(model, key: str, value, related: dict) -> str:
    """One snapshot value as text: choice labels, dd/mm/yyyy dates, names of related records."""
    if value is None or value == "":
        return EMPTY
    if key in OPAQUE_KEYS:
        return str(_("(có, được mã hóa)"))
    if key in related:
        return related[key].get(value, f"#{value}")
    field = _field(model, key)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, str) and _ISO_DATE.match(value):
        return date.fromisoformat(value).strftime("%d/%m/%Y")
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        moment = datetime.fromisoformat(value)
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%d/%m/%Y %H:%M:%S")
    return str(value)
