"""Sign-in, sign-out and failed sign-in events, from Django's auth signals (wired in apps.py).

hoso's own sign-in and sign-out pages write these events themselves, through
accounts.services (in the login's transaction, with the two-factor detail); the receivers here
skip those two views and catch every other path: the admin site's login, a session dropped by the
two-factor guard, scripts and the test client.
"""

from django.contrib.auth import get_user_model

from audit.choices import AuditAction
from audit.services import record_event

SELF_AUDITED_VIEWS = frozenset({"accounts:login", "accounts:logout"})


def _audited_elsewhere(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.view_name in SELF_AUDITED_VIEWS


def on_logged_in(sender, request, user, **kwargs):
    """A successful sign-in: the account is both actor and target."""
    if not _audited_elsewhere(request):
        record_event(actor=user, action=AuditAction.LOGIN, target_repr=user.get_username(),
                     target=user)


def on_logged_out(sender, request, user, **kwargs):
    """A sign-out (``user`` is None when the session was already anonymous)."""
    if user is not None and not _audited_elsewhere(request):
        record_event(actor=user, action=AuditAction.LOGOUT, target_repr=user.get_username(),
                     target=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    """A refused sign-in: no actor is known; the target is the account that was tried."""
    if _audited_elsewhere(request):
        return
    user_model = get_user_model()
    username = str(credentials.get(user_model.USERNAME_FIELD, "") or "")
    account = (user_model.objects.select_related("org_unit")
               .filter(**{user_model.USERNAME_FIELD: username}).first() if username else None)
    if account is not None:
        record_event(actor=None, action=AuditAction.LOGIN_FAILED,
                     target_repr=account.get_username(), target=account)
    else:
        # Unknown name: kept as typed (truncated) so repeated guessing shows up in the log.
        record_event(actor=None, action=AuditAction.LOGIN_FAILED,
                     target_type=user_model._meta.label_lower, target_repr=username[:150])
