from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    """Levels of the party organisation tree, top to bottom."""

    TW = "TW", _("Trung ương")
    TRUC_THUOC_TW = "TRUC_THUOC_TW", _("Đảng bộ trực thuộc Trung ương")
    TINH_THANH = "TINH_THANH", _("Tỉnh ủy, thành ủy")
    XA_PHUONG = "XA_PHUONG", _("Đảng ủy xã, phường, đặc khu")
    CO_SO = "CO_SO", _("Đảng bộ cơ sở")
    CHI_BO = "CHI_BO", _("Chi bộ")
