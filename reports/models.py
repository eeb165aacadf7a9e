"""Issued reports: a frozen copy of a report's figures and files, with their checksums.

An issued report never changes: ``save`` refuses an update, ``delete`` refuses, and the
QuerySet refuses ``update``/``delete``. Its files are stored encrypted (``documents.storage``)
and each one's SHA-256 is checked again at every download.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet
from core.choices import Classification
from reports.kinds import ReportKind


class FrozenError(Exception):
    """An issued report (or one of its files) was asked to change."""


class FrozenQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise FrozenError("issued reports never change")

    def delete(self):
        raise FrozenError("issued reports are never deleted")


class IssuedReport(models.Model):
    """A report as issued: its figures (JSON) and DOCX/XLSX/PDF files are frozen."""

    org_unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("đơn vị"))
    kind = models.CharField(_("loại báo cáo"), max_length=16, choices=ReportKind.choices)
    title = models.CharField(_("trích yếu"), max_length=500)
    date_from = models.DateField(_("từ ngày"))
    date_to = models.DateField(_("đến ngày"))
    as_of = models.DateField(_("số liệu tính đến ngày"), null=True, blank=True)
    number = models.CharField(_("số"), max_length=64)
    issued_on = models.DateField(_("ngày ban hành"))
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Classification.choices, default=Classification.MAT)
    # What the documents were built from: the figures and the document's header/signature.
    figures = models.JSONField(_("số liệu"), editable=False)
    meta = models.JSONField(editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", editable=False)
    issued_at = models.DateTimeField(_("thời điểm ban hành"), auto_now_add=True)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo đã ban hành")
        verbose_name_plural = _("báo cáo đã ban hành")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "number", "issued_on"],
                                    name="reports_issued_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenError("issued reports never change")
        kwargs.pop("force_insert", None)
        super().save(*args, force_insert=True, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("issued reports are never deleted")


class IssuedFileQuerySet(FrozenQuerySet):
    scope_path_field = "report__org_unit__path"
    scope_unit_field = "report__org_unit"
    classification_field = "report__classification"


class IssuedFile(models.Model):
    """One file (DOCX, XLSX or PDF) of an issued report, encrypted at rest, with its SHA-256."""

    report = models.ForeignKey(IssuedReport, on_delete=models.PROTECT, related_name="files")
    fmt = models.CharField(_("định dạng"), max_length=8)
    filename = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    storage_key = models.CharField(max_length=64, unique=True, editable=False)
    wrapped_key = models.CharField(max_length=200, editable=False)
    key_id = models.CharField(max_length=16, editable=False)

    objects = IssuedFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp báo cáo đã ban hành")
        verbose_name_plural = _("tệp báo cáo đã ban hành")
        constraints = [
            models.UniqueConstraint(fields=["report", "fmt"], name="reports_issued_file_fmt"),
        ]

    def __str__(self) -> str:
        return self.filename

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenError("issued report files never change")
        kwargs.pop("force_insert", None)
        super().save(*args, force_insert=True, **kwargs)

    def delete(self, *args, **kwargs):
        raise FrozenError("issued report files are never deleted")
