from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.conftest import current_code, post_login
from accounts.tests.factories import PASSWORD

SETUP = "accounts:otp_setup"


def test_setup_page_shows_an_inline_svg_qr_code_and_the_secret(client, world):
    client.force_login(world.officer_a)
    response = client.get(reverse(SETUP))
    body = response.content.decode()
    device = TOTPDevice.objects.get(user=world.officer_a)
    assert response.status_code == 200
    assert not device.confirmed
    assert "<svg" in body and "<path" in body
    assert response.context["secret"] in body and len(response.context["secret"]) == 32


def test_reloading_the_setup_page_keeps_one_pending_secret(client, world):
    client.force_login(world.officer_a)
    first = client.get(reverse(SETUP)).context["secret"]
    assert client.get(reverse(SETUP)).context["secret"] == first
    assert TOTPDevice.objects.filter(user=world.officer_a).count() == 1


def test_right_code_confirms_the_device_and_keeps_the_session(client, world):
    client.force_login(world.officer_a)
    client.get(reverse(SETUP))
    device = TOTPDevice.objects.get(user=world.officer_a)
    response = client.post(reverse(SETUP), {"token": current_code(device)})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:profile")
    device.refresh_from_db()
    assert device.confirmed
    # The session was verified by that code: the 2FA guard lets it through.
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_wrong_code_does_not_confirm_the_device(client, world):
    client.force_login(world.officer_a)
    client.get(reverse(SETUP))
    device = TOTPDevice.objects.get(user=world.officer_a)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse(SETUP), {"token": wrong})
    assert response.status_code == 200
    assert "Mã không đúng" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_after_setup_the_next_sign_in_asks_for_the_code(client, world):
    client.force_login(world.officer_a)
    client.get(reverse(SETUP))
    device = TOTPDevice.objects.get(user=world.officer_a)
    client.post(reverse(SETUP), {"token": current_code(device)})
    client.post(reverse("accounts:logout"))
    assert post_login(client, "officer_a").status_code == 200


def _signed_in_with_device(client, world, device_a):
    assert post_login(client, "officer_a", otp_token=current_code(device_a)).status_code == 302


def test_disabling_needs_the_password(client, world, device_a):
    _signed_in_with_device(client, world, device_a)
    response = client.post(reverse(SETUP), {"password": "sai"})
    assert response.status_code == 200
    assert "Mật khẩu không đúng" in response.content.decode()
    assert TOTPDevice.objects.filter(user=world.officer_a, confirmed=True).exists()


def test_disabling_with_the_password_removes_the_device(client, world, device_a):
    _signed_in_with_device(client, world, device_a)
    response = client.post(reverse(SETUP), {"password": PASSWORD})
    assert response["Location"] == reverse("accounts:profile")
    assert not TOTPDevice.objects.filter(user=world.officer_a).exists()
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert post_login(client, "officer_a").status_code == 302


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse(SETUP))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
