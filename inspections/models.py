"""Inspection and supervision: yearly programmes, inspections, subjects, team, documents,
per-subject conclusions with discipline, appeals and remediation items.

Rules regulations may change (duration limits by level, extension share, look-back period,
appeal period) are rows of DurationRule and AppealRule with effective dates, not constants.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import ScopedQuerySet
from core.choices import Classification
from inspections.choices import (
    AppealResult,
    DayUnit,
    DisciplineForm,
    DocType,
    InspectionType,
    Kind,
    Status,
    TeamRole,
)
from orgs.choices import OrgKind


class RuleQuerySet(models.QuerySet):
    def in_force(self, on: date):
        """Rows in force on ``on``: the latest ``valid_from`` not after it."""
        return self.filter(valid_from__lte=on).order_by("-valid_from")


class DurationRule(models.Model):
    """Duration limit of an inspection by the level of the inspecting body (data, by date)."""

    level = models.CharField(_("cấp"), max_length=16, choices=OrgKind.choices)
    max_days = models.PositiveSmallIntegerField(_("thời gian tối đa"))
    day_unit = models.CharField(_("đơn vị ngày"), max_length=10, choices=DayUnit.choices,
                                default=DayUnit.CALENDAR)
    # Extension allowed once, at most numerator/denominator of the limit (1/3 today).
    extension_numerator = models.PositiveSmallIntegerField(_("gia hạn tối đa: tử số"), default=1)
    extension_denominator = models.PositiveSmallIntegerField(_("gia hạn tối đa: mẫu số"),
                                                             default=3)
    look_back_years = models.PositiveSmallIntegerField(_("thời kỳ kiểm tra tối đa (năm)"),
                                                       default=5)
    valid_from = models.DateField(_("hiệu lực từ"))
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy định thời hạn kiểm tra")
        verbose_name_plural = _("quy định thời hạn kiểm tra")
        constraints = [
            models.UniqueConstraint(fields=["level", "valid_from"], name="duration_rule_level_from"),
            models.CheckConstraint(condition=Q(extension_denominator__gt=0),
                                   name="duration_rule_denominator_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.max_days} {self.get_day_unit_display()}"

    @property
    def max_extension_days(self) -> int:
        return self.max_days * self.extension_numerator // self.extension_denominator

    @classmethod
    def for_level(cls, level: str, on: date) -> "DurationRule | None":
        return cls.objects.in_force(on).filter(level=level).first()


class AppealRule(models.Model):
    """How long a disciplined subject has to appeal (data, by date)."""

    days = models.PositiveSmallIntegerField(_("thời hạn khiếu nại"))
    day_unit = models.CharField(_("đơn vị ngày"), max_length=10, choices=DayUnit.choices,
                                default=DayUnit.CALENDAR)
    valid_from = models.DateField(_("hiệu lực từ"), unique=True)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy định thời hạn khiếu nại kỷ luật")
        verbose_name_plural = _("quy định thời hạn khiếu nại kỷ luật")

    def __str__(self) -> str:
        return f"{self.days} {self.get_day_unit_display()}"


class ProgrammeQuerySet(ScopedQuerySet):
    pass


class Programme(models.Model):
    """The yearly programme (chương trình, kế hoạch kiểm tra, giám sát) of one party body."""

    year = models.PositiveSmallIntegerField(_("năm"))
    org_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("cơ quan ban hành"),
                                 on_delete=models.PROTECT, related_name="inspection_programmes")
    title = models.CharField(_("trích yếu"), max_length=255)
    number = models.CharField(_("số"), max_length=40, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=60, blank=True)
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Classification.choices, default=Classification.THUONG)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("chương trình kiểm tra, giám sát")
        verbose_name_plural = _("chương trình kiểm tra, giám sát")
        ordering = ["-year", "pk"]
        indexes = [models.Index(fields=["org_unit", "year"], name="programme_unit_year")]

    def __str__(self) -> str:
        return self.title


class InspectionQuerySet(ScopedQuerySet):
    def overdue(self, today: date):
        """Past the duration limit: still running after the deadline, or concluded late."""
        running = Q(concluded_on__isnull=True, deadline__lt=today,
                    status__in=[Status.ANNOUNCED, Status.SELF_REPORT, Status.VERIFYING,
                                Status.DRAFT_REPORT])
        return self.filter(running | Q(concluded_on__gt=models.F("deadline")))


class Inspection(models.Model):
    """One inspection (kiểm tra) or supervision (giám sát) of the programme."""

    programme = models.ForeignKey(Programme, verbose_name=_("chương trình"),
                                  on_delete=models.PROTECT, related_name="inspections")
    # The inspecting body (the programme's owner): the record's scope.
    org_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("cơ quan kiểm tra"),
                                 on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(_("kiểm tra / giám sát"), max_length=10, choices=Kind.choices)
    type = models.CharField(_("loại"), max_length=20, choices=InspectionType.choices)
    title = models.CharField(_("nội dung"), max_length=255)
    level = models.CharField(_("cấp kiểm tra"), max_length=16, choices=OrgKind.choices)
    look_back_from = models.DateField(_("thời kỳ kiểm tra từ"))
    look_back_to = models.DateField(_("thời kỳ kiểm tra đến"))
    planned_month = models.PositiveSmallIntegerField(_("tháng dự kiến"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=14, choices=Status.choices,
                              default=Status.PLANNED)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    started_on = models.DateField(_("ngày công bố quyết định"), null=True, blank=True)
    # Frozen from the DurationRule in force on the decision date (later rule changes do not
    # move a running inspection's deadline).
    limit_days = models.PositiveSmallIntegerField(_("thời hạn"), null=True, blank=True)
    day_unit = models.CharField(_("đơn vị ngày"), max_length=10, choices=DayUnit.choices,
                                blank=True)
    max_extension_days = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    extension_days = models.PositiveSmallIntegerField(_("số ngày gia hạn"), null=True, blank=True)
    extension_reason = models.CharField(_("lý do gia hạn"), max_length=500, blank=True)
    extended_on = models.DateField(_("ngày gia hạn"), null=True, blank=True)
    deadline = models.DateField(_("hạn kết thúc"), null=True, blank=True, db_index=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True, db_index=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    follow_up_of = models.ForeignKey("self", verbose_name=_("kiểm tra lại việc khắc phục của"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="follow_ups")
    classification = models.PositiveSmallIntegerField(
        _("độ mật"), choices=Classification.choices, default=Classification.THUONG)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc kiểm tra, giám sát")
        verbose_name_plural = _("cuộc kiểm tra, giám sát")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["org_unit", "decided_on"], name="inspection_unit_decided"),
            models.Index(fields=["status", "deadline"], name="inspection_status_deadline"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(look_back_from__lte=models.F("look_back_to")),
                                   name="inspection_look_back_ordered"),
            models.CheckConstraint(
                condition=~Q(kind=Kind.GIAM_SAT, type=InspectionType.DAU_HIEU_VI_PHAM),
                name="inspection_supervision_type"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        """Past the deadline (limit plus any extension) before the conclusion."""
        if self.deadline is None:
            return False
        end = self.concluded_on or (today if self.status in _RUNNING else None)
        return end is not None and end > self.deadline

    @property
    def can_extend(self) -> bool:
        return self.status in _RUNNING and self.extension_days is None and bool(self.deadline)


_RUNNING = {Status.ANNOUNCED, Status.SELF_REPORT, Status.VERIFYING, Status.DRAFT_REPORT}


class InspectionChildQuerySet(ScopedQuerySet):
    scope_path_field = "inspection__org_unit__path"
    scope_unit_field = "inspection__org_unit"
    classification_field = "inspection__classification"


class Subject(models.Model):
    """Who is inspected: one party organisation or one member (exactly one, enforced)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="subjects")
    org_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("tổ chức đảng"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", verbose_name=_("đảng viên"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="+")

    objects = InspectionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("đối tượng kiểm tra, giám sát")
        verbose_name_plural = _("đối tượng kiểm tra, giám sát")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(org_unit__isnull=False, person__isnull=True)
                           | Q(org_unit__isnull=True, person__isnull=False)),
                name="subject_unit_xor_person"),
            models.UniqueConstraint(fields=["inspection", "org_unit"], name="subject_unit_once"),
            models.UniqueConstraint(fields=["inspection", "person"], name="subject_person_once"),
        ]

    def __str__(self) -> str:
        return str(self.org_unit or self.person)

    @property
    def is_unit(self) -> bool:
        return self.org_unit_id is not None


class TeamMember(models.Model):
    """A member of the inspection team: a user of hoso or a person on record, with a role."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", verbose_name=_("cán bộ"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò"), max_length=12, choices=TeamRole.choices)

    objects = InspectionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên đoàn")
        verbose_name_plural = _("thành viên đoàn")
        ordering = ["role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False, person__isnull=True)
                           | Q(user__isnull=True, person__isnull=False)),
                name="team_member_user_xor_person"),
        ]

    def __str__(self) -> str:
        who = self.user.display_name if self.user_id else str(self.person)
        return f"{who} ({self.get_role_display()})"


class Document(models.Model):
    """Metadata of a document of the inspection (the file itself is not stored here yet)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="documents")
    subject = models.ForeignKey(Subject, verbose_name=_("đối tượng"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(_("loại văn bản"), max_length=4, choices=DocType.choices)
    number = models.CharField(_("số"), max_length=40)
    issued_on = models.DateField(_("ngày"))
    title = models.CharField(_("trích yếu"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking: an edit names the version it read (services: 409 when it moved on).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InspectionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["issued_on", "pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ConclusionQuerySet(ScopedQuerySet):
    scope_path_field = "subject__inspection__org_unit__path"
    scope_unit_field = "subject__inspection__org_unit"
    classification_field = "subject__inspection__classification"


class Conclusion(models.Model):
    """What the conclusion says of one subject: violation, discipline recommended and applied."""

    subject = models.OneToOneField(Subject, on_delete=models.CASCADE, related_name="conclusion")
    violation = models.BooleanField(_("có vi phạm"))
    summary = models.TextField(_("nhận xét, kết luận"), blank=True)
    recommended_discipline = models.CharField(_("đề nghị hình thức kỷ luật"), max_length=12,
                                              choices=DisciplineForm.choices, blank=True)
    applied_discipline = models.CharField(_("hình thức kỷ luật đã thi hành"), max_length=12,
                                          choices=DisciplineForm.choices, blank=True)
    discipline_decision = models.CharField(_("số quyết định kỷ luật"), max_length=40, blank=True)
    discipline_decided_on = models.DateField(_("ngày quyết định kỷ luật"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ConclusionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kết luận đối với đối tượng")
        verbose_name_plural = _("kết luận đối với đối tượng")
        constraints = [
            models.CheckConstraint(
                condition=Q(violation=True) | Q(recommended_discipline="", applied_discipline=""),
                name="conclusion_discipline_needs_violation"),
        ]

    def __str__(self) -> str:
        return str(self.subject)


class Finding(models.Model):
    """One finding of the inspection about one subject (kept linked to the inspection)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="findings")
    text = models.TextField(_("nội dung phát hiện"))

    objects = InspectionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("phát hiện")
        verbose_name_plural = _("phát hiện")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:80]


class AppealQuerySet(ScopedQuerySet):
    scope_path_field = "conclusion__subject__inspection__org_unit__path"
    scope_unit_field = "conclusion__subject__inspection__org_unit"
    classification_field = "conclusion__subject__inspection__classification"


class Appeal(models.Model):
    """A subject's appeal against the discipline applied, tracked to its result."""

    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="appeals")
    filed_on = models.DateField(_("ngày khiếu nại"))
    # Computed from the AppealRule in force on the discipline decision date.
    deadline = models.DateField(_("hạn khiếu nại"))
    content = models.TextField(_("nội dung khiếu nại"))
    result = models.CharField(_("kết quả"), max_length=10, choices=AppealResult.choices,
                              default=AppealResult.PENDING)
    new_discipline = models.CharField(_("hình thức kỷ luật mới"), max_length=12,
                                      choices=DisciplineForm.choices, blank=True)
    decided_on = models.DateField(_("ngày giải quyết"), null=True, blank=True)
    result_note = models.TextField(_("ghi chú kết quả"), blank=True)

    objects = AppealQuerySet.as_manager()

    class Meta:
        verbose_name = _("khiếu nại kỷ luật")
        verbose_name_plural = _("khiếu nại kỷ luật")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(filed_on__lte=models.F("deadline")),
                                   name="appeal_filed_in_time"),
        ]

    def __str__(self) -> str:
        return f"{self.conclusion} — {self.filed_on:%d/%m/%Y}"


class RemediationQuerySet(InspectionChildQuerySet):
    def pending(self, on: date):
        """Not done on ``on``."""
        return self.filter(Q(done_on__isnull=True) | Q(done_on__gt=on))

    def overdue(self, today: date):
        return self.filter(done_on__isnull=True, deadline__lt=today)


class RemediationItem(models.Model):
    """Something the conclusion asks to fix, with an owner and a deadline."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE,
                                   related_name="remediation_items")
    subject = models.ForeignKey(Subject, verbose_name=_("đối tượng"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="remediation_items")
    content = models.TextField(_("nội dung khắc phục"))
    owner_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("đơn vị thực hiện"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    owner_text = models.CharField(_("người, nơi thực hiện"), max_length=255, blank=True)
    deadline = models.DateField(_("hạn hoàn thành"), db_index=True)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    done_note = models.CharField(_("kết quả thực hiện"), max_length=500, blank=True)
    # The follow-up inspection that checked this item, when one did.
    checked_by = models.ForeignKey(Inspection, verbose_name=_("đã kiểm tra lại bởi"), null=True,
                                   blank=True, on_delete=models.SET_NULL,
                                   related_name="checked_remediation")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RemediationQuerySet.as_manager()

    class Meta:
        verbose_name = _("việc khắc phục")
        verbose_name_plural = _("việc khắc phục")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.content[:80]

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.deadline < today


def add_days(start: date, count: int, unit: str, calendar=None) -> date:
    """``start`` plus ``count`` days of ``unit`` (working days read the holiday calendar)."""
    if unit == DayUnit.WORKING:
        from core.workdays import WorkCalendar

        return (calendar or WorkCalendar.load()).add_working_days(start, count)
    return start + timedelta(days=count)
