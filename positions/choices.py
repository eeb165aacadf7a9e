"""Codes of key and secret positions (labels in Vietnamese)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Level of a position in the unit's catalogue."""

    TRONG_YEU = "TRONG_YEU", _("Trọng yếu")
    CO_MAT = "CO_MAT", _("Cơ mật")


class Fitness(models.TextChoices):
    """Why a holder is (not) covered by a valid conclusion: a flag, never a decision."""

    FIT = "FIT", _("Có kết luận phù hợp")
    NONE = "NONE", _("Chưa có kết luận")
    EXPIRED = "EXPIRED", _("Kết luận đã quá hạn xem xét lại")
    ADVERSE = "ADVERSE", _("Kết luận không đủ tiêu chuẩn")
    CEILING_BELOW = "CEILING_BELOW", _("Giới hạn của kết luận thấp hơn vị trí")
