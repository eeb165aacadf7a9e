"""The coordination ledger: requests between agencies, both directions in one table.

Agencies and response rules are data an administrator edits (the list of agencies and the
deadlines change with regulations and local coordination agreements).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coordination.choices import Direction, ReplyKind, RequestKind, Status
from core.access import ScopedQuerySet, scope_path
from core.choices import Classification


class Agency(models.Model):
    """A kind of counterpart agency (Công an, Ủy ban Kiểm tra, …): the configurable list."""

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=60, blank=True)
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("tổ chức đảng tương ứng"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("cơ quan phối hợp")
        verbose_name_plural = _("cơ quan phối hợp")

    def __str__(self) -> str:
        return self.name


class ResponseRule(models.Model):
    """How many working days a request of a kind has for its answer, from when, and when a
    late one is escalated. A rule for one agency wins over the general rule (agency empty)."""

    kind = models.CharField(_("loại yêu cầu"), max_length=24, choices=RequestKind.choices)
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="rules")
    answer_days = models.PositiveSmallIntegerField(_("số ngày làm việc để trả lời"))
    escalate_after_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc quá hạn thì báo cáo cấp trên"), default=5,
    )
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        ordering = ["kind", "agency", "-valid_from"]
        verbose_name = _("thời hạn trả lời")
        verbose_name_plural = _("thời hạn trả lời")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.answer_days}"


class CoordinationRequestQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """In the user's scope and clearance; a unit that sees only itself (no sub-units)
        still sees the requests escalated to it (with sub-units, they are in its subtree)."""
        if scope_path(user) is not None and not getattr(user, "include_subunits", True):
            condition = Q(org_unit=user.org_unit_id) | Q(escalated_to=user.org_unit_id)
            return self.filter(condition, classification__lte=user.clearance)
        return super().visible_to(user)

    def open(self):
        return self.filter(status__in=(Status.AWAITING, Status.PARTIALLY_ANSWERED))

    def overdue(self, today):
        """Open and past their due date on ``today``."""
        return self.open().filter(due_on__lt=today)


class CoordinationRequest(models.Model):
    org_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("đơn vị giữ sổ"), on_delete=models.PROTECT,
        related_name="coordination_requests",
    )
    direction = models.CharField(_("chiều"), max_length=8, choices=Direction.choices)
    kind = models.CharField(_("loại yêu cầu"), max_length=24, choices=RequestKind.choices)
    agency = models.ForeignKey(Agency, verbose_name=_("cơ quan"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="requests")
    counterpart_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("tổ chức đảng phối hợp"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    counterpart_name = models.CharField(_("tên cơ quan, đơn vị cụ thể"), max_length=255,
                                        blank=True)
    subject = models.CharField(_("trích yếu"), max_length=500)
    legal_basis = models.CharField(_("căn cứ"), max_length=500, blank=True)
    # The verification request of a vetting case is about a subject person (or a relative;
    # the vetting app adds that link and the case link).
    subject_person = models.ForeignKey(
        "people.Person", verbose_name=_("người được xác minh"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="coordination_requests",
    )
    # Set by vetting.services.do_raise_request: the case the request serves, and the relative
    # it is about (empty: about the subject).
    vetting_case = models.ForeignKey(
        "vetting.VettingCase", verbose_name=_("hồ sơ thẩm định"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="requests", editable=False,
    )
    relative = models.ForeignKey(
        "vetting.Relative", verbose_name=_("thân nhân được xác minh"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="requests", editable=False,
    )
    # A verification letter of a party-admission dossier (admission app).
    admission_dossier = models.ForeignKey(
        "admission.AdmissionDossier", verbose_name=_("hồ sơ kết nạp Đảng"), null=True,
        blank=True, on_delete=models.PROTECT, related_name="verification_letters",
        editable=False,
    )
    letter_number = models.CharField(_("số công văn"), max_length=60, blank=True)
    letter_date = models.DateField(_("ngày công văn"), null=True, blank=True)
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    received_on = models.DateField(_("ngày nhận"), null=True, blank=True)
    # The day the clock starts: sent_on for SENT, received_on for RECEIVED (set by services).
    opened_on = models.DateField(_("ngày bắt đầu tính hạn"), null=True, blank=True,
                                 editable=False)
    rule = models.ForeignKey(ResponseRule, verbose_name=_("thời hạn áp dụng"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+",
                             editable=False)
    due_on = models.DateField(_("hạn trả lời"), null=True, blank=True)
    due_changed_reason = models.CharField(_("lý do đổi hạn"), max_length=500, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT, editable=False)
    answered_on = models.DateField(_("ngày trả lời đầy đủ"), null=True, blank=True,
                                   editable=False)
    escalated_to = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("đã báo cáo lên"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="escalated_requests", editable=False,
    )
    escalated_on = models.DateField(_("ngày báo cáo cấp trên"), null=True, blank=True,
                                    editable=False)
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Classification.choices, default=Classification.THUONG,
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CoordinationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu phối hợp")
        verbose_name_plural = _("yêu cầu phối hợp")
        indexes = [
            models.Index(fields=["org_unit", "opened_on"], name="coord_unit_opened"),
            models.Index(fields=["status", "due_on"], name="coord_status_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__isnull=True) | Q(opened_on__isnull=True)
                                   | Q(due_on__gte=models.F("opened_on")),
                                   name="coord_due_after_opened"),
        ]

    def __str__(self) -> str:
        number = f"{self.letter_number} — " if self.letter_number else ""
        return f"{number}{self.subject}"[:255]

    @property
    def counterpart_display(self) -> str:
        parts = [str(p) for p in (self.agency, self.counterpart_unit) if p is not None]
        if self.counterpart_name:
            parts.append(self.counterpart_name)
        return " — ".join(parts)

    def is_overdue(self, today) -> bool:
        return (self.status in (Status.AWAITING, Status.PARTIALLY_ANSWERED)
                and self.due_on is not None and self.due_on < today)

    def answered_late(self) -> bool | None:
        """True/False once answered, None while waiting."""
        if self.answered_on is None or self.due_on is None:
            return None
        return self.answered_on > self.due_on


class LineQuerySet(models.QuerySet):
    """Replies and chasers: visible exactly when their request is (same rules, one path)."""

    def visible_to(self, user):
        return self.filter(request__in=CoordinationRequest.objects.visible_to(user))


class Reply(models.Model):
    """An answer to a request: theirs to a SENT one, ours to a RECEIVED one."""

    request = models.ForeignKey(CoordinationRequest, on_delete=models.CASCADE,
                                related_name="replies")
    kind = models.CharField(_("loại trả lời"), max_length=10, choices=ReplyKind.choices)
    replied_on = models.DateField(_("ngày trả lời"))
    letter_number = models.CharField(_("số công văn trả lời"), max_length=60, blank=True)
    letter_date = models.DateField(_("ngày công văn trả lời"), null=True, blank=True)
    summary = models.TextField(_("nội dung trả lời"), max_length=4000)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: an edit names the version it read (services: 409 when it moved on).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = LineQuerySet.as_manager()

    class Meta:
        ordering = ["replied_on", "id"]
        verbose_name = _("trả lời")
        verbose_name_plural = _("trả lời")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.replied_on:%d/%m/%Y}"


class Chaser(models.Model):
    """A reminder (đôn đốc) about an open request: sent by us, or received from them."""

    request = models.ForeignKey(CoordinationRequest, on_delete=models.CASCADE,
                                related_name="chasers")
    sent_on = models.DateField(_("ngày đôn đốc"))
    letter_number = models.CharField(_("số công văn đôn đốc"), max_length=60, blank=True)
    note = models.TextField(_("ghi chú"), max_length=2000, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: an edit names the version it read (services: 409 when it moved on).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = LineQuerySet.as_manager()

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("đôn đốc")
        verbose_name_plural = _("đôn đốc")

    def __str__(self) -> str:
        return f"{self.sent_on:%d/%m/%Y} {self.letter_number}"
