"""The only writers of people.Person: each change is checked and audited in one transaction."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.choices import WRITER_ROLES
from audit.choices import AuditAction
from audit.services import record_event
from core.cccd import blind_index, encrypt_value
from core.counting import forget_counts
from core.errors import EditConflict, NotAllowed
from core.textfold import exact_key, fold, sorted_key
from orgs.models import OrgUnit
from people.models import NameSyllable, Person

# Fields copied from validated data onto the model (cccd is handled apart: it is encrypted).
PLAIN_FIELDS = [
    "full_name", "birth_day", "birth_month", "birth_year", "sex", "party_card_number",
    "hometown", "hometown_former", "birthplace", "birthplace_former", "party_status",
    "party_admitted_on", "party_official_on", "org_unit", "post", "classification",
]
# What the audit log keeps of a person (never the CCCD in clear: only whether it changed).
AUDITED_FIELDS = [f for f in PLAIN_FIELDS if f != "org_unit"] + ["org_unit_id", "cccd_index"]


def set_name_keys(person: Person) -> None:
    """Derive the search keys from the full name (core.textfold)."""
    person.name_folded = fold(person.full_name)[:120]
    person.name_sorted = sorted_key(person.full_name)[:120]
    person.name_exact = exact_key(person.full_name)[:160]


def set_cccd(person: Person, normalized: str) -> None:
    person.cccd_encrypted = encrypt_value(normalized) if normalized else ""
    person.cccd_index = blind_index(normalized) if normalized else None


def snapshot(person: Person) -> dict:
    return {name: getattr(person, name) for name in AUDITED_FIELDS}


def _check_can_write(actor, unit: OrgUnit, classification: int) -> None:
    if actor.role not in WRITER_ROLES:
        raise NotAllowed("role")
    if not OrgUnit.objects.visible_to(actor).filter(pk=unit.pk).exists():
        raise NotAllowed("scope")
    if classification > actor.clearance:
        raise NotAllowed("clearance")


def remember_syllables(full_name: str) -> None:
    """Add the name's syllables to the dictionary used for one-letter slip correction."""
    for text in set(fold(full_name).split()):
        updated = NameSyllable.objects.filter(text=text).update(count=F("count") + 1)
        if not updated:
            NameSyllable.objects.create(text=text, count=1)


@transaction.atomic
def do_create_person(*, actor, data: dict, reason: str = "") -> Person:
    """Create a person from validated data (people.forms.PersonForm.cleaned_data)."""
    _check_can_write(actor, data["org_unit"], data.get("classification", 0))
    person = Person(**{name: data[name] for name in PLAIN_FIELDS if name in data})
    set_name_keys(person)
    set_cccd(person, data.get("cccd", ""))
    person.save()
    remember_syllables(person.full_name)
    record_event(actor=actor, action=AuditAction.CREATE, target=person, reason=reason,
                 after=snapshot(person))
    return person


@transaction.atomic
def do_update_person(*, actor, person: Person, data: dict, expected_version: int,
                     reason: str = "") -> Person:
    """Save changes unless someone saved since ``expected_version`` was read (EditConflict)."""
    _check_can_write(actor, person.org_unit, person.classification)
    _check_can_write(actor, data.get("org_unit", person.org_unit),
                     data.get("classification", person.classification))
    before = snapshot(person)
    for name in PLAIN_FIELDS:
        if name in data:
            setattr(person, name, data[name])
    set_name_keys(person)
    if "cccd" in data:
        set_cccd(person, data["cccd"])
    values = {name: getattr(person, name) for name in PLAIN_FIELDS}
    values.update(updated_at=timezone.now(), name_folded=person.name_folded, name_sorted=person.name_sorted,
                  name_exact=person.name_exact, cccd_encrypted=person.cccd_encrypted,
                  cccd_index=person.cccd_index)
    # Compare-and-set on the version: the second of two editors updates zero rows.
    updated = Person.objects.filter(pk=person.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if not updated:
        raise EditConflict()
    person.refresh_from_db()
    if before["full_name"] != person.full_name:
        remember_syllables(person.full_name)
    # The update above sends no post_save: a move or a new classification changes the counts.
    if (before["org_unit_id"], before["classification"]) != (person.org_unit_id,
                                                            person.classification):
        forget_counts()
    record_event(actor=actor, action=AuditAction.UPDATE, target=person, reason=reason,
                 before=before, after=snapshot(person))
    return person


@transaction.atomic
def do_set_party_status(*, actor, person: Person, status: str, admitted_on=None,
                        official_on=None, reason: str = "") -> Person:
    """Set a person's party status and dates (admission: ceremony, full membership)."""
    _check_can_write(actor, person.org_unit, person.classification)
    before = snapshot(person)
    values = {"party_status": status, "party_admitted_on": admitted_on,
              "party_official_on": official_on}
    Person.objects.filter(pk=person.pk).update(version=F("version") + 1,
                                               updated_at=timezone.now(), **values)
    person.refresh_from_db()
    record_event(actor=actor, action=AuditAction.UPDATE, target=person, reason=reason,
                 before=before, after=snapshot(person))
    return person
