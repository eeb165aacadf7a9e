"""The organisation tree. Access scoping follows it: a user sees the subtree of their unit.

The tree is a plain materialised path ("1/5/120/"): a subtree is one indexed prefix range,
which stays fast at tens of thousands of units and needs no extra library.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet
from core.textfold import fold, nfc
from orgs.choices import OrgKind


class OrgUnitQuerySet(ScopedQuerySet):
    scope_path_field = "path"
    scope_unit_field = "pk"
    classification_field = None

    def active(self):
        return self.filter(valid_to__isnull=True)


class OrgUnit(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("loại"), max_length=16, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", verbose_name=_("đơn vị tiền thân"), symmetrical=False, blank=True,
        related_name="successors",
    )
    # Optimistic locking: an edit names the version it read (services: 409 when it moved on).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)
        expected = (self.parent.path if self.parent_id else "") + f"{self.pk}/"
        if self.path != expected:
            self.path = expected
            self.depth = expected.count("/") - 1
            type(self).objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    @property
    def is_active(self) -> bool:
        return self.valid_to is None

    def ancestors(self):
        """Units above this one, top first (from the path, one query)."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        by_id = OrgUnit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]
