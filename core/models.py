"""Shared data: the working-day calendar (held as data an administrator edits)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A day that breaks the Monday–Friday rule: a public holiday or a swapped working Saturday."""

    class Kind(models.TextChoices):
        HOLIDAY = "HOLIDAY", _("Ngày nghỉ")
        WORKING = "WORKING", _("Ngày làm việc bù")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.HOLIDAY)
    name = models.CharField(_("tên"), max_length=120)
    legal_basis = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày đặc biệt trong lịch làm việc")
        verbose_name_plural = _("lịch ngày nghỉ, ngày làm bù")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"
