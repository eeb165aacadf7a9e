"""The profile API: the caller's own profile only."""

import pytest

from core.tests.api_client import call

pytestmark = pytest.mark.django_db


def test_me_is_the_callers_own_profile(client, world):
    body = call(client, "GET", "/accounts/me", world.officer_a).json()
    assert body["username"] == "officer_a" and body["role"] == "OFFICER"
    assert body["org_unit"] == {"id": world.hn.pk, "name": world.hn.name}
    assert body["clearance"] == world.officer_a.clearance and body["otp_enabled"] is False
    assert call(client, "GET", "/accounts/me", world.officer_b).json()["username"] == "officer_b"


def test_me_needs_authentication(client, world):
    assert call(client, "GET", "/accounts/me").status_code == 401
