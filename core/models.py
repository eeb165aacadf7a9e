"""Shared data: the working-day calendar (held as data an administrator edits); model helpers."""

from django.db import models
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _

_CHOICE_LABELS: dict = {}


def _choice_labels(field) -> dict:
    """{value: label} of a field with fixed choices, built once (labels stay lazy: translated
    when shown, in the language of the request)."""
    labels = _CHOICE_LABELS.get(field)
    if labels is None:
        labels = {make_hashable(value): label for value, label in field.flatchoices}
        if not isinstance(field.choices, CallableChoiceIterator):
            _CHOICE_LABELS[field] = labels
    return labels


class QuickChoiceDisplay:
    """``get_FOO_display()`` without rebuilding the field's choices per call.

    Django's builds a dict of every choice on each call and hashes each lazy label (one gettext
    per choice): three calls per row made ~2 ms of a 50-row people list. Same result: the label
    of the value, or the value itself when it is not a choice.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        label = _choice_labels(field).get(make_hashable(value), value)
        return force_str(label, strings_only=True)


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
