import pytest

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification


@pytest.fixture
def leader_a(world):
    """A leader of Hà Nội: gives the committees' opinions."""
    return make_user("leader_a", world.hn, Role.LEADER, Classification.MAT)


@pytest.fixture
def leader_b(world):
    return make_user("leader_b", world.hp, Role.LEADER, Classification.MAT)
