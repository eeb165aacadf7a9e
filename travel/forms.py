"""Validation of trips: the one path for pages and the API (services re-check the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.forms import date_field, vietnamese_messages
from core.choices import Classification
from core.textfold import nfc
from orgs.models import OrgUnit
from orgs.widgets import limit_unit_choices
from people.models import Person
from travel.choices import (
    COUNTRY_CHOICES,
    Decision,
    ElementKind,
    Funding,
    ManagementLevel,
    MemberRole,
    PrivateKind,
    Purpose,
    Status,
)

TRIP_FIELDS = ["org_unit", "classification", "title", "purpose", "private_kind", "inviter",
               "funding", "planned_departure_on", "planned_return_on", "relatives_commitment"]


def _nfc_strings(data: dict) -> None:
    for name, value in data.items():
        if isinstance(value, str):
            data[name] = nfc(value).strip()


class TripForm(forms.Form):
    org_unit = forms.ModelChoiceField(label=_("Đơn vị quản lý hồ sơ"),
                                      queryset=OrgUnit.objects.none())
    classification = forms.TypedChoiceField(label=_("Độ mật"), coerce=int,
                                            choices=Classification.choices, initial=0)
    title = forms.CharField(label=_("Tên đoàn, chuyến đi"), max_length=255)
    purpose = forms.ChoiceField(label=_("Mục đích"), choices=Purpose.choices)
    private_kind = forms.ChoiceField(label=_("Loại việc riêng"), required=False,
                                     choices=[("", "—"), *PrivateKind.choices])
    inviter = forms.CharField(label=_("Cơ quan, tổ chức, cá nhân mời"), max_length=255,
                              required=False)
    funding = forms.ChoiceField(label=_("Kinh phí"), choices=Funding.choices)
    countries = forms.MultipleChoiceField(label=_("Nước đến"), choices=COUNTRY_CHOICES,
                                          widget=forms.SelectMultiple(attrs={"size": 6}))
    planned_departure_on = date_field(_("Ngày đi dự kiến"), required=True)
    planned_return_on = date_field(_("Ngày về dự kiến"), required=True)
    leader = forms.ModelChoiceField(
        label=_("Trưởng đoàn hoặc người đi (mã hồ sơ)"), queryset=Person.objects.none(),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Số ở cuối địa chỉ trang hồ sơ của người đó."))
    other_members = forms.CharField(
        label=_("Thành viên khác (mã hồ sơ, cách nhau bởi dấu phẩy)"), required=False,
        max_length=2000)
    management_level = forms.ChoiceField(label=_("Diện quản lý của người đi"),
                                         choices=ManagementLevel.choices,
                                         initial=ManagementLevel.DANG_VIEN)
    relatives_commitment = forms.CharField(
        label=_("Cam kết về thân nhân ở nước ngoài (đi thăm thân)"), required=False,
        max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["org_unit"].queryset = OrgUnit.objects.visible_to(user).active()
        limit_unit_choices(self, "org_unit", user)
        self.fields["leader"].queryset = Person.objects.visible_to(user)
        self.fields["classification"].choices = [
            c for c in Classification.choices if c[0] <= user.clearance]
        self.fields["leader"].error_messages["invalid_choice"] = _(
            "Không tìm thấy người có mã hồ sơ này trong phạm vi của bạn.")
        vietnamese_messages(self)

    def clean_other_members(self):
        raw = self.cleaned_data.get("other_members", "")
        ids = [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]
        if any(not part.isdigit() for part in ids):
            raise forms.ValidationError(_("Chỉ ghi các mã hồ sơ (số), cách nhau bởi dấu phẩy."))
        people = list(Person.objects.visible_to(self.user).filter(pk__in=ids))
        if len(people) != len(set(ids)):
            raise forms.ValidationError(
                _("Có mã hồ sơ không tìm thấy trong phạm vi của bạn."))
        return people

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        start, end = data.get("planned_departure_on"), data.get("planned_return_on")
        if start and end and end < start:
            self.add_error("planned_return_on",
                           _("Ngày về dự kiến trước ngày đi dự kiến: kiểm tra lại ngày."))
        purpose, kind = data.get("purpose"), data.get("private_kind")
        if purpose == Purpose.VIEC_RIENG and not kind:
            self.add_error("private_kind", _("Đi việc riêng: hãy chọn loại việc riêng."))
        if purpose and purpose != Purpose.VIEC_RIENG and kind:
            self.add_error("private_kind", _("Chỉ chọn loại việc riêng khi đi việc riêng."))
        if kind == PrivateKind.THAM_THAN and not data.get("relatives_commitment"):
            self.add_error("relatives_commitment",
                           _("Đi thăm thân: cần ghi cam kết về thân nhân ở nước ngoài."))
        leader, others = data.get("leader"), data.get("other_members") or []
        if leader is not None and leader in others:
            self.add_error("other_members", _("Trưởng đoàn đã có trong danh sách."))
        level = data.get("classification")
        if leader is not None and level is not None and level < leader.classification:
            self.add_error("classification", _(
                "Người đi có hồ sơ độ mật “%(level)s”: hồ sơ chuyến đi phải có độ mật ít nhất "
                "như vậy.") % {"level": leader.get_classification_display()})
        return data

    def trip_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in TRIP_FIELDS}

    def members(self) -> list[dict]:
        level = self.cleaned_data["management_level"]
        return [{"person": self.cleaned_data["leader"], "role": MemberRole.TRUONG_DOAN,
                 "management_level": level}] + [
            {"person": p, "role": MemberRole.THANH_VIEN, "management_level": level}
            for p in self.cleaned_data["other_members"]]


class TransitionForm(forms.Form):
    on = date_field(_("Ngày"), required=True)
    text = forms.CharField(label=_("Nội dung"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    countries = forms.MultipleChoiceField(label=_("Các nước thực tế đã đến"), required=False,
                                          choices=COUNTRY_CHOICES,
                                          widget=forms.SelectMultiple(attrs={"size": 6}))
    reason = forms.CharField(label=_("Lý do, ghi chú"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        return data


class ApprovalForm(forms.Form):
    decision = forms.ChoiceField(label=_("Ý kiến"), choices=[
        (Decision.APPROVED, Decision.APPROVED.label), (Decision.REFUSED, Decision.REFUSED.label)])
    decided_on = date_field(_("Ngày cho ý kiến"), required=True)
    document_number = forms.CharField(label=_("Số văn bản"), required=False, max_length=60)
    reason = forms.CharField(label=_("Lý do, nội dung"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        if data.get("decision") == Decision.REFUSED and not data.get("reason"):
            self.add_error("reason", _("Không đồng ý: hãy ghi lý do."))
        return data


class PassportForm(forms.Form):
    on = date_field(_("Ngày nộp lại hộ chiếu"), required=True)


class FilterForm(forms.Form):
    FLAGS = [("", "—"), ("return", _("Quá hạn về nước")), ("report", _("Quá hạn nộp báo cáo")),
             ("passport", _("Chưa nộp lại hộ chiếu"))]
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    flag = forms.ChoiceField(label=_("Cảnh báo"), required=False, choices=FLAGS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "—"), *Status.choices]

    def apply(self, trips, today):
        data = self.cleaned_data
        if data.get("status"):
            trips = trips.filter(status=data["status"])
        if data.get("flag") == "return":
            trips = trips.overdue_return(today)
        elif data.get("flag") == "report":
            trips = trips.overdue_report(today)
        elif data.get("flag") == "passport":
            trips = trips.passport_not_returned()
        return trips


class IncomingVisitForm(forms.Form):
    org_unit = forms.ModelChoiceField(label=_("Đơn vị đón tiếp"), queryset=OrgUnit.objects.none())
    classification = forms.TypedChoiceField(label=_("Độ mật"), coerce=int,
                                            choices=Classification.choices, initial=0)
    delegation = forms.CharField(label=_("Đoàn, khách"), max_length=255)
    country = forms.ChoiceField(label=_("Nước"), choices=COUNTRY_CHOICES)
    purpose = forms.CharField(label=_("Mục đích"), max_length=500)
    arrived_on = date_field(_("Từ ngày"), required=True)
    left_on = date_field(_("Đến ngày"), required=True)
    approval_document = forms.CharField(label=_("Văn bản cho phép"), max_length=120,
                                        required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _scope_fields(self, user)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        if data.get("arrived_on") and data.get("left_on") and data["left_on"] < data["arrived_on"]:
            self.add_error("left_on", _("Ngày kết thúc trước ngày đến: kiểm tra lại ngày."))
        return data


class ContactReportForm(forms.Form):
    org_unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none())
    classification = forms.TypedChoiceField(label=_("Độ mật"), coerce=int,
                                            choices=Classification.choices, initial=0)
    person = forms.ModelChoiceField(
        label=_("Cán bộ báo cáo (mã hồ sơ)"), queryset=Person.objects.none(),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    contacted_on = date_field(_("Ngày làm việc với phía nước ngoài"), required=True)
    counterpart = forms.CharField(label=_("Tổ chức, cá nhân nước ngoài"), max_length=255)
    country = forms.ChoiceField(label=_("Nước"), choices=COUNTRY_CHOICES)
    purpose = forms.CharField(label=_("Mục đích"), max_length=500)
    material_provided = forms.CharField(label=_("Tài liệu, thông tin đã cung cấp"),
                                        required=False, max_length=4000,
                                        widget=forms.Textarea(attrs={"rows": 3}))
    approval_document = forms.CharField(label=_("Theo văn bản cho phép"), max_length=120,
                                        required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _scope_fields(self, user)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        return data


class ForeignElementForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Đảng viên (mã hồ sơ)"), queryset=Person.objects.none(),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    kind = forms.ChoiceField(label=_("Loại"), choices=ElementKind.choices)
    details = forms.CharField(label=_("Nội dung đã kê khai"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    declared_on = date_field(_("Ngày kê khai"), required=True)
    approved_by = forms.CharField(label=_("Cấp có thẩm quyền cho ý kiến"), max_length=255,
                                  required=False)
    approval_document = forms.CharField(label=_("Văn bản cho ý kiến"), max_length=120,
                                        required=False)
    approved_on = date_field(_("Ngày cho ý kiến"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        _scope_fields(self, user)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        if data.get("approved_on") and data.get("declared_on") and \
                data["approved_on"] < data["declared_on"]:
            self.add_error("approved_on", _("Ngày cho ý kiến trước ngày kê khai."))
        return data


def _scope_fields(form, user) -> None:
    """Units, people and levels limited to what the user may see; Vietnamese messages."""
    if "org_unit" in form.fields:
        form.fields["org_unit"].queryset = OrgUnit.objects.visible_to(user).active()
        limit_unit_choices(form, "org_unit", user)
    if "person" in form.fields:
        form.fields["person"].queryset = Person.objects.visible_to(user)
        form.fields["person"].error_messages["invalid_choice"] = _(
            "Không tìm thấy người có mã hồ sơ này trong phạm vi của bạn.")
    if "classification" in form.fields:
        form.fields["classification"].choices = [
            c for c in Classification.choices if c[0] <= user.clearance]
    vietnamese_messages(form)
