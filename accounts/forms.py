"""Sign-in and two-factor forms."""

from django import forms
from django.contrib.auth import user_login_failed
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

_TOKEN_ATTRS = {
    "autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*",
    "maxlength": "8", "class": "form-control",
}


def confirmed_totp_device(user) -> TOTPDevice | None:
    """The user's confirmed TOTP device (hoso keeps at most one), or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


class LoginForm(OTPAuthenticationFormMixin, AuthenticationForm):
    """Username + password; the TOTP code is required only of users who turned 2FA on."""

    otp_token = forms.CharField(
        label=_("Mã xác thực 2 bước"), required=False, widget=forms.TextInput(attrs=_TOKEN_ATTRS),
        help_text=_("Chỉ nhập nếu tài khoản đã bật xác thực 2 bước (6 chữ số trên ứng dụng)."),
    )

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra lại (chú ý chữ hoa, chữ "
            "thường và bộ gõ tiếng Việt)."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Hãy liên hệ quản trị hệ thống."),
    }
    otp_error_messages = dict(
        OTPAuthenticationFormMixin.otp_error_messages,
        token_required=_(
            "Tài khoản này đã bật xác thực 2 bước: hãy nhập mã 6 chữ số trên ứng dụng xác thực."
        ),
        invalid_token=_(
            "Mã xác thực 2 bước không đúng hoặc đã hết hạn. Hãy nhập mã mới đang hiện trên "
            "ứng dụng."
        ),
        n_failed_attempts=_(
            "Mã xác thực đã sai nhiều lần: hãy chờ ít phút rồi nhập mã mới."
        ),
        verification_not_allowed=_(
            "Tạm thời chưa thể kiểm tra mã xác thực: hãy chờ ít phút rồi thử lại."
        ),
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        for name in ("username", "password"):
            self.fields[name].widget.attrs["class"] = "form-control"

    def clean(self):
        self.cleaned_data = super().clean()
        self.clean_otp(self.get_user())
        return self.cleaned_data

    def clean_otp(self, user):
        """Check the code against the user's confirmed device; no device, no code asked."""
        if user is None:
            return
        device = confirmed_totp_device(user)
        user.otp_device = None
        if device is None:
            return
        token = (self.cleaned_data.get("otp_token") or "").strip()
        if not token:
            raise forms.ValidationError(
                self.otp_error_messages["token_required"], code="token_required"
            )
        try:
            user.otp_device = self._verify_token(user, token, device)
        except forms.ValidationError:
            # A wrong code counts as a failed sign-in, so axes locks out code guessing too.
            user_login_failed.send(
                sender=type(self), credentials={"username": user.get_username()},
                request=self.request,
            )
            raise


class TotpConfirmForm(forms.Form):
    """The first code shown by the authenticator app, proving the secret was copied."""

    token = forms.CharField(label=_("Mã 6 chữ số"), widget=forms.TextInput(attrs=_TOKEN_ATTRS))

    def __init__(self, device: TOTPDevice, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _("Mã không đúng. Hãy kiểm tra giờ của điện thoại và nhập mã mới đang hiện."),
                code="invalid_token",
            )
        return token


class PasswordConfirmForm(forms.Form):
    """Asks the password again before a sensitive change (turning 2FA off)."""

    password = forms.CharField(
        label=_("Mật khẩu hiện tại"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                          "class": "form-control"}),
    )

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("Mật khẩu không đúng. Hãy nhập lại mật khẩu bạn dùng để đăng nhập."),
                code="wrong_password",
            )
        return password
