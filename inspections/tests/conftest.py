import pytest

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification


@pytest.fixture
def leader_a(world):
    """A leader of Hà Nội: records the decisions and conclusions of the competent body."""
    return make_user("leader_a", world.hn, Role.LEADER, Classification.MAT)


@pytest.fixture
def leader_b(world):
    return make_user("leader_b", world.hp, Role.LEADER, Classification.MAT)


@pytest.fixture(autouse=True)
def seeded_rules(request):
    """The rules the data migration seeds, put back when missing: a transactional test that ran
    earlier in the suite (live-server tests) flushes every table, seeded rows included."""
    if not {"db", "transactional_db", "world", "live_world"} & set(request.fixturenames):
        return
    import importlib

    from django.apps import apps

    request.getfixturevalue("transactional_db" if "live_world" in request.fixturenames
                            else "db")
    importlib.import_module("inspections.migrations.0002_seed_rules").seed(apps, None)
