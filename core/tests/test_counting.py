"""Cached page counts (core.counting): shared only between users who see the same rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification
from core.counting import cached_count, scope_key
from people.models import Person
from people.tests.factories import make_person


def _count(user) -> int:
    return cached_count(user, Person.objects.all(), "test.people").values["count"]


def test_scope_key_differs_by_scope_subunits_clearance_and_role(world):
    keys = {scope_key(user) for user in (world.admin, world.officer_a, world.officer_b,
                                         world.viewer_a, world.auditor)}
    assert len(keys) == 5
    world.officer_a.include_subunits = False
    assert scope_key(world.officer_a) not in keys


def test_same_scope_and_clearance_share_one_key(world):
    other = make_user("officer_a2", world.hn, Role.OFFICER, Classification.MAT)
    assert scope_key(other) == scope_key(world.officer_a)


def test_viewer_never_gets_a_cached_count_of_a_higher_clearance(world):
    assert _count(world.officer_a) == 2  # person_a and the Mật one (Tối mật is above MAT)
    assert _count(world.viewer_a) == 1  # same unit, clearance THUONG: person_a only
    assert _count(world.admin) == 4
    assert _count(world.officer_b) == 1


def test_home_page_of_viewer_after_admin_shows_viewer_figure(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("core:home")).context["person_count"] == 4
    client.force_login(world.viewer_a)
    response = client.get(reverse("core:home"))
    assert response.context["person_count"] == 1
    assert "Số liệu cập nhật lúc" in response.content.decode()


def test_a_cached_count_is_read_without_a_query(world):
    _count(world.officer_a)
    with CaptureQueriesContext(connection) as queries:
        assert _count(world.officer_a) == 2
    assert len(queries) == 0


def test_saving_a_person_makes_cached_counts_stale(world):
    assert _count(world.officer_a) == 2
    make_person(world.admin, world.hn_cell, "Vũ Thị Mới")
    assert _count(world.officer_a) == 3


def test_moving_a_person_makes_cached_counts_stale_and_an_edit_in_place_does_not(world):
    from people.services import do_update_person

    assert _count(world.officer_a) == 2
    person = Person.objects.get(pk=world.person_a.pk)
    person = do_update_person(actor=world.admin, person=person, data={"post": "Bí thư"},
                              expected_version=person.version)
    with CaptureQueriesContext(connection) as queries:
        assert _count(world.officer_a) == 2
    assert len(queries) == 0  # still the cached figure: nothing counted changed
    do_update_person(actor=world.admin, person=person, data={"org_unit": world.hp_cell},
                     expected_version=person.version)
    assert _count(world.officer_a) == 1


def test_a_slow_count_is_kept_longer_and_a_quick_one_two_minutes(world, monkeypatch):
    from core import counting

    kept = []
    monkeypatch.setattr(counting.cache, "set",
                        lambda key, value, timeout=None: kept.append(timeout))
    monkeypatch.setattr(counting, "SLOW_COUNT_SECONDS", 0)  # every count is "slow"
    _count(world.officer_a)
    monkeypatch.setattr(counting, "SLOW_COUNT_SECONDS", 3600)  # none is
    _count(world.officer_a)
    assert kept[-2:] == [counting.SLOW_COUNT_TTL_SECONDS, counting.COUNT_TTL_SECONDS]
    assert counting.SLOW_COUNT_TTL_SECONDS > counting.COUNT_TTL_SECONDS


def test_nobody_without_a_scope_counts_anything(world):
    world.viewer_a.is_active = False
    assert _count(world.viewer_a) == 0
