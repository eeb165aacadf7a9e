"""Users: a role, a clearance level and an org scope (a unit, with or without its subtree)."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.choices import Classification


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices, default=Role.VIEWER)
    clearance = models.PositiveSmallIntegerField(
        _("cấp độ mật được tiếp cận"), choices=Classification.choices,
        default=Classification.THUONG,
    )
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("đơn vị (phạm vi)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
    )
    include_subunits = models.BooleanField(_("gồm các đơn vị trực thuộc"), default=True)
    # The user's own personnel record: nobody may act on a vetting case about themselves or a
    # declared relative (matched through this person's CCCD blind index).
    person = models.OneToOneField(
        "people.Person", verbose_name=_("hồ sơ nhân sự của chính người dùng"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="user_account",
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the REST API; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.user} {self.name}".strip()

    @classmethod
    def issue(cls, user: User, name: str = "") -> tuple["ApiToken", str]:
        """Create a token for ``user``; returns (row, clear token shown once)."""
        clear = "hoso_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=hash_token(clear)), clear
