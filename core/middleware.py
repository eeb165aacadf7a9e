"""Puts the request id and client address where services (and the audit log) can read them."""

import uuid

from core.context import RequestContext, current


def client_ip(request) -> str:
    """The client's address; behind the office's reverse proxy, the first X-Forwarded-For hop."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request.META.get("HTTP_X_REQUEST_ID") or uuid.uuid4().hex
        token = current.set(
            RequestContext(
                request_id=request.request_id[:64],
                ip=client_ip(request)[:64],
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:200],
            )
        )
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class VietnameseFirstMiddleware:
    """Vietnamese unless the user chose English: the browser's Accept-Language is not consulted.

    Office machines often run English-language browsers; the UI must still open in Vietnamese.
    Placed before django.middleware.locale.LocaleMiddleware, which then reads only the
    language cookie set by the switch (set_language) and falls back to LANGUAGE_CODE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: Permissions-Policy (no page needs the
    camera, microphone, location, payment or USB). Placed right after SecurityMiddleware, so
    static files served by whitenoise get it too."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.permissions_policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        return response
