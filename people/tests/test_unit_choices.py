"""The person form lists the units near the record when the scope is national (~24.000 units),
and still accepts any unit of the scope."""

import re

from people.forms import PersonForm


def _listed(form) -> set[int]:
    """The unit ids the drawn form offers (options are read when the form is drawn)."""
    return {int(v) for v in re.findall(r'<option value="(\d+)"', str(form["org_unit"]))}


def test_small_scope_lists_every_unit(world):
    form = PersonForm(instance=world.person_a, user=world.admin)
    assert {world.hn_cell.pk, world.hp_cell.pk, world.tw.pk} <= _listed(form)


def test_small_scope_lists_the_fields_own_choices_in_order(world):
    form = PersonForm(instance=world.person_a, user=world.officer_a)
    field = form.fields["org_unit"]
    own = [(getattr(value, "value", value), label) for value, label in field.choices]
    drawn = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', str(form["org_unit"]))
    assert [(int(v) if v else "", label) for v, label in drawn] == [
        (v, str(label)) for v, label in own]
    assert len(own) > 2


def test_saving_does_not_read_the_unit_list(world, monkeypatch):
    def listed(*args):
        raise AssertionError("the unit list was read by a form that is not shown")

    form = PersonForm(instance=world.person_a, user=world.officer_a)
    data = {name: form.initial.get(name, "") or "" for name in form.fields}
    data.update(full_name=world.person_a.full_name, sex=world.person_a.sex,
                party_status=world.person_a.party_status, classification=0,
                org_unit=world.hn_cell.pk, birth_year=1980)
    bound = PersonForm(data, instance=world.person_a, user=world.officer_a)
    monkeypatch.setattr(bound.fields["org_unit"].widget, "listing", listed)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["org_unit"] == world.hn_cell


def test_large_scope_lists_units_near_the_record(world, settings):
    settings.HOSO_UNIT_SELECT_LIMIT = 3
    form = PersonForm(instance=world.person_a, user=world.admin)
    listed = _listed(form)
    # the record's unit and its parent, the admin's unit and the units under it
    assert {world.hn_cell.pk, world.hn_ward.pk, world.tw.pk, world.hn.pk, world.hp.pk} <= listed
    assert world.hp_cell.pk not in listed and world.hp_ward.pk not in listed
    html = str(form["org_unit"])
    assert world.hn_cell.name in html and world.hp_cell.name not in html


def test_large_scope_still_accepts_any_unit_in_scope(world, settings):
    settings.HOSO_UNIT_SELECT_LIMIT = 3
    form = PersonForm(instance=world.person_a, user=world.admin)
    data = {name: form.initial.get(name, "") or "" for name in form.fields}
    data.update(full_name=world.person_a.full_name, sex=world.person_a.sex,
                party_status=world.person_a.party_status, classification=0,
                org_unit=world.hp_cell.pk, birth_year=1980)
    bound = PersonForm(data, instance=world.person_a, user=world.admin)
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["org_unit"] == world.hp_cell
    assert world.hp_cell.pk in _listed(bound)  # the posted unit stays selected if re-shown
