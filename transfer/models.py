"""Imports of office spreadsheets (XLSX/CSV): the uploaded file, its dry run and its outcome.

An ``Import`` keeps the uploaded file encrypted (documents.storage) while it lives; its rows'
verdicts are ``ImportRow`` records (every row for interactive files, only the rows that need a
look — rejected, to review — for large files, whose counts are kept on the import).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.cccd import mask_cccd


class ImportKind(models.TextChoices):
    PEOPLE = "people", _("Cán bộ, đảng viên")
    UNITS = "units", _("Tổ chức đảng")
    POSITIONS = "positions", _("Vị trí trọng yếu, cơ mật")
    TRIPS = "trips", _("Chuyến đi nước ngoài")
    INSPECTIONS = "inspections", _("Cuộc kiểm tra, giám sát")


class ImportStatus(models.TextChoices):
    UPLOADED = "UPLOADED", _("Đã tải lên")
    ANALYSING = "ANALYSING", _("Đang kiểm tra")
    ANALYSED = "ANALYSED", _("Đã kiểm tra (chạy thử)")
    APPLYING = "APPLYING", _("Đang nhập")
    APPLIED = "APPLIED", _("Đã nhập")
    ROLLED_BACK = "ROLLED_BACK", _("Không nhập (đã hủy toàn bộ)")
    FAILED = "FAILED", _("Lỗi")


class ApplyMode(models.TextChoices):
    VALID_ROWS = "VALID_ROWS", _("Nhập mọi dòng hợp lệ")
    ALL_OR_NOTHING = "ALL_OR_NOTHING", _("Nhập tất cả hoặc không nhập gì")


class Verdict(models.TextChoices):
    CREATE = "CREATE", _("Thêm mới")
    UPDATE = "UPDATE", _("Cập nhật")
    UNCHANGED = "UNCHANGED", _("Không thay đổi")
    REJECT = "REJECT", _("Từ chối")
    REVIEW = "REVIEW", _("Cần xem xét")


class ImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An import is its owner's working file: only they see it (it holds raw rows)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(owner=user)


class Import(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"),
                              on_delete=models.PROTECT, related_name="imports")
    kind = models.CharField(_("loại dữ liệu"), max_length=16, choices=ImportKind.choices)
    filename = models.CharField(_("tên tệp"), max_length=255)
    file_format = models.CharField(_("định dạng"), max_length=8)  # xlsx | csv
    storage_key = models.CharField(max_length=64, blank=True, editable=False)
    wrapped_key = models.TextField(blank=True, editable=False)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=ImportStatus.choices,
                              default=ImportStatus.UPLOADED)
    mode = models.CharField(_("cách nhập"), max_length=16, choices=ApplyMode.choices, blank=True)
    counts = models.JSONField(default=dict, blank=True)  # dry run: verdict → rows
    applied_counts = models.JSONField(default=dict, blank=True)  # outcome: created, updated, …
    error = models.TextField(blank=True)
    header_row = models.PositiveIntegerField(null=True, blank=True)
    columns = models.JSONField(default=list, blank=True)  # [[header text, field or ""], …]
    total_rows = models.PositiveIntegerField(default=0)
    detailed = models.BooleanField(default=True)  # every row has an ImportRow
    # Fast path: data rows (after the header) committed so far, saved in the same transaction
    # as each batch: a resumed import starts after it.
    rows_committed = models.PositiveIntegerField(default=0)
    # Fast path into an empty people table: the SQL rebuilding the indexes set aside for the
    # import (people.indexes), saved with the first batch, cleared when rebuilt.
    indexes_set_aside = models.JSONField(default=list, blank=True, editable=False)
    # Large people files: the dry run kept every parsed row (StagedRow), the apply reads them
    # instead of parsing the file a second time.
    staged = models.BooleanField(default=False, editable=False)
    job_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.filename}"


class ImportRow(models.Model):
    batch = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(_("dòng"))  # row number in the sheet (1-based)
    verdict = models.CharField(_("kết quả"), max_length=10, choices=Verdict.choices)
    # Parsed values, JSON-safe (dates ISO, units by id, CCCD encrypted under "cccd_encrypted").
    data = models.JSONField(default=dict, blank=True)
    # What the user sees of the row: short text per column (CCCD masked).
    shown = models.JSONField(default=dict, blank=True)
    reasons = models.JSONField(default=list, blank=True)  # [[column label, Vietnamese message]]
    target_id = models.BigIntegerField(null=True, blank=True)
    target_version = models.PositiveIntegerField(null=True, blank=True)
    candidates = models.JSONField(default=list, blank=True)  # REVIEW: [[id, label], …]
    # REVIEW resolved by the user: an existing record id, or 0 for "create a new one".
    resolution = models.BigIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, blank=True)  # what apply did: CREATED, UPDATED, …
    outcome_message = models.TextField(blank=True)

    class Meta:
        ordering = ["batch", "number"]
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="import_row_once")]
        indexes = [models.Index(fields=["batch", "verdict", "number"], name="import_row_verdict")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.number} {self.verdict}"

    @property
    def outcome_display(self) -> str:
        return str(OUTCOMES.get(self.outcome, self.outcome))


class StagedRow(models.Model):
    """A large people file's row as the dry run read and judged it: the person's column values
    as they would be written, so the apply inserts the new people with one INSERT … SELECT per
    batch instead of reading the file again. Deleted when the import is applied or analysed
    again. Rejected rows keep only their verdict."""

    batch = models.ForeignKey(Import, on_delete=models.CASCADE, related_name="staged_rows",
                              db_index=False)  # the unique (batch, number) index serves it
    number = models.PositiveIntegerField()  # row number in the sheet
    verdict = models.CharField(max_length=10)  # the dry run's, duplicates in the file included
    fields = models.PositiveIntegerField(default=0)  # bit i: people.FIELDS[i] has a cell
    # people_person's columns (same names); where the file has no cell, a new person's default.
    full_name = models.TextField(blank=True)
    name_folded = models.TextField(blank=True)
    name_sorted = models.TextField(blank=True)
    name_exact = models.TextField(blank=True)
    birth_day = models.PositiveSmallIntegerField(null=True)
    birth_month = models.PositiveSmallIntegerField(null=True)
    birth_year = models.PositiveSmallIntegerField(null=True)
    sex = models.CharField(max_length=10, blank=True)
    cccd_encrypted = models.TextField(blank=True)  # as Person: encrypted, never in clear
    cccd_index = models.CharField(max_length=40, null=True)  # noqa: DJ001 - NULL as Person: no CCCD
    party_card_number = models.TextField(blank=True)
    hometown = models.TextField(blank=True)
    birthplace = models.TextField(blank=True)
    party_status = models.CharField(max_length=20, blank=True)
    party_admitted_on = models.DateField(null=True)
    party_official_on = models.DateField(null=True)
    org_unit_id = models.BigIntegerField(null=True)  # no foreign key: the apply checks scope
    post = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "number"], name="staged_row_once")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.number}"


# What applying did to a row (ImportRow.outcome, Import.applied_counts keys).
OUTCOMES = {"CREATED": _("Đã thêm"), "UPDATED": _("Đã cập nhật"),
            "UNCHANGED": _("Không thay đổi"), "REJECT": _("Từ chối"),
            "SKIPPED": _("Bỏ qua (chưa xem xét)"), "FAILED": _("Không ghi được"),
            "CONFLICT": _("Bị sửa trong lúc nhập")}


def masked(cccd: str) -> str:
    return mask_cccd(cccd)
