"""API authentication: bearer tokens (accounts.ApiToken) or the browser's session."""

from django.utils import timezone
from ninja.security import HttpBearer
from ninja.security import SessionAuth as NinjaSessionAuth

from accounts.models import ApiToken, hash_token


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = (
            ApiToken.objects.select_related("user", "user__org_unit")
            .filter(key_hash=hash_token(token), revoked=False, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


class SessionAuth(NinjaSessionAuth):
    """The signed-in browser session (CSRF-checked by ninja for unsafe methods)."""
