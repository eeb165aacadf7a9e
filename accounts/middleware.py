"""Two-factor guard: a signed-in user who has TOTP enabled must have passed it this session."""

from django.contrib.auth import logout
from django.shortcuts import redirect
from django_otp import user_has_device


class OtpRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not getattr(request, "auth_via_token", False)
            and user_has_device(user, confirmed=True)
            and not user.is_verified()
        ):
            # A session that skipped the second factor is not a session.
            logout(request)
            return redirect("accounts:login")
        return self.get_response(request)
