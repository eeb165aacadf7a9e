"""Helpers for the accounts tests: signing in through the real form, TOTP devices."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.factories import PASSWORD


def current_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows right now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def post_login(client, username: str, password: str = PASSWORD, **extra):
    """Submit the sign-in form as a browser would."""
    data = {"username": username, "password": password, "otp_token": "", **extra}
    return client.post(reverse("accounts:login"), data)


@pytest.fixture
def device_a(world):
    """A confirmed TOTP device of officer_a: 2FA is on for that account."""
    return TOTPDevice.objects.create(user=world.officer_a, name="hoso", confirmed=True)

