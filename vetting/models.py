"""Vetting cases (hồ sơ thẩm định, thẩm tra): the subject, the declared relatives, findings,
the conclusion with its explanation and complaints, and the pauses of the case clock.

Purposes (with their deadlines) and finding categories are data an administrator edits.
No opinion or "risk" field exists anywhere, by design: findings are facts with evidence.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet
from core.cccd import decrypt_value
from core.choices import Classification
from vetting.choices import ADVERSE_OUTCOMES, ComplaintResult, Outcome, Relation, Status


class PurposeQuerySet(models.QuerySet):
    def in_force(self, on):
        """Purposes whose rule applies on day ``on``."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on), valid_from__lte=on,
                           active=True)


class Purpose(models.Model):
    """Why a case is opened (KET_NAP, BO_NHIEM, …) and the deadlines that go with it."""

    code = models.CharField(_("mã"), max_length=32)
    name = models.CharField(_("tên"), max_length=200)
    sla_days = models.PositiveSmallIntegerField(_("thời hạn giải quyết (ngày làm việc)"))
    recheck_months = models.PositiveSmallIntegerField(_("xem xét lại sau (tháng)"), default=6)
    explanation_days = models.PositiveSmallIntegerField(
        _("thời hạn giải trình (ngày làm việc)"), default=10)
    complaint_days = models.PositiveSmallIntegerField(
        _("thời hạn giải quyết khiếu nại (ngày làm việc)"), default=30)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    objects = PurposeQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code", "-valid_from"]
        verbose_name = _("mục đích thẩm định")
        verbose_name_plural = _("mục đích thẩm định")
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"],
                                               name="vetting_purpose_code_from")]

    def __str__(self) -> str:
        return self.name


class FindingCategory(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("nhóm nội dung xác minh")
        verbose_name_plural = _("nhóm nội dung xác minh")

    def __str__(self) -> str:
        return self.name


class VettingCaseQuerySet(ScopedQuerySet):
    def open(self):
        return self.exclude(status__in=(Status.CONCLUDED, Status.NEEDS_RECHECK, Status.WITHDRAWN,
                                        Status.DRAFT))

    def overdue(self, today):
        """Open, running (not paused) and past the case deadline on ``today``."""
        return self.open().exclude(status=Status.SUSPENDED).filter(due_on__lt=today)


class VettingCase(models.Model):
    org_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("đơn vị thụ lý"),
                                 on_delete=models.PROTECT, related_name="vetting_cases")
    subject = models.ForeignKey("people.Person", verbose_name=_("người được thẩm định"),
                                on_delete=models.PROTECT, related_name="vetting_cases")
    purpose = models.ForeignKey(Purpose, verbose_name=_("mục đích"), on_delete=models.PROTECT,
                                related_name="cases")
    position = models.CharField(_("chức vụ, vị trí dự kiến"), max_length=255, blank=True)
    requesting_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT,
        related_name="+")
    competent_body = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("cấp có thẩm quyền kết luận"), on_delete=models.PROTECT,
        related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cán bộ thụ lý"),
                                null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("tổ thẩm tra"),
                                  blank=True, related_name="+")
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Classification.choices, default=Classification.THUONG)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT, editable=False)
    # The clock: opened_on (submission) + the purpose's working days + working days paused.
    opened_on = models.DateField(_("ngày nhận hồ sơ"), null=True, blank=True, editable=False)
    due_on = models.DateField(_("hạn giải quyết"), null=True, blank=True, editable=False)
    paused_days = models.PositiveIntegerField(_("số ngày làm việc tạm dừng"), default=0,
                                              editable=False)
    status_before_pause = models.CharField(max_length=20, blank=True, editable=False)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True, editable=False)
    recheck_on = models.DateField(_("ngày xem xét lại"), null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VettingCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ thẩm định")
        verbose_name_plural = _("hồ sơ thẩm định")
        indexes = [models.Index(fields=["org_unit", "classification"], name="vetting_unit_class"),
                   models.Index(fields=["status", "due_on"], name="vetting_status_due")]

    def __str__(self) -> str:
        return f"{self.purpose} — {self.subject}"[:255]

    def is_overdue(self, today) -> bool:
        return (self.status not in (Status.CONCLUDED, Status.NEEDS_RECHECK, Status.WITHDRAWN,
                                    Status.DRAFT, Status.SUSPENDED)
                and self.due_on is not None and self.due_on < today)


class ChildQuerySet(ScopedQuerySet):
    """Rows that belong to one case: scoped by the case's unit and classification."""

    scope_path_field = "case__org_unit__path"
    scope_unit_field = "case__org_unit"
    classification_field = "case__classification"


class Relative(models.Model):
    """A line of the subject's declaration: never a profile of its own."""

    case = models.ForeignKey(VettingCase, on_delete=models.CASCADE, related_name="relatives")
    relation = models.CharField(_("quan hệ"), max_length=16, choices=Relation.choices)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    residence = models.CharField(_("nơi ở hiện nay"), max_length=255, blank=True)
    occupation = models.CharField(_("nghề nghiệp"), max_length=255, blank=True)
    cccd_encrypted = models.TextField(blank=True, editable=False)
    cccd_index = models.CharField(max_length=40, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: an edit names the version it read (services: 409 when it moved on).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("thân nhân")
        verbose_name_plural = _("thân nhân")

    def __str__(self) -> str:
        return f"{self.get_relation_display()}: {self.full_name}"

    @property
    def cccd(self) -> str:
        return decrypt_value(self.cccd_encrypted)


class Finding(models.Model):
    """A verified fact of a category, about the subject (relative empty) or one relative."""

    case = models.ForeignKey(VettingCase, on_delete=models.CASCADE, related_name="findings")
    category = models.ForeignKey(FindingCategory, verbose_name=_("nhóm nội dung"),
                                 on_delete=models.PROTECT, related_name="findings")
    relative = models.ForeignKey(Relative, verbose_name=_("về thân nhân"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="findings")
    summary = models.TextField(_("nội dung xác minh được"), max_length=4000)
    source = models.CharField(_("nguồn (cơ quan, văn bản trả lời)"), max_length=500, blank=True)
    recorded_on = models.DateField(_("ngày ghi nhận"))
    # Empty only for rows loaded in bulk (demo data, imports), never for a user's entry.
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: an edit names the version it read (services: 409 when it moved on).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["category__sort_order", "id"]
        verbose_name = _("nội dung xác minh")
        verbose_name_plural = _("nội dung xác minh")

    def __str__(self) -> str:
        return f"{self.category}: {self.summary[:60]}"

    @property
    def about(self) -> str:
        return str(self.relative) if self.relative_id else str(_("Người được thẩm định"))


class Conclusion(models.Model):
    """The proposed, then decided, conclusion of a case (one per case at a time)."""

    case = models.ForeignKey(VettingCase, on_delete=models.CASCADE, related_name="conclusions")
    outcome = models.CharField(_("kết luận"), max_length=24, choices=Outcome.choices)
    ceiling = models.CharField(_("giới hạn (đến chức vụ, vị trí)"), max_length=255, blank=True)
    reasons = models.TextField(_("lý do, căn cứ"), max_length=8000)
    # Empty only for rows loaded in bulk (demo data, imports), never for a user's proposal.
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, related_name="+", editable=False)
    proposed_on = models.DateField(_("ngày đề xuất"))
    second_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người phê duyệt thứ hai"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="+", editable=False)
    second_approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True,
                                          editable=False)
    decider = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người kết luận"),
                                null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", editable=False)
    decided_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    decision_document = models.ForeignKey(
        "documents.Document", verbose_name=_("văn bản kết luận"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    recheck_on = models.DateField(_("ngày xem xét lại"), null=True, blank=True)
    # A proposal sent back is kept (history), marked withdrawn.
    withdrawn = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("kết luận")
        verbose_name_plural = _("kết luận")
        constraints = [models.CheckConstraint(
            condition=Q(second_approver__isnull=True) | Q(decider__isnull=True)
            | ~Q(second_approver=models.F("decider")), name="vetting_two_different_approvers")]

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def is_adverse(self) -> bool:
        return self.outcome in ADVERSE_OUTCOMES


class Explanation(models.Model):
    """The subject's written explanation (giải trình), asked before an adverse outcome."""

    case = models.ForeignKey(VettingCase, on_delete=models.CASCADE, related_name="explanations")
    requested_on = models.DateField(_("ngày đề nghị giải trình"))
    due_on = models.DateField(_("hạn giải trình"))
    points = models.TextField(_("nội dung đề nghị giải trình"), max_length=4000)
    received_on = models.DateField(_("ngày nhận giải trình"), null=True, blank=True)
    summary = models.TextField(_("tóm tắt giải trình"), max_length=8000, blank=True)
    absence_noted_on = models.DateField(_("ngày ghi nhận không giải trình"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+", editable=False)
    # Optimistic locking: an edit names the version it read (services: 409 when it moved on).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("giải trình")
        verbose_name_plural = _("giải trình")

    def __str__(self) -> str:
        return f"{self.requested_on:%d/%m/%Y}"

    @property
    def settled(self) -> bool:
        """Received, or its absence noted after the deadline."""
        return self.received_on is not None or self.absence_noted_on is not None


class Complaint(models.Model):
    """A complaint (khiếu nại) against a decided conclusion: tracked with a deadline and result."""

    case = models.ForeignKey(VettingCase, on_delete=models.CASCADE, related_name="complaints")
    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="complaints")
    filed_on = models.DateField(_("ngày nhận khiếu nại"))
    due_on = models.DateField(_("hạn giải quyết"))
    summary = models.TextField(_("nội dung khiếu nại"), max_length=4000)
    result = models.CharField(_("kết quả"), max_length=16, choices=ComplaintResult.choices,
                              blank=True)
    result_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    result_summary = models.TextField(_("nội dung giải quyết"), max_length=4000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+", editable=False)
    # Optimistic locking: an edit names the version it read (services: 409 when it moved on).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("khiếu nại")
        verbose_name_plural = _("khiếu nại")

    def __str__(self) -> str:
        return f"{self.filed_on:%d/%m/%Y}"

    def is_overdue(self, today) -> bool:
        return not self.result and self.due_on < today


class Pause(models.Model):
    """A pause of the case clock (SUSPENDED), with its reason; closed on resume."""

    case = models.ForeignKey(VettingCase, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(_("tạm dừng từ"))
    ended_on = models.DateField(_("tiếp tục từ"), null=True, blank=True)
    reason = models.CharField(_("lý do tạm dừng"), max_length=500)
    working_days = models.PositiveIntegerField(default=0)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("tạm dừng")
        verbose_name_plural = _("tạm dừng")

    def __str__(self) -> str:
        return f"{self.started_on:%d/%m/%Y}"
