"""Writers for accounts: sign-in/out events and the user's TOTP device, each audited."""

import django_otp
from django.contrib import auth
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from audit.choices import AuditAction
from audit.services import record_event

TOTP_DEVICE_NAME = "hoso"


def _user_target(user: User) -> dict:
    path = user.org_unit.path if user.org_unit_id else ""
    return {"target_type": "accounts.user", "target_id": str(user.pk),
            "target_repr": user.get_username(), "org_path": path}


@transaction.atomic
def do_sign_in(request, user: User) -> None:
    """Open the session (and mark it verified when a TOTP code was given), audited."""
    device = getattr(user, "otp_device", None)
    auth.login(request, user)
    if device is not None:
        django_otp.login(request, device)
    record_event(actor=user, action=AuditAction.LOGIN, after={"otp": device is not None},
                 **_user_target(user))


def do_record_failed_sign_in(username: str) -> None:
    """Log a refused sign-in under the account's unit (when the account exists)."""
    user = User.objects.select_related("org_unit").filter(username=username).first()
    target = _user_target(user) if user else {"target_type": "accounts.user",
                                              "target_repr": username[:255]}
    record_event(actor=None, action=AuditAction.LOGIN_FAILED, **target)


@transaction.atomic
def do_sign_out(request) -> None:
    """Close the session, audited."""
    user = request.user
    if user.is_authenticated:
        record_event(actor=user, action=AuditAction.LOGOUT, **_user_target(user))
    auth.logout(request)


@transaction.atomic
def do_start_totp_setup(*, actor: User) -> TOTPDevice:
    """The user's pending (unconfirmed) TOTP device, created with a fresh secret if none."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=TOTP_DEVICE_NAME, confirmed=False)
        record_event(actor=actor, action=AuditAction.CREATE, reason="totp-pending",
                     **_user_target(actor))
    return device


@transaction.atomic
def do_confirm_totp_device(request, device: TOTPDevice, *, actor: User) -> None:
    """Turn 2FA on with ``device`` (its code already checked) and verify this session."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Other pending secrets are dead: only the one just proven may sign in.
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    django_otp.login(request, device)
    record_event(actor=actor, action=AuditAction.UPDATE, reason="totp-enabled",
                 before={"otp": False}, after={"otp": True}, **_user_target(actor))


@transaction.atomic
def do_disable_totp(request, *, actor: User) -> None:
    """Turn 2FA off: remove every TOTP device of the user, audited."""
    TOTPDevice.objects.filter(user=actor).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
    actor.otp_device = None
    record_event(actor=actor, action=AuditAction.UPDATE, reason="totp-disabled",
                 before={"otp": True}, after={"otp": False}, **_user_target(actor))


# Fields whose change alters what a user may see or do: their values go into the audit row.
_ACCESS_FIELDS = ("role", "clearance", "org_unit", "include_subunits", "is_active",
                  "is_staff", "is_superuser")


@transaction.atomic
def do_save_user(user: User, *, changed: list[str], created: bool, actor: User) -> User:
    """Save a user edited by an administrator; access-relevant changes are audited."""
    user.save()
    after = {name: getattr(user, name + "_id" if name == "org_unit" else name)
             for name in _ACCESS_FIELDS if created or name in changed}
    record_event(actor=actor, action=AuditAction.CREATE if created else AuditAction.UPDATE,
                 after=after | {"changed": sorted(changed)}, **_user_target(user))
    return user
