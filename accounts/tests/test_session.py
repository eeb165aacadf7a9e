from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.tests.conftest import post_login


def _home_at(client, moment):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return client.get(reverse("core:home"))


def test_idle_session_expires(client, world):
    post_login(client, "officer_a")
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE + 5)
    response = _home_at(client, timezone.now() + idle)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_each_request_renews_the_idle_timeout(client, world):
    post_login(client, "officer_a")
    start = timezone.now()
    almost = timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert _home_at(client, start + almost).status_code == 200
    # Twice the idle limit after sign-in, but less than it after the last request.
    assert _home_at(client, start + almost * 2).status_code == 200


def test_idle_timeout_is_thirty_minutes_by_default():
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
