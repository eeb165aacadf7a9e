"""Trips abroad (đi nước ngoài): request, approvals by the committees the matrix names, return,
post-trip report; declared foreign elements; incoming visits and contact reports.

Rules regulations may change (the report deadline, the approval matrix) are data with the date
they apply from, editable in the admin.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet
from core.choices import Classification
from orgs.choices import OrgKind
from travel.choices import (
    COUNTRY_CHOICES,
    CommitteeRole,
    Decision,
    ElementKind,
    Funding,
    ManagementLevel,
    MemberRole,
    PrivateKind,
    Purpose,
    Status,
)


def _in_force(queryset, on: date):
    return (queryset.filter(valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).order_by("-valid_from"))


class TravelRule(models.Model):
    """The post-trip report deadline in working days after the actual return, from a date on."""

    report_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc nộp báo cáo sau chuyến đi"), default=7)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("thời hạn báo cáo sau chuyến đi")
        verbose_name_plural = _("thời hạn báo cáo sau chuyến đi")

    def __str__(self) -> str:
        return f"{self.report_days} ({self.valid_from:%d/%m/%Y})"

    @classmethod
    def in_force(cls, on: date) -> "TravelRule | None":
        return _in_force(cls.objects.all(), on).first()


class ApprovalRule(models.Model):
    """Who approves: the traveller's management level → the level of the managing committee.

    A private trip (việc riêng) also needs the committee where the member is active when
    ``private_needs_active_committee`` is set.
    """

    management_level = models.CharField(_("diện quản lý"), max_length=12,
                                        choices=ManagementLevel.choices)
    approving_kind = models.CharField(_("cấp ủy quản lý cho ý kiến"), max_length=16,
                                      choices=OrgKind.choices)
    private_needs_active_committee = models.BooleanField(
        _("việc riêng cần thêm ý kiến cấp ủy nơi sinh hoạt"), default=True)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        ordering = ["management_level", "-valid_from"]
        verbose_name = _("phân cấp cho ý kiến đi nước ngoài")
        verbose_name_plural = _("phân cấp cho ý kiến đi nước ngoài")

    def __str__(self) -> str:
        return f"{self.get_management_level_display()} → {self.get_approving_kind_display()}"

    @classmethod
    def in_force(cls, level: str, on: date) -> "ApprovalRule | None":
        return _in_force(cls.objects.filter(management_level=level), on).first()


class TripQuerySet(ScopedQuerySet):
    def overdue_return(self, today: date):
        return self.filter(status=Status.DEPARTED, planned_return_on__lt=today)

    def overdue_report(self, today: date):
        return self.filter(status__in=(Status.RETURNED, Status.REPORT_DUE),
                           report_due_on__lt=today)

    def passport_not_returned(self):
        return self.filter(status__in=(Status.RETURNED, Status.REPORT_DUE, Status.REPORTED,
                                       Status.REVIEWED, Status.CLOSED),
                           passport_returned_on__isnull=True)


class Trip(models.Model):
    """A trip abroad of a delegation (a single traveller is a delegation of one)."""

    org_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("đơn vị quản lý hồ sơ"),
                                 on_delete=models.PROTECT, related_name="trips")
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Classification.choices, default=Classification.THUONG)
    title = models.CharField(_("tên đoàn, chuyến đi"), max_length=255)
    purpose = models.CharField(_("mục đích"), max_length=12, choices=Purpose.choices)
    private_kind = models.CharField(_("loại việc riêng"), max_length=12,
                                    choices=PrivateKind.choices, blank=True)
    inviter = models.CharField(_("cơ quan, tổ chức, cá nhân mời"), max_length=255, blank=True)
    funding = models.CharField(_("kinh phí"), max_length=12, choices=Funding.choices)
    planned_departure_on = models.DateField(_("ngày đi dự kiến"))
    planned_return_on = models.DateField(_("ngày về dự kiến"))
    actual_departure_on = models.DateField(_("ngày xuất cảnh"), null=True, blank=True,
                                           editable=False)
    actual_return_on = models.DateField(_("ngày nhập cảnh về nước"), null=True, blank=True,
                                        editable=False)
    relatives_commitment = models.TextField(
        _("cam kết về thân nhân ở nước ngoài (thăm thân)"), blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT, editable=False)
    rule = models.ForeignKey(TravelRule, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", editable=False)
    report_due_on = models.DateField(_("hạn nộp báo cáo"), null=True, blank=True,
                                     editable=False)
    reported_on = models.DateField(_("ngày nộp báo cáo"), null=True, blank=True, editable=False)
    report_summary = models.TextField(_("tóm tắt báo cáo"), blank=True, editable=False)
    reviewed_on = models.DateField(_("ngày xem xét báo cáo"), null=True, blank=True,
                                   editable=False)
    review_note = models.TextField(_("ý kiến xem xét"), blank=True, editable=False)
    passport_returned_on = models.DateField(_("ngày nộp lại hộ chiếu"), null=True, blank=True,
                                            editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TripQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_departure_on", "-id"]
        verbose_name = _("chuyến đi nước ngoài")
        verbose_name_plural = _("chuyến đi nước ngoài")
        indexes = [models.Index(fields=["org_unit", "status"], name="trip_unit_status")]

    def __str__(self) -> str:
        return f"{self.title} ({self.planned_departure_on:%d/%m/%Y})"

    def leader(self):
        return next((m for m in self.members.all() if m.role == MemberRole.TRUONG_DOAN), None)

    def countries(self, actual: bool = False) -> list[str]:
        field = "actual" if actual else "planned"
        return sorted(c.country for c in self.trip_countries.all() if getattr(c, field))

    def flags(self, today: date) -> list[str]:
        """The warnings of the trip on ``today``: overdue return, overdue report, passport."""
        flags = []
        if self.status == Status.DEPARTED and self.planned_return_on < today:
            flags.append(str(_("Quá hạn về nước")))
        if (self.status in (Status.RETURNED, Status.REPORT_DUE) and self.report_due_on
                and self.report_due_on < today):
            flags.append(str(_("Quá hạn nộp báo cáo")))
        if self.actual_return_on and self.passport_returned_on is None:
            flags.append(str(_("Chưa nộp lại hộ chiếu")))
        return flags


class TripChildQuerySet(ScopedQuerySet):
    scope_path_field = "trip__org_unit__path"
    scope_unit_field = "trip__org_unit"
    classification_field = "trip__classification"


class TripMember(models.Model):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("people.Person", verbose_name=_("người đi"),
                               on_delete=models.PROTECT, related_name="trip_memberships")
    role = models.CharField(_("vai trò"), max_length=12, choices=MemberRole.choices,
                            default=MemberRole.THANH_VIEN)
    management_level = models.CharField(_("diện quản lý"), max_length=12,
                                        choices=ManagementLevel.choices,
                                        default=ManagementLevel.DANG_VIEN)

    objects = TripChildQuerySet.as_manager()

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("thành viên đoàn")
        verbose_name_plural = _("thành viên đoàn")
        constraints = [models.UniqueConstraint(fields=["trip", "person"],
                                               name="trip_member_once")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class TripCountry(models.Model):
    """A country of the trip: planned, visited, or both (the difference is reported)."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="trip_countries")
    country = models.CharField(_("nước"), max_length=2, choices=COUNTRY_CHOICES)
    planned = models.BooleanField(_("theo kế hoạch"), default=True)
    actual = models.BooleanField(_("thực tế đã đến"), default=False)

    objects = TripChildQuerySet.as_manager()

    class Meta:
        ordering = ["country"]
        verbose_name = _("nước đến")
        verbose_name_plural = _("nước đến")
        constraints = [models.UniqueConstraint(fields=["trip", "country"],
                                               name="trip_country_once")]

    def __str__(self) -> str:
        return self.get_country_display()


class Approval(models.Model):
    """The opinion of one committee on the trip, given by a named user."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="approvals")
    committee = models.ForeignKey("orgs.OrgUnit", verbose_name=_("cấp ủy"),
                                  on_delete=models.PROTECT, related_name="+")
    committee_role = models.CharField(_("tư cách"), max_length=10,
                                      choices=CommitteeRole.choices)
    decision = models.CharField(_("ý kiến"), max_length=10, choices=Decision.choices,
                                default=Decision.PENDING)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cho ý kiến"),
                                 null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    decided_on = models.DateField(_("ngày cho ý kiến"), null=True, blank=True)
    reason = models.TextField(_("lý do, nội dung"), blank=True)
    document_number = models.CharField(_("số văn bản"), max_length=60, blank=True)

    objects = TripChildQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("ý kiến của cấp ủy")
        verbose_name_plural = _("ý kiến của cấp ủy")
        constraints = [models.UniqueConstraint(fields=["trip", "committee"],
                                               name="trip_approval_once")]

    def __str__(self) -> str:
        return f"{self.committee}: {self.get_decision_display()}"


class ForeignElementQuerySet(ScopedQuerySet):
    scope_path_field = "person__org_unit__path"
    scope_unit_field = "person__org_unit"
    classification_field = "person__classification"


class ForeignElement(models.Model):
    """A foreign element the person declared (never inferred), with its approval."""

    person = models.ForeignKey("people.Person", verbose_name=_("đảng viên"),
                               on_delete=models.PROTECT, related_name="foreign_elements")
    kind = models.CharField(_("loại"), max_length=12, choices=ElementKind.choices)
    details = models.TextField(_("nội dung đã kê khai"), max_length=2000)
    declared_on = models.DateField(_("ngày kê khai"))
    approved_by = models.CharField(_("cấp có thẩm quyền cho ý kiến"), max_length=255, blank=True)
    approval_document = models.CharField(_("văn bản cho ý kiến"), max_length=120, blank=True)
    approved_on = models.DateField(_("ngày cho ý kiến"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: an edit names the version it read (services: 409 when it moved on).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ForeignElementQuerySet.as_manager()

    class Meta:
        ordering = ["-declared_on", "-id"]
        verbose_name = _("yếu tố nước ngoài đã kê khai")
        verbose_name_plural = _("yếu tố nước ngoài đã kê khai")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.declared_on:%d/%m/%Y})"

    # A declared element is as secret as the person's record: the need-to-know gate and the
    # audit log read these, so opening it asks for a reason and is logged like the person.
    @property
    def classification(self) -> int:
        return self.person.classification

    def get_classification_display(self) -> str:
        return self.person.get_classification_display()


class IncomingVisit(models.Model):
    """An official incoming visit a unit hosts: nothing beyond the visit itself."""

    org_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("đơn vị đón tiếp"),
                                 on_delete=models.PROTECT, related_name="incoming_visits")
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Classification.choices, default=Classification.THUONG)
    delegation = models.CharField(_("đoàn, khách"), max_length=255)
    country = models.CharField(_("nước"), max_length=2, choices=COUNTRY_CHOICES)
    purpose = models.CharField(_("mục đích"), max_length=500)
    arrived_on = models.DateField(_("từ ngày"))
    left_on = models.DateField(_("đến ngày"))
    approval_document = models.CharField(_("văn bản cho phép"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: an edit names the version it read (services: 409 when it moved on).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-arrived_on", "-id"]
        verbose_name = _("đoàn vào")
        verbose_name_plural = _("đoàn vào")

    def __str__(self) -> str:
        return f"{self.delegation} ({self.arrived_on:%d/%m/%Y})"


class ContactReport(models.Model):
    """A cadre's short report of a working contact with a foreign organisation or person."""

    org_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("đơn vị"),
                                 on_delete=models.PROTECT, related_name="contact_reports")
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Classification.choices, default=Classification.THUONG)
    person = models.ForeignKey("people.Person", verbose_name=_("cán bộ báo cáo"),
                               on_delete=models.PROTECT, related_name="contact_reports")
    contacted_on = models.DateField(_("ngày làm việc"))
    counterpart = models.CharField(_("tổ chức, cá nhân nước ngoài"), max_length=255)
    country = models.CharField(_("nước"), max_length=2, choices=COUNTRY_CHOICES)
    purpose = models.CharField(_("mục đích"), max_length=500)
    material_provided = models.TextField(_("tài liệu, thông tin đã cung cấp"), blank=True)
    approval_document = models.CharField(_("theo văn bản cho phép"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: an edit names the version it read (services: 409 when it moved on).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("báo cáo làm việc với nước ngoài")
        verbose_name_plural = _("báo cáo làm việc với nước ngoài")

    def __str__(self) -> str:
        return f"{self.counterpart} ({self.contacted_on:%d/%m/%Y})"
