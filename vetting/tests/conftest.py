"""Fixtures of the vetting tests (builders in factories.py)."""

from datetime import date

import pytest

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification
from vetting.tests.factories import make_case


@pytest.fixture
def leader_a(world):
    return make_user("leader_a", world.hn, Role.LEADER, Classification.MAT)


@pytest.fixture
def leader_a2(world):
    return make_user("leader_a2", world.hn, Role.LEADER, Classification.MAT)


@pytest.fixture
def case_a(world):
    """A draft case of Hà Nội about person_a (appointment)."""
    return make_case(world.officer_a, world.hn, world.person_a)


@pytest.fixture
def case_b(world):
    return make_case(world.officer_b, world.hp, world.person_b, submit_on=date(2026, 1, 5))
