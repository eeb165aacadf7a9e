"""Helpers for REST API tests: a bearer token per persona and JSON calls."""

import json

from accounts.models import ApiToken

API = "/api/v1"


def token_for(user, name: str = "test") -> str:
    """Issue a token for ``user`` and return the clear value."""
    return ApiToken.issue(user, name=name)[1]


def auth(user) -> dict:
    """Headers that authenticate as ``user`` with a fresh bearer token."""
    return {"Authorization": f"Bearer {token_for(user)}"}


def call(client, method: str, path: str, user=None, body=None, headers=None):
    """Send ``body`` as JSON to API path ``path`` as ``user`` (None = anonymous)."""
    sent = dict(headers or {})
    if user is not None:
        sent.update(auth(user))
    kwargs = {"headers": sent}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method.lower())(API + path, **kwargs)
