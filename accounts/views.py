"""Sign-in, sign-out, the user's profile and two-factor set-up."""

from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import LoginForm, PasswordConfirmForm, TotpConfirmForm, confirmed_totp_device
from core import access


class LoginView(auth_views.LoginView):
    """Password, then the TOTP code for users who turned 2FA on; axes counts the failures."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        services.do_sign_in(self.request, form.get_user())
        return redirect(self.get_success_url())

    def form_invalid(self, form):
        username = (form.data.get("username") or "").strip()
        if username:
            services.do_record_failed_sign_in(username)
        return super().form_invalid(form)


login_view = access.public(LoginView.as_view())


@access.public
@require_POST
def logout_view(request):
    """Sign out (POST only, so a link or an image cannot sign anyone out)."""
    services.do_sign_out(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@access.login_required
def profile(request):
    """Who the user is to hoso: name, role, scope, clearance, language, 2FA."""
    device = confirmed_totp_device(request.user)
    return render(request, "accounts/profile.html", {"otp_enabled": device is not None})


def qr_svg(data: str) -> str:
    """The QR code of ``data`` as inline SVG markup (pure Python, no image library)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def _setup_context(request, device, confirm_form) -> dict:
    return {
        "device": device,
        "qr_svg": mark_safe(qr_svg(device.config_url)),  # generated here, no user text
        "secret": b32encode(device.bin_key).decode(),
        "form": confirm_form,
    }


@access.login_required
def otp_setup(request):
    """Turn TOTP on (QR code, secret, first code) or off (password)."""
    if confirmed_totp_device(request.user) is not None:
        return _otp_disable(request)
    device = services.do_start_totp_setup(actor=request.user)
    form = TotpConfirmForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.do_confirm_totp_device(request, device, actor=request.user)
        messages.success(request, _("Đã bật xác thực 2 bước. Từ lần sau, khi đăng nhập hãy "
                                    "nhập thêm mã trên ứng dụng xác thực."))
        return redirect("accounts:profile")
    return render(request, "accounts/otp_setup.html", _setup_context(request, device, form))


def _otp_disable(request):
    form = PasswordConfirmForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.do_disable_totp(request, actor=request.user)
        messages.warning(request, _("Đã tắt xác thực 2 bước cho tài khoản của bạn."))
        return redirect("accounts:profile")
    return render(request, "accounts/otp_disable.html", {"form": form})
