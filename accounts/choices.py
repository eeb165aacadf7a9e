from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user may do inside their scope; what they may see is scope + clearance."""

    ADMIN = "ADMIN", _("Quản trị hệ thống")
    LEADER = "LEADER", _("Lãnh đạo")
    OFFICER = "OFFICER", _("Cán bộ nghiệp vụ")
    VIEWER = "VIEWER", _("Người xem")
    AUDITOR = "AUDITOR", _("Kiểm tra nhật ký")


# Roles allowed to create or change records.
WRITER_ROLES = frozenset({Role.ADMIN, Role.LEADER, Role.OFFICER})
