"""Person.objects.in_subtree: a unit's subtree narrowed to unit ids, never wider than visible_to."""

import pytest

from people.models import Person
from people.tests.factories import make_person


def _names(user, unit) -> set[str]:
    return {p.full_name for p in Person.objects.in_subtree(user, unit).visible_to(user)}


@pytest.fixture(params=[2000, 0], ids=["unit-ids", "path-join"])
def listed(request, monkeypatch):
    monkeypatch.setattr("people.models.LISTED_SUBTREE_UNITS", request.param)


@pytest.mark.usefixtures("listed")
def test_subtree_of_the_whole_country_is_still_only_the_officer_scope(world):
    assert _names(world.officer_a, world.tw) == {"Nguyễn Văn Huy", "Trần Thị Thuỷ"}
    assert _names(world.viewer_a, world.tw) == {"Nguyễn Văn Huy"}
    assert _names(world.admin, world.hp) == {"Đặng Văn Hòa"}


@pytest.mark.usefixtures("listed")
def test_subtree_without_subunits_is_the_user_unit_alone(world):
    make_person(world.admin, world.hn, "Phạm Thị Tỉnh")
    world.officer_a.include_subunits = False
    assert _names(world.officer_a, world.hn) == {"Phạm Thị Tỉnh"}


@pytest.mark.usefixtures("listed")
def test_subtree_of_a_cell_holds_its_people_only(world):
    make_person(world.admin, world.hn_ward, "Phạm Văn Phường")
    assert _names(world.admin, world.hn_cell) == {"Nguyễn Văn Huy", "Trần Thị Thuỷ", "Lê Văn Tám"}
