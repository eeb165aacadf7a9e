from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    NAM = "NAM", _("Nam")
    NU = "NU", _("Nữ")


class PartyStatus(models.TextChoices):
    QUAN_CHUNG = "QUAN_CHUNG", _("Quần chúng")
    DU_BI = "DU_BI", _("Đảng viên dự bị")
    CHINH_THUC = "CHINH_THUC", _("Đảng viên chính thức")
