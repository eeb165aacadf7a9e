"""API authentication: bearer tokens (accounts.ApiToken) or the browser's session."""

from functools import wraps

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from accounts.models import ApiToken, hash_token


def user_for_token(token: str):
    """The active user owning the unrevoked token ``token``, or None."""
    row = (
        ApiToken.objects.select_related("user", "user__org_unit")
        .filter(key_hash=hash_token(token.strip()), revoked=False, user__is_active=True)
        .first()
    )
    if row is None:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row.user


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is None:
            # A client that sends a token means to use it: a bad one is refused outright
            # rather than silently falling back to whatever session cookie rides along.
            raise AuthenticationError()
        request.user = user
        request.auth_via_token = True
        return user


class SessionAuth(NinjaSessionAuth):
    """The signed-in browser session (CSRF-checked by ninja for unsafe methods)."""


def require_api_auth(view):
    """Guard a plain view of the API (the OpenAPI schema) with the API's own authentication."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        from ninja.responses import Response

        header = request.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        user = user_for_token(token) if scheme.lower() == "bearer" and token else None
        if user is None and not header and request.user.is_authenticated:
            user = request.user
        if user is None:
            return Response({"detail": _(
                "Cần đăng nhập hoặc gửi mã truy cập API hợp lệ (Authorization: Bearer …)."
            )}, status=401)
        request.user = user
        return view(request, *args, **kwargs)

    return wrapped
