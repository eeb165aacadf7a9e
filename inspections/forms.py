"""Validation of inspection data: the one place, used by the pages, the API and the demo."""

from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.access import scope_filter
from core.textfold import nfc
from inspections import workflow
from inspections.choices import (
    TYPES_BY_KIND,
    AppealResult,
    DisciplineForm,
    Status,
    TeamRole,
)
from inspections.models import (
    Conclusion,
    Document,
    DurationRule,
    Inspection,
    Programme,
    RemediationItem,
    Subject,
)
from orgs.models import OrgUnit
from orgs.widgets import limit_unit_choices
from people.models import Person

DATE_HELP = _("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 29/12/2023.")


def today() -> date:
    return date.today()  # noqa: DTZ011 - a calendar date, compared with dates


class DateInput(forms.DateInput):
    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}, **kwargs)


def date_field(label, required=True) -> forms.DateField:
    """A dd/mm/yyyy date with a Vietnamese message for an impossible date."""
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           error_messages={"invalid": DATE_HELP,
                                           "required": _("Hãy nhập ngày.")})


class HoSoForm(forms.Form):
    """Vietnamese messages where Django's catalogue lacks them; NFC text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.setdefault("required", _("Trường này là bắt buộc."))
            if isinstance(field, forms.ModelChoiceField):
                field.error_messages["invalid_choice"] = _(
                    "Lựa chọn này không có hoặc nằm ngoài phạm vi của bạn. Hãy chọn lại.")
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = _(
                    "Quá dài: tối đa %(limit_value)d ký tự (đang có %(show_value)d).")

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = nfc(value).strip()
        return data


def visible_units(user):
    return OrgUnit.objects.visible_to(user).active() if user else OrgUnit.objects.none()


def _check_not_future(form, data, *names):
    for name in names:
        if data.get(name) and data[name] > today():
            form.add_error(name, _("Ngày này ở tương lai. Vui lòng kiểm tra lại."))


class ProgrammeForm(HoSoForm):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100,
                              error_messages={"min_value": _("Năm không hợp lệ."),
                                              "max_value": _("Năm không hợp lệ."),
                                              "invalid": _("Năm là một số, ví dụ 2026.")})
    org_unit = forms.ModelChoiceField(label=_("Cơ quan ban hành"), queryset=OrgUnit.objects.none())
    title = forms.CharField(label=_("Trích yếu"), max_length=255)
    number = forms.CharField(label=_("Số"), max_length=40, required=False,
                             help_text=_("Ví dụ 12-KH/TU"))
    issued_on = date_field(_("Ngày ban hành"), required=False)
    place = forms.CharField(label=_("Địa danh"), max_length=60, required=False,
                            help_text=_("Ví dụ Hà Nội"))
    classification = forms.TypedChoiceField(label=_("Độ mật"), coerce=int, choices=())

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = visible_units(user)
        limit_unit_choices(self, "org_unit", user)
        from core.choices import Classification

        self.fields["classification"].choices = [
            c for c in Classification.choices if user is not None and c[0] <= user.clearance]

    def clean(self):
        data = super().clean()
        issued, year = data.get("issued_on"), data.get("year")
        if issued and year and not (year - 1 <= issued.year <= year):
            self.add_error("issued_on", _("Chương trình năm %(y)d ban hành trong năm đó hoặc "
                                          "cuối năm trước.") % {"y": year})
        _check_not_future(self, data, "issued_on")
        return data


class InspectionForm(HoSoForm):
    kind = forms.ChoiceField(label=_("Kiểm tra / giám sát"), choices=Inspection._meta.get_field(
        "kind").choices)
    type = forms.ChoiceField(label=_("Loại"), choices=Inspection._meta.get_field("type").choices)
    title = forms.CharField(label=_("Nội dung"), max_length=255)
    look_back_from = date_field(_("Thời kỳ kiểm tra từ"))
    look_back_to = date_field(_("Thời kỳ kiểm tra đến"))
    planned_month = forms.IntegerField(label=_("Tháng dự kiến"), min_value=1, max_value=12,
                                       required=False,
                                       error_messages={"min_value": _("Tháng từ 1 đến 12."),
                                                       "max_value": _("Tháng từ 1 đến 12."),
                                                       "invalid": _("Tháng là một số từ 1 đến 12.")})
    follow_up_of = forms.ModelChoiceField(label=_("Kiểm tra lại việc khắc phục của cuộc"),
                                          queryset=Inspection.objects.none(), required=False)
    classification = forms.TypedChoiceField(label=_("Độ mật"), coerce=int, choices=())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        from core.choices import Classification

        self.fields["classification"].choices = [
            c for c in Classification.choices
            if user is not None and programme.classification <= c[0] <= user.clearance]
        concluded = Inspection.objects.visible_to(user).filter(
            status__in=workflow.CONCLUDED_STATES) if user else Inspection.objects.none()
        self.fields["follow_up_of"].queryset = concluded.select_related("org_unit")

    def clean(self):
        data = super().clean()
        kind, kind_type = data.get("kind"), data.get("type")
        if kind and kind_type and kind_type not in TYPES_BY_KIND[kind]:
            self.add_error("type", _("Giám sát chỉ có loại thường xuyên hoặc chuyên đề."))
        self._check_look_back(data)
        return data

    def _check_look_back(self, data):
        start, end = data.get("look_back_from"), data.get("look_back_to")
        if not (start and end):
            return
        if end < start:
            self.add_error("look_back_to", _("Ngày kết thúc thời kỳ kiểm tra không thể trước "
                                             "ngày bắt đầu."))
            return
        rule = DurationRule.for_level(self.programme.org_unit.kind, today())
        years = rule.look_back_years if rule else 5
        try:
            earliest = end.replace(year=end.year - years)
        except ValueError:  # 29/02 minus whole years
            earliest = end.replace(year=end.year - years, day=28)
        if start < earliest:
            self.add_error("look_back_from", _(
                "Thời kỳ kiểm tra tối đa %(n)d năm: từ %(d)s trở về sau.")
                % {"n": years, "d": earliest.strftime("%d/%m/%Y")})


class SubjectForm(HoSoForm):
    org_unit = forms.ModelChoiceField(label=_("Tổ chức đảng"), queryset=OrgUnit.objects.none(),
                                      required=False)
    person = forms.ModelChoiceField(label=_("Đảng viên (mã hồ sơ)"),
                                    queryset=Person.objects.none(), required=False,
                                    widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                    help_text=_("Mã số hồ sơ trong mục Nhân sự."))

    def __init__(self, *args, user=None, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.fields["org_unit"].queryset = visible_units(user)
        limit_unit_choices(self, "org_unit", user, near=[inspection.org_unit])
        self.fields["person"].queryset = (Person.objects.visible_to(user) if user
                                          else Person.objects.none())

    def clean(self):
        data = super().clean()
        unit, person = data.get("org_unit"), data.get("person")
        if self.errors:
            return data
        if bool(unit) == bool(person):
            raise ValidationError(_("Chọn đúng một đối tượng: một tổ chức đảng hoặc một đảng viên."))
        existing = Subject.objects.filter(inspection=self.inspection)
        if unit and existing.filter(org_unit=unit).exists() or person and existing.filter(
                person=person).exists():
            raise ValidationError(_("Đối tượng này đã có trong cuộc kiểm tra."))
        return data


class TeamMemberForm(HoSoForm):
    user = forms.ModelChoiceField(label=_("Người dùng"), queryset=None, required=False)
    person = forms.ModelChoiceField(label=_("Cán bộ (mã hồ sơ)"), queryset=Person.objects.none(),
                                    required=False, widget=forms.TextInput())
    role = forms.ChoiceField(label=_("Vai trò"), choices=TeamRole.choices)

    def __init__(self, *args, user=None, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        users = get_user_model().objects.filter(is_active=True)
        condition = scope_filter(user, "org_unit__path", "org_unit") if user else None
        self.fields["user"].queryset = users.filter(condition) if condition else users.none()
        self.fields["person"].queryset = (Person.objects.visible_to(user) if user
                                          else Person.objects.none())

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if bool(data.get("user")) == bool(data.get("person")):
            raise ValidationError(_("Chọn đúng một người: một người dùng hoặc một cán bộ."))
        if data.get("role") == TeamRole.TRUONG_DOAN and self.inspection.team.filter(
                role=TeamRole.TRUONG_DOAN).exists():
            self.add_error("role", _("Đoàn đã có trưởng đoàn."))
        return data


class DocumentForm(HoSoForm):
    doc_type = forms.ChoiceField(label=_("Loại văn bản"),
                                 choices=Document._meta.get_field("doc_type").choices)
    number = forms.CharField(label=_("Số"), max_length=40, help_text=_("Ví dụ 25-QĐ/UBKTTU"))
    issued_on = date_field(_("Ngày"))
    title = forms.CharField(label=_("Trích yếu"), max_length=255)
    subject = forms.ModelChoiceField(label=_("Đối tượng (nếu là báo cáo của đối tượng)"),
                                     queryset=Subject.objects.none(), required=False)

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = inspection.subjects.all()

    def clean(self):
        data = super().clean()
        _check_not_future(self, data, "issued_on")
        return data


class TransitionForm(HoSoForm):
    target = forms.ChoiceField(label=_("Chuyển sang"), choices=Status.choices)
    on = date_field(_("Ngày"))
    reason = forms.CharField(label=_("Lý do, ghi chú"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        _check_not_future(self, data, "on")
        return data


class ExtensionForm(HoSoForm):
    days = forms.IntegerField(label=_("Số ngày gia hạn"), min_value=1,
                              error_messages={"min_value": _("Gia hạn ít nhất 1 ngày."),
                                              "invalid": _("Số ngày là một số.")})
    on = date_field(_("Ngày gia hạn"))
    reason = forms.CharField(label=_("Lý do gia hạn"), max_length=500, min_length=5,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"min_length": _("Hãy ghi rõ lý do gia hạn.")})
    version = forms.IntegerField(widget=forms.HiddenInput)


DISCIPLINE_CHOICES = [("", _("— Không —"))] + list(DisciplineForm.choices)


class ConclusionForm(HoSoForm):
    violation = forms.TypedChoiceField(label=_("Có vi phạm?"), coerce=lambda v: v == "1",
                                       choices=[("0", _("Không vi phạm")), ("1", _("Có vi phạm"))])
    findings = forms.CharField(label=_("Phát hiện (mỗi dòng một nội dung)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    summary = forms.CharField(label=_("Nhận xét, kết luận"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    recommended_discipline = forms.ChoiceField(label=_("Đề nghị hình thức kỷ luật"),
                                               choices=DISCIPLINE_CHOICES, required=False)
    applied_discipline = forms.ChoiceField(label=_("Hình thức kỷ luật đã thi hành"),
                                           choices=DISCIPLINE_CHOICES, required=False)
    discipline_decision = forms.CharField(label=_("Số quyết định kỷ luật"), max_length=40,
                                          required=False)
    discipline_decided_on = date_field(_("Ngày quyết định kỷ luật"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        data["findings"] = [line.strip() for line in data.get("findings", "").splitlines()
                            if line.strip()]
        if not data.get("violation"):
            for name in ("recommended_discipline", "applied_discipline"):
                if data.get(name):
                    self.add_error(name, _("Không vi phạm thì không có kỷ luật."))
        if data.get("applied_discipline") and not (
                data.get("discipline_decision") and data.get("discipline_decided_on")):
            self.add_error("discipline_decision", _(
                "Đã thi hành kỷ luật thì cần số và ngày của quyết định kỷ luật."))
        if data.get("discipline_decided_on") and not data.get("applied_discipline"):
            self.add_error("applied_discipline", _("Hãy chọn hình thức kỷ luật đã thi hành."))
        _check_not_future(self, data, "discipline_decided_on")
        return data


class AppealForm(HoSoForm):
    filed_on = date_field(_("Ngày khiếu nại"))
    content = forms.CharField(label=_("Nội dung khiếu nại"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, conclusion: Conclusion, **kwargs):
        super().__init__(*args, **kwargs)
        self.conclusion = conclusion

    def clean(self):
        data = super().clean()
        if not self.conclusion.applied_discipline:
            raise ValidationError(_("Đối tượng này chưa bị kỷ luật: không có gì để khiếu nại."))
        filed = data.get("filed_on")
        if filed and filed < self.conclusion.discipline_decided_on:
            self.add_error("filed_on", _("Ngày khiếu nại không thể trước ngày quyết định kỷ luật."))
        _check_not_future(self, data, "filed_on")
        return data


class AppealDecisionForm(HoSoForm):
    result = forms.ChoiceField(label=_("Kết quả"), choices=[
        c for c in AppealResult.choices if c[0] != AppealResult.PENDING])
    new_discipline = forms.ChoiceField(label=_("Hình thức kỷ luật mới"), choices=DISCIPLINE_CHOICES,
                                       required=False)
    decided_on = date_field(_("Ngày giải quyết"))
    result_note = forms.CharField(label=_("Ghi chú"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, appeal, **kwargs):
        super().__init__(*args, **kwargs)
        self.appeal = appeal

    def clean(self):
        data = super().clean()
        if data.get("result") == AppealResult.CHANGED and not data.get("new_discipline"):
            self.add_error("new_discipline", _("Hãy chọn hình thức kỷ luật mới."))
        if data.get("result") != AppealResult.CHANGED and data.get("new_discipline"):
            self.add_error("new_discipline", _("Chỉ chọn khi thay đổi hình thức kỷ luật."))
        decided = data.get("decided_on")
        if decided and decided < self.appeal.filed_on:
            self.add_error("decided_on", _("Ngày giải quyết không thể trước ngày khiếu nại."))
        _check_not_future(self, data, "decided_on")
        return data


class RemediationForm(HoSoForm):
    subject = forms.ModelChoiceField(label=_("Đối tượng"), queryset=Subject.objects.none(),
                                     required=False)
    content = forms.CharField(label=_("Nội dung khắc phục"), widget=forms.Textarea(attrs={"rows": 2}))
    owner_unit = forms.ModelChoiceField(label=_("Đơn vị thực hiện"), queryset=OrgUnit.objects.none(),
                                        required=False)
    owner_text = forms.CharField(label=_("Người, nơi thực hiện"), max_length=255, required=False)
    deadline = date_field(_("Hạn hoàn thành"))

    def __init__(self, *args, user=None, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.fields["subject"].queryset = inspection.subjects.all()
        self.fields["owner_unit"].queryset = visible_units(user)
        limit_unit_choices(self, "owner_unit", user, near=[inspection.org_unit])

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("owner_unit") or data.get("owner_text")):
            self.add_error("owner_text", _("Hãy ghi ai (đơn vị hoặc người) thực hiện."))
        deadline, concluded = data.get("deadline"), self.inspection.concluded_on
        if deadline and concluded and deadline < concluded:
            self.add_error("deadline", _("Hạn hoàn thành không thể trước ngày kết luận (%(d)s).")
                           % {"d": concluded.strftime("%d/%m/%Y")})
        return data


class RemediationDoneForm(HoSoForm):
    done_on = date_field(_("Ngày hoàn thành"))
    done_note = forms.CharField(label=_("Kết quả thực hiện"), max_length=500, required=False)
    checked_by = forms.ModelChoiceField(label=_("Cuộc kiểm tra lại đã xác nhận"),
                                        queryset=Inspection.objects.none(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, item: RemediationItem, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        follow_ups = Inspection.objects.visible_to(user).filter(
            follow_up_of=item.inspection_id) if user else Inspection.objects.none()
        self.fields["checked_by"].queryset = follow_ups

    def clean(self):
        data = super().clean()
        done, concluded = data.get("done_on"), self.item.inspection.concluded_on
        if done and concluded and done < concluded:
            self.add_error("done_on", _("Ngày hoàn thành không thể trước ngày kết luận."))
        _check_not_future(self, data, "done_on")
        return data


class _EditFields(forms.Form):
    """The version the editor read (conflict when stale) and an optional reason."""

    change_reason = forms.CharField(label=_("Lý do sửa"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DocumentEditForm(DocumentForm, _EditFields):
    """Correcting a document's metadata."""


class RemediationEditForm(RemediationForm, _EditFields):
    """Correcting a remediation item not yet done."""


class ProgrammeEditForm(ProgrammeForm, _EditFields):
    """Correcting a programme: its issuing body stays (its inspections belong to it)."""

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].disabled = True
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(pk=programme.org_unit_id)
        self.initial.setdefault("org_unit", programme.org_unit_id)
