"""Catalogues of key (trọng yếu) and secret (cơ mật) positions of a unit, versioned by decision,
their positions, the holdings linking a person to a position for a period, and the ceiling rules
(data) telling which position levels a limited conclusion ("đủ tiêu chuẩn có giới hạn") covers.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet
from core.choices import Classification
from positions.choices import Fitness, Level


class CatalogueQuerySet(ScopedQuerySet):
    def in_force(self, on):
        """Catalogues that apply on day ``on`` (one per unit: a new one closes the old)."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on)


class Catalogue(models.Model):
    """A decision listing a unit's key/secret positions; a newer decision supersedes it."""

    org_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("đơn vị"),
                                 on_delete=models.PROTECT, related_name="position_catalogues")
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    decided_on = models.DateField(_("ngày quyết định"))
    decision_document = models.ForeignKey(
        "documents.Document", verbose_name=_("văn bản quyết định"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True, editable=False)
    supersedes = models.OneToOneField("self", verbose_name=_("thay thế danh mục"), null=True,
                                      blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by", editable=False)
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Classification.choices, default=Classification.THUONG)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["org_unit__path", "-valid_from", "-id"]
        verbose_name = _("danh mục vị trí trọng yếu, cơ mật")
        verbose_name_plural = _("danh mục vị trí trọng yếu, cơ mật")

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.org_unit})"

    def in_force_on(self, on) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


class ChildQuerySet(ScopedQuerySet):
    """Positions: scoped by their catalogue's unit and classification."""

    scope_path_field = "catalogue__org_unit__path"
    scope_unit_field = "catalogue__org_unit"
    classification_field = "catalogue__classification"

    def in_force(self, on):
        return self.filter(Q(catalogue__valid_to__isnull=True) | Q(catalogue__valid_to__gte=on),
                           catalogue__valid_from__lte=on)


class Position(models.Model):
    """A line of a catalogue: part (department), post, level."""

    catalogue = models.ForeignKey(Catalogue, on_delete=models.CASCADE, related_name="positions")
    department = models.CharField(_("bộ phận"), max_length=255)
    title = models.CharField(_("chức danh, vị trí"), max_length=255)
    level = models.CharField(_("cấp độ"), max_length=16, choices=Level.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["department", "title", "id"]
        verbose_name = _("vị trí trọng yếu, cơ mật")
        verbose_name_plural = _("vị trí trọng yếu, cơ mật")

    def __str__(self) -> str:
        return f"{self.title} — {self.department}"

    @property
    def key(self) -> tuple:
        """What makes a position 'the same' across catalogue versions."""
        return (self.department.strip().casefold(), self.title.strip().casefold())


class HoldingQuerySet(ScopedQuerySet):
    """Holdings: the position's scope and classification, and the holder within clearance."""

    scope_path_field = "position__catalogue__org_unit__path"
    scope_unit_field = "position__catalogue__org_unit"
    classification_field = "position__catalogue__classification"

    def visible_to(self, user):
        queryset = super().visible_to(user)
        if not getattr(user, "is_authenticated", False):
            return queryset
        return queryset.filter(person__classification__lte=user.clearance)

    def active_on(self, on):
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on), started_on__lte=on)


class Holding(models.Model):
    """A person holds a position for a period; an unfit holder only with a named override."""

    position = models.ForeignKey(Position, verbose_name=_("vị trí"), on_delete=models.PROTECT,
                                 related_name="holdings")
    person = models.ForeignKey("people.Person", verbose_name=_("người đảm nhiệm"),
                               on_delete=models.PROTECT, related_name="position_holdings")
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)
    # The fitness result shown when assigned, kept as it was (the conclusion may change later).
    fitness_at_start = models.CharField(_("kết quả đối chiếu khi bố trí"), max_length=16,
                                        choices=Fitness.choices, editable=False)
    override_reason = models.TextField(_("lý do vẫn bố trí"), max_length=2000, blank=True,
                                       editable=False)
    # Empty only for rows loaded in bulk (demo data, imports), never for a user's override.
    override_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người quyết định"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", editable=False)
    override_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True,
                                       editable=False)
    carried_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HoldingQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("người đảm nhiệm vị trí")
        verbose_name_plural = _("người đảm nhiệm vị trí")
        constraints = [models.CheckConstraint(
            condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            name="positions_holding_period")]

    def __str__(self) -> str:
        return f"{self.person} — {self.position}"


class CeilingRuleQuerySet(models.QuerySet):
    def in_force(self, on):
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on,
                           active=True)


class CeilingRule(models.Model):
    """A limited conclusion whose ceiling text contains ``phrase`` covers positions of ``level``.

    The ceiling of a conclusion is free text ("đến vị trí trọng yếu", …): which levels it covers
    is data an administrator edits, not code. A ceiling matching no rule covers nothing.
    """

    phrase = models.CharField(_("cụm từ trong giới hạn"), max_length=120)
    level = models.CharField(_("bao gồm vị trí cấp độ"), max_length=16, choices=Level.choices)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)

    objects = CeilingRuleQuerySet.as_manager()

    class Meta:
        ordering = ["phrase", "level"]
        verbose_name = _("quy tắc giới hạn kết luận")
        verbose_name_plural = _("quy tắc giới hạn kết luận")

    def __str__(self) -> str:
        return f"“{self.phrase}” → {self.get_level_display()}"
