"""Validation of documents, uploads and register entries: the one path for pages and the API."""

from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.access import scope_filter
from core.choices import Classification
from core.textfold import nfc
from documents.choices import Direction, RegisterKind, Urgency
from documents.models import DocumentType
from orgs.models import OrgUnit
from orgs.widgets import limit_unit_choices

# Who may approve copying or destroying a secret document (the office's leaders).
APPROVER_ROLES = (Role.LEADER, Role.ADMIN)
DATE_HELP = _("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 29/12/2023.")


def today() -> date:
    return date.today()  # noqa: DTZ011 - a calendar date, compared with dates


class DateInput(forms.DateInput):
    def __init__(self, **kwargs):
        super().__init__(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}, **kwargs)


def date_field(label, required=True) -> forms.DateField:
    """A dd/mm/yyyy date with a Vietnamese message for an impossible date."""
    return forms.DateField(label=label, required=required, widget=DateInput(),
                           error_messages={"invalid": DATE_HELP, "required": _("Hãy nhập ngày.")})


class HoSoForm(forms.Form):
    """Vietnamese messages where Django's catalogue lacks them; NFC text."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = field.error_messages.get(
                "required") or _("Trường này là bắt buộc.")
            if isinstance(field, forms.ModelChoiceField | forms.ChoiceField):
                field.error_messages["invalid_choice"] = _(
                    "Lựa chọn này không có hoặc nằm ngoài phạm vi của bạn. Hãy chọn lại.")
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = _(
                    "Quá dài: tối đa %(limit_value)d ký tự (đang có %(show_value)d).")
                field.error_messages["null_characters_not_allowed"] = _(
                    "Có ký tự điều khiển không hợp lệ: hãy gõ lại nội dung này.")

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = nfc(value).strip()
        return data


def _classifications(user) -> list:
    return [c for c in Classification.choices if user is not None and c[0] <= user.clearance]


class DocumentForm(HoSoForm):
    """A document as registered: an own one is numbered by the service, a received one typed."""

    direction = forms.ChoiceField(label=_("Loại sổ"), choices=Direction.choices)
    org_unit = forms.ModelChoiceField(label=_("Đơn vị quản lý"), queryset=OrgUnit.objects.none())
    doc_type = forms.ModelChoiceField(label=_("Loại văn bản"), queryset=DocumentType.objects.none())
    number = forms.IntegerField(
        label=_("Số (văn bản đến)"), required=False, min_value=1, max_value=999999,
        help_text=_("Chỉ nhập cho văn bản đến; văn bản đi và nội bộ được cấp số tự động."),
        error_messages={"invalid": _("Số văn bản là một số nguyên, ví dụ 12."),
                        "min_value": _("Số văn bản bắt đầu từ 1."),
                        "max_value": _("Số văn bản quá lớn.")})
    issuer_code = forms.CharField(label=_("Ký hiệu cơ quan ban hành"), max_length=30,
                                  help_text=_("Ví dụ BTCTU (trong “Số 12-BC/BTCTU”)"))
    place = forms.CharField(label=_("Địa danh"), max_length=60, required=False)
    issued_on = date_field(_("Ngày ban hành"))
    subject = forms.CharField(label=_("Trích yếu"), max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))
    signer = forms.CharField(label=_("Người ký"), max_length=120, required=False)
    recipients = forms.CharField(label=_("Nơi nhận"), max_length=2000, required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    classification = forms.TypedChoiceField(label=_("Độ mật"), coerce=int, choices=())
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, initial=Urgency.THUONG)
    copies = forms.IntegerField(label=_("Số bản"), min_value=1, max_value=10000, initial=1,
                                error_messages={"invalid": _("Số bản là một số, ví dụ 5."),
                                                "min_value": _("Ít nhất 1 bản."),
                                                "max_value": _("Số bản quá lớn.")})
    protect_until = date_field(_("Thời hạn bảo vệ bí mật đến"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Fields shown when editing (the rest make the document's identity and its number).
    EDIT_FIELDS = ("place", "issued_on", "subject", "signer", "recipients", "classification",
                   "urgency", "copies", "protect_until", "version")

    def __init__(self, *args, user=None, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.document = user, document
        units = OrgUnit.objects.visible_to(user) if user is not None else OrgUnit.objects.none()
        self.fields["org_unit"].queryset = units.active()
        if user is not None and "org_unit" in self.fields:
            limit_unit_choices(self, "org_unit", user)
        self.fields["doc_type"].queryset = DocumentType.objects.in_force(today())
        self.fields["classification"].choices = _classifications(user)
        if document is not None:
            for name in list(self.fields):
                if name not in self.EDIT_FIELDS:
                    del self.fields[name]

    def clean_issuer_code(self):
        code = nfc(self.cleaned_data["issuer_code"]).strip().upper()
        if not code or any(ch.isspace() or ch in "/-" for ch in code):
            raise ValidationError(_("Ký hiệu cơ quan ban hành viết liền, không dấu cách, gạch "
                                    "ngang hay gạch chéo, ví dụ BTCTU."))
        return code

    def clean(self):
        data = super().clean()
        issued = data.get("issued_on")
        if issued and issued > today():
            self.add_error("issued_on", _("Ngày ban hành ở tương lai. Vui lòng kiểm tra lại."))
        if issued and issued.year < 1930:
            self.add_error("issued_on", _("Ngày ban hành không hợp lệ (trước năm 1930)."))
        protect = data.get("protect_until")
        if protect and issued and protect < issued:
            self.add_error("protect_until", _("Thời hạn bảo vệ bí mật phải sau ngày ban hành."))
        if protect and data.get("classification") == Classification.THUONG:
            self.add_error("protect_until", _("Văn bản không có độ mật thì không có thời hạn bảo "
                                              "vệ bí mật: hãy chọn độ mật hoặc để trống."))
        if self.document is None:
            self._clean_number(data)
        return data

    def _clean_number(self, data):
        incoming = data.get("direction") == Direction.IN
        if incoming and not data.get("number"):
            self.add_error("number", _("Văn bản đến: hãy nhập số của văn bản như ghi trên văn bản."))
        if not incoming and data.get("number"):
            self.add_error("number", _("Văn bản đi và nội bộ được cấp số tự động: hãy để trống ô số."))


class UploadForm(HoSoForm):
    file = forms.FileField(label=_("Tệp đính kèm"), allow_empty_file=True,
                           error_messages={"required": _("Hãy chọn tệp cần đính kèm."),
                                           "invalid": _("Không đọc được tệp gửi lên: hãy chọn lại.")})


class ChangeReasonForm(HoSoForm):
    change_reason = forms.CharField(label=_("Lý do thay đổi"), required=False, max_length=500,
                                    widget=forms.Textarea(attrs={"rows": 2}))


class RegisterEntryForm(HoSoForm):
    kind = forms.ChoiceField(label=_("Sổ"), choices=RegisterKind.choices)
    on = date_field(_("Ngày"))
    counterpart = forms.CharField(label=_("Nơi gửi / nơi nhận"), max_length=255, required=False)
    count = forms.IntegerField(label=_("Số bản"), min_value=1, max_value=10000,
                               error_messages={"invalid": _("Số bản là một số, ví dụ 2."),
                                               "min_value": _("Ít nhất 1 bản."),
                                               "max_value": _("Số bản quá lớn.")})
    approver = forms.ModelChoiceField(label=_("Người duyệt"), required=False,
                                      queryset=get_user_model().objects.none())
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, *args, user=None, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.document = document
        self.fields["approver"].queryset = approvers_for(user, document)
        self.fields["approver"].label_from_instance = lambda u: u.display_name

    def clean(self):
        data = super().clean()
        on = data.get("on")
        if on and on > today():
            self.add_error("on", _("Ngày này ở tương lai. Vui lòng kiểm tra lại."))
        if on and self.document is not None and on < self.document.issued_on:
            self.add_error("on", _("Ngày vào sổ không thể trước ngày ban hành văn bản (%(d)s).")
                           % {"d": self.document.issued_on.strftime("%d/%m/%Y")})
        return data


def approvers_for(user, document):
    """Named approvers: active users of the editor's scope cleared for the document's level."""
    users = get_user_model().objects.filter(is_active=True)
    if user is None:
        return users.none()
    condition = scope_filter(user, "org_unit__path", "org_unit")
    if condition is None:
        return users.none()
    level = document.classification if document is not None else 0
    return users.filter(condition, clearance__gte=level, role__in=APPROVER_ROLES).order_by(
        "full_name", "username")
