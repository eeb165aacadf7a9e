from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.tests.conftest import current_code, post_login
from audit.choices import AuditAction
from audit.models import AuditEvent


def _home_status(client) -> int:
    return client.get(reverse("core:home")).status_code


def test_officer_signs_in_with_password(client, world):
    response = post_login(client, "officer_a")
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert _home_status(client) == 200


def test_sign_in_goes_back_to_the_page_asked_for(client, world):
    response = post_login(client, "officer_a", next=reverse("orgs:tree"))
    assert response["Location"] == reverse("orgs:tree")


def test_wrong_password_is_refused_with_a_vietnamese_message(client, world):
    response = post_login(client, "officer_a", password="sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert _home_status(client) == 302


def test_sign_in_and_failure_are_audited(client, world):
    post_login(client, "officer_a", password="sai-mat-khau")
    post_login(client, "officer_a")
    events = list(AuditEvent.objects.filter(target_repr="officer_a").order_by("id"))
    assert [e.action for e in events] == [AuditAction.LOGIN_FAILED, AuditAction.LOGIN]
    assert events[1].actor_id == world.officer_a.pk
    assert events[0].org_path == world.hn.path


def test_account_is_locked_after_five_failures(client, world):
    for _ in range(4):
        assert post_login(client, "officer_a", password="sai").status_code == 200
    response = post_login(client, "officer_a", password="sai")
    assert response.status_code == 429
    assert "Tài khoản đã bị tạm khóa do đăng nhập sai 5 lần liên tiếp" in response.content.decode()
    assert "30 phút" in response.content.decode()
    # Even the right password is refused while the lock lasts.
    response = post_login(client, "officer_a")
    assert response.status_code == 429
    assert _home_status(client) == 302


def test_lockout_is_per_account_not_per_office(client, world):
    for _ in range(5):
        post_login(client, "officer_a", password="sai")
    assert post_login(client, "officer_b").status_code == 302


def test_user_with_device_must_give_a_code(client, world, device_a):
    response = post_login(client, "officer_a")
    assert response.status_code == 200
    assert "đã bật xác thực 2 bước" in response.content.decode()
    assert _home_status(client) == 302


def test_wrong_code_is_refused(client, world, device_a):
    wrong = f"{(int(current_code(device_a)) + 1) % 1_000_000:06d}"
    response = post_login(client, "officer_a", otp_token=wrong)
    assert response.status_code == 200
    assert "Mã xác thực 2 bước không đúng" in response.content.decode()
    assert _home_status(client) == 302


def test_right_code_signs_in_and_the_session_stays_verified(client, world, device_a):
    response = post_login(client, "officer_a", otp_token=current_code(device_a))
    assert response.status_code == 302
    # The 2FA middleware would sign an unverified session out on this request.
    assert _home_status(client) == 200
    assert _home_status(client) == 200


def test_unconfirmed_device_does_not_ask_for_a_code(client, world):
    TOTPDevice.objects.create(user=world.officer_a, name="hoso", confirmed=False)
    assert post_login(client, "officer_a").status_code == 302


def test_session_of_a_user_with_device_that_skipped_the_code_is_closed(client, world, device_a):
    client.force_login(world.officer_a)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert _home_status(client) == 302


def test_signed_in_user_opening_login_goes_home(client, world):
    client.force_login(world.officer_a)
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 302 and response["Location"] == reverse("core:home")


def test_login_page_is_in_vietnamese_by_default(client, db):
    response = client.get(reverse("accounts:login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in body and "Tên đăng nhập" in body and "Mật khẩu" in body


def test_logout_needs_post(client, world):
    client.force_login(world.officer_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert _home_status(client) == 200


def test_logout_ends_the_session(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert _home_status(client) == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=world.officer_a).exists()


def test_guessing_codes_locks_the_account_like_wrong_passwords(client, world, device_a):
    wrong = f"{(int(current_code(device_a)) + 1) % 1_000_000:06d}"
    for _ in range(4):
        assert post_login(client, "officer_a", otp_token=wrong).status_code == 200
    assert post_login(client, "officer_a", otp_token=wrong).status_code == 429
    assert post_login(client, "officer_a", otp_token=current_code(device_a)).status_code == 429
