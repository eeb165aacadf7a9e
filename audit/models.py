"""The tamper-evident audit log: append-only rows, each carrying the hash of the one before.

Editing, deleting or reordering a row breaks the chain at that row; `manage.py verify_audit`
finds the first break. On PostgreSQL triggers also refuse UPDATE, DELETE and TRUNCATE on the
table (migration 0002); on SQLite a trigger refuses UPDATE.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.choices import AuditAction
from core.access import ScopedQuerySet, scope_path
from core.choices import Classification


class AuditEventQuerySet(ScopedQuerySet):
    # An auditor sees the events about records in their subtree (and their own unit's users).
    scope_path_field = "org_path"
    scope_unit_field = "org_path"
    classification_field = None

    def visible_to(self, user):
        """Events tied to the user's subtree; a root-scoped user also sees unit-less events."""
        path = scope_path(user)
        if path is None:
            return self.none()
        if not getattr(user, "include_subunits", True):
            return self.filter(org_path=path)
        condition = models.Q(org_path__startswith=path)
        if user.org_unit.parent_id is None:
            # Failed logins with an unknown username belong to no unit: the centre sees them.
            condition |= models.Q(org_path="")
        return self.filter(condition)


class AuditEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    at = models.DateTimeField(_("thời điểm"), db_index=True)
    # DO_NOTHING, not SET_NULL: actor_id is hashed into the chain, and rows are never updated.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
        related_name="+", db_constraint=False,
    )
    # Frozen at write time: the name survives a later rename or deletion of the account.
    actor_name = models.CharField(_("người thực hiện"), max_length=150, blank=True, db_index=True)
    action = models.CharField(_("hành động"), max_length=12, choices=AuditAction.choices)
    target_type = models.CharField(_("loại đối tượng"), max_length=60, blank=True, db_index=True)
    target_id = models.CharField(_("mã đối tượng"), max_length=40, blank=True, db_index=True)
    target_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    classification = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    ip = models.CharField(_("địa chỉ"), max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký")

    def __str__(self) -> str:
        return f"#{self.id} {self.action} {self.target_type}:{self.target_id}"

    @property
    def classification_label(self) -> str:
        """The state-secret level of the record the event is about, as a word."""
        if self.classification in Classification.values:
            return Classification(self.classification).label
        return str(self.classification)
