"""The demo positions (core/demo/positions.py): versions, holders, flags, loaded once."""

import io
import random
from datetime import date

import pytest
from django.core.management import call_command

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification
from core.demo.positions import load_positions
from positions.compliance import unfit_holders, vacant_positions
from positions.models import Catalogue, Holding

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", people=300, seed=11, stdout=io.StringIO())


def test_two_provinces_with_a_superseded_catalogue(demo):
    current = Catalogue.objects.filter(valid_to__isnull=True)
    assert {c.org_unit.name for c in current} == {"Thành phố Hà Nội", "Thành phố Hải Phòng"}
    assert all(c.supersedes and c.supersedes.valid_to < c.valid_from for c in current)


def test_flags_are_coherent_with_overrides(demo):
    today = date.today()  # noqa: DTZ011
    root = Catalogue.objects.first().org_unit.parent
    user = make_user("national", root, Role.ADMIN, Classification.TUYET_MAT)
    flags = unfit_holders(user, today)
    assert flags and all(f.holding.override_reason for f in flags)
    assert vacant_positions(user, today).exists()
    assert Holding.objects.filter(override_reason="").exists()


def test_loaded_once(demo):
    count = Holding.objects.count()
    assert load_positions(random.Random(1), 300) == 0
    assert Holding.objects.count() == count
