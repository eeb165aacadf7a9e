"""People the office handles. Only the fields the office's forms need: no religion, ethnicity,
opinion or "risk" field exists, by design."""

import hashlib

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet
from core.cccd import decrypt_value
from core.choices import Classification
from core.counting import COUNT_TTL_SECONDS
from core.models import QuickChoiceDisplay
from orgs.models import OrgUnit
from people.choices import PartyStatus, Sex

# Subtrees of up to this many units (a province) are narrowed to their unit ids (in_subtree).
LISTED_SUBTREE_UNITS = 2000


class PersonQuerySet(ScopedQuerySet):
    def in_subtree(self, user, unit):
        """People of ``unit``'s subtree, narrowed to the ids of the units ``user`` may see there.

        With the ids as constants a count reads the (org_unit, classification) index for those
        units only; a bigger subtree keeps the path-prefix join, from which both databases also
        start at the units. Not a scope by itself: chain visible_to(user).
        """
        units = list(OrgUnit.objects.visible_to(user).filter(path__startswith=unit.path)
                     .values_list("pk", flat=True)[: LISTED_SUBTREE_UNITS + 1])
        if len(units) > LISTED_SUBTREE_UNITS:
            return self.filter(org_unit__path__startswith=unit.path)
        return self.filter(org_unit_id__in=units)


def units_hold_at_most(units: list[int], limit: int) -> bool:
    """Whether the units hold at most ``limit`` people (read on the org_unit index only).

    The answer only chooses how the list and the search read a scope (both ways return the
    same rows), so it is kept COUNT_TTL_SECONDS per unit list: counting up to 10.000 index
    entries of a province on every list page or search cost ~4 ms of web CPU (an IN list of
    ~900 ids) and ~7 ms of PostgreSQL.
    """
    digest = hashlib.sha1(",".join(map(str, units)).encode()).hexdigest()
    key = f"hoso:people-at-most:{limit}:{digest}"
    answer = cache.get(key)
    if answer is None:
        answer = Person.objects.filter(org_unit_id__in=units)[: limit + 1].count() <= limit
        cache.set(key, answer, COUNT_TTL_SECONDS)
    return answer


class Person(QuickChoiceDisplay, models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=120)
    # Search keys derived from full_name by core.textfold (see there); never typed by users.
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    name_sorted = models.CharField(max_length=120, db_index=True, editable=False)
    name_exact = models.CharField(max_length=160, editable=False)
    # Date of birth as three parts: old records often know the year only, or not the year.
    birth_day = models.PositiveSmallIntegerField(_("ngày sinh"), null=True, blank=True)
    birth_month = models.PositiveSmallIntegerField(_("tháng sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=3, choices=Sex.choices)
    cccd_encrypted = models.TextField(blank=True, editable=False)
    cccd_index = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    party_card_number = models.CharField(_("số thẻ đảng viên"), max_length=20, blank=True, db_index=True)
    hometown = models.CharField(_("quê quán"), max_length=255, blank=True)
    hometown_former = models.CharField(_("quê quán (địa danh cũ)"), max_length=255, blank=True)
    birthplace = models.CharField(_("nơi sinh"), max_length=255, blank=True)
    birthplace_former = models.CharField(_("nơi sinh (địa danh cũ)"), max_length=255, blank=True)
    party_status = models.CharField(
        _("tình trạng đảng viên"), max_length=12, choices=PartyStatus.choices,
        default=PartyStatus.QUAN_CHUNG,
    )
    party_admitted_on = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    party_official_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people",
    )
    post = models.CharField(_("chức vụ"), max_length=255, blank=True)
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Classification.choices, default=Classification.THUONG,
    )
    # Optimistic locking: a save carries the version it read; a stale one is a conflict.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ, đảng viên")
        verbose_name_plural = _("cán bộ, đảng viên")
        indexes = [
            models.Index(fields=["name_sorted", "birth_year"], name="person_sorted_year"),
            # The people list's order: an index walk serves ORDER BY name_folded, id LIMIT n
            # (PostgreSQL's name_folded index alone does not order ties by id).
            models.Index(fields=["name_folded", "id"], name="person_name_id"),
            # Scoped counts (home, unit page) read this index only: unit list x clearance.
            models.Index(fields=["org_unit", "classification"], name="person_unit_class"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def cccd(self) -> str:
        return decrypt_value(self.cccd_encrypted)

    @property
    def birth_display(self) -> str:
        """dd/mm/yyyy with unknown parts as '..'."""
        day = f"{self.birth_day:02d}" if self.birth_day else ".."
        month = f"{self.birth_month:02d}" if self.birth_month else ".."
        year = f"{self.birth_year}" if self.birth_year else "...."
        return f"{day}/{month}/{year}"


class NameSyllable(models.Model):
    """Dictionary of folded syllables seen in names, to correct one slipped letter."""

    text = models.CharField(max_length=40, unique=True)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.text
