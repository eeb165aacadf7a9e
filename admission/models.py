"""Party-admission dossiers (kết nạp Đảng): documents with validity, milestone dates, the clock.

Validity periods and the clock's working days are data an administrator edits (regulations change:
Quy định 294-QĐ/TW and Hướng dẫn 06-HD/TW in 2025), each with the date it applies from.
"""

import calendar
from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from admission.choices import PAPERS_EDITABLE_STATUSES, Status
from core.access import ScopedQuerySet
from core.choices import Classification


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (31/01 + 1 month = 28 or 29/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class AdmissionRule(models.Model):
    """The admission clock in working days, and the probation length, from a date on."""

    decision_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc để cấp ủy có thẩm quyền quyết định"), default=60)
    special_extra_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc thêm trong trường hợp đặc biệt"), default=30)
    ceremony_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc để tổ chức lễ kết nạp"), default=30)
    probation_months = models.PositiveSmallIntegerField(_("số tháng dự bị"), default=12)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("thời hạn kết nạp")
        verbose_name_plural = _("thời hạn kết nạp")

    def __str__(self) -> str:
        return f"{self.decision_days}/{self.special_extra_days}/{self.ceremony_days} " \
               f"({self.valid_from:%d/%m/%Y})"

    @classmethod
    def in_force(cls, on: date) -> "AdmissionRule | None":
        """The rule applying on ``on`` (the latest that started on or before it)."""
        return (cls.objects.filter(valid_from__lte=on)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
                .order_by("-valid_from").first())


class AdmissionDocumentKind(models.Model):
    """A paper of the admission dossier and how long it stays valid after it is issued."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    validity_months = models.PositiveSmallIntegerField(_("thời hạn giá trị (tháng)"))
    required = models.BooleanField(_("bắt buộc"), default=True)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("loại giấy tờ kết nạp")
        verbose_name_plural = _("loại giấy tờ kết nạp")

    def __str__(self) -> str:
        return self.name


class AdmissionDossierQuerySet(ScopedQuerySet):
    def clock_overdue(self, today: date):
        """Past the decision deadline without a decision, or past the ceremony deadline."""
        return self.filter(Q(status=Status.CELL_RESOLVED, decision_due_on__lt=today)
                           | Q(status=Status.DECIDED, ceremony_due_on__lt=today))

    def expiring(self, today: date, days: int = 30):
        """Still before the cell's resolution with a document expiring within ``days`` days."""
        limit = date.fromordinal(today.toordinal() + days)
        return self.filter(
            status__in=PAPERS_EDITABLE_STATUSES, documents__expires_on__lte=limit,
        ).distinct()


class AdmissionDossier(models.Model):
    person = models.ForeignKey("people.Person", verbose_name=_("quần chúng"),
                               on_delete=models.PROTECT, related_name="admission_dossiers")
    org_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("chi bộ"),
                                 on_delete=models.PROTECT, related_name="admission_dossiers")
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Classification.choices, default=Classification.THUONG)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices,
                              default=Status.COLLECTING, editable=False)
    opened_on = models.DateField(_("ngày lập hồ sơ"))
    special_case = models.BooleanField(_("trường hợp đặc biệt (thêm thời hạn)"), default=False)
    special_case_reason = models.CharField(_("lý do trường hợp đặc biệt"), max_length=500,
                                           blank=True)
    verification_sent_on = models.DateField(_("ngày gửi thẩm tra"), null=True, blank=True,
                                            editable=False)
    results_in_on = models.DateField(_("ngày có kết quả thẩm tra"), null=True, blank=True,
                                     editable=False)
    cell_resolved_on = models.DateField(_("ngày chi bộ ra nghị quyết"), null=True, blank=True,
                                        editable=False)
    cell_resolution_number = models.CharField(_("số nghị quyết chi bộ"), max_length=60,
                                              blank=True, editable=False)
    rule = models.ForeignKey(AdmissionRule, verbose_name=_("thời hạn áp dụng"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+",
                             editable=False)
    decision_due_on = models.DateField(_("hạn ra quyết định kết nạp"), null=True, blank=True,
                                       editable=False)
    decided_on = models.DateField(_("ngày quyết định kết nạp"), null=True, blank=True,
                                  editable=False)
    decision_number = models.CharField(_("số quyết định kết nạp"), max_length=60, blank=True,
                                       editable=False)
    ceremony_due_on = models.DateField(_("hạn tổ chức lễ kết nạp"), null=True, blank=True,
                                       editable=False)
    ceremony_on = models.DateField(_("ngày lễ kết nạp"), null=True, blank=True, editable=False)
    probation_ends_on = models.DateField(_("ngày hết thời gian dự bị"), null=True, blank=True,
                                         editable=False)
    full_member_on = models.DateField(_("ngày công nhận chính thức"), null=True, blank=True,
                                      editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdmissionDossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ kết nạp Đảng")
        verbose_name_plural = _("hồ sơ kết nạp Đảng")
        indexes = [models.Index(fields=["org_unit", "status"], name="admission_unit_status")]

    def __str__(self) -> str:
        return f"{self.person.full_name} ({self.opened_on:%d/%m/%Y})"

    def clock_due(self) -> date | None:
        """The running deadline: the decision's, then the ceremony's."""
        if self.status == Status.CELL_RESOLVED:
            return self.decision_due_on
        if self.status == Status.DECIDED:
            return self.ceremony_due_on
        return None

    def is_clock_overdue(self, today: date) -> bool:
        due = self.clock_due()
        return due is not None and due < today


class PaperQuerySet(models.QuerySet):
    """Papers are visible exactly when their dossier is (the same rules, one path)."""

    def visible_to(self, user):
        return self.filter(dossier__in=AdmissionDossier.objects.visible_to(user))


class AdmissionDocument(models.Model):
    """One paper of a dossier: issued on a date, valid for its kind's months."""

    dossier = models.ForeignKey(AdmissionDossier, on_delete=models.CASCADE,
                                related_name="documents")
    kind = models.ForeignKey(AdmissionDocumentKind, verbose_name=_("loại giấy tờ"),
                             on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField(_("ngày cấp, ngày ký"))
    # The first day it is no longer valid: issued_on + the kind's months.
    expires_on = models.DateField(_("hết giá trị từ ngày"), editable=False)
    number = models.CharField(_("số"), max_length=60, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    document = models.ForeignKey("documents.Document", verbose_name=_("văn bản lưu trữ"),
                                 null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: an edit names the version it read (services: 409 when it moved on).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["kind__sort_order", "issued_on", "id"]
        verbose_name = _("giấy tờ kết nạp")
        verbose_name_plural = _("giấy tờ kết nạp")

    def __str__(self) -> str:
        return f"{self.kind} ({self.issued_on:%d/%m/%Y})"

    def is_expired(self, on: date) -> bool:
        """No longer valid on ``on`` (valid up to the day before expires_on)."""
        return self.expires_on <= on
