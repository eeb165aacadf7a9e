"""Choices of documents and secret-document registers (Vietnamese labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    """Where a document comes from: received, sent by the unit, or kept inside it."""

    IN = "IN", _("Văn bản đến")
    OUT = "OUT", _("Văn bản đi")
    INTERNAL = "INTERNAL", _("Văn bản nội bộ")


class Urgency(models.TextChoices):
    """Độ khẩn of an official document."""

    THUONG = "THUONG", _("Thường")
    KHAN = "KHAN", _("Khẩn")
    THUONG_KHAN = "THUONG_KHAN", _("Thượng khẩn")
    HOA_TOC = "HOA_TOC", _("Hỏa tốc")


class RegisterKind(models.TextChoices):
    """Secret-document registers: received, sent, copied, destroyed."""

    IN = "IN", _("Vào sổ văn bản mật đến")
    OUT = "OUT", _("Vào sổ văn bản mật đi")
    COPY = "COPY", _("Sao, chụp tài liệu mật")
    DESTROY = "DESTROY", _("Tiêu hủy tài liệu mật")


# Registers that take copies away from those held (cannot exceed them).
REMOVING_KINDS = frozenset({RegisterKind.OUT, RegisterKind.DESTROY})
# Registers that need a named approver (copying and destroying a state secret).
APPROVED_KINDS = frozenset({RegisterKind.COPY, RegisterKind.DESTROY})
