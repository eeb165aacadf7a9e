"""Validation of the coordination ledger: the one path for pages, the API and imports."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordination import workflow
from coordination.choices import Direction, ReplyKind, RequestKind, Status
from coordination.deadlines import compute_due
from coordination.models import Agency, CoordinationRequest
from core.choices import Classification
from core.textfold import nfc
from orgs.models import OrgUnit
from orgs.widgets import limit_unit_choices
from people.models import Person

DATE_INVALID = _("Ngày không hợp lệ hoặc không có thật: nhập theo dạng ngày/tháng/năm, "
                 "ví dụ 29/12/2025.")
FUTURE = _("Ngày này ở tương lai. Vui lòng kiểm tra lại.")
DATE_ATTRS = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}


def date_field(label, required=False) -> forms.DateField:
    """A dd/mm/yyyy date field with the Vietnamese messages."""
    return forms.DateField(
        label=label, required=required,
        widget=forms.DateInput(format="%d/%m/%Y", attrs=dict(DATE_ATTRS)),
        error_messages={"invalid": DATE_INVALID,
                        "required": _("Cần nhập ngày (dd/mm/yyyy).")},
    )


def local_today() -> date:
    return timezone.localdate()


def vietnamese_messages(form) -> None:
    """Messages Django's Vietnamese catalogue lacks or words badly."""
    for field in form.fields.values():
        if getattr(field, "max_length", None):
            field.error_messages["max_length"] = _(
                "Quá dài: tối đa %(limit_value)d ký tự (đang có %(show_value)d)."
            )
        field.error_messages["null_characters_not_allowed"] = _(
            "Có ký tự điều khiển không hợp lệ: hãy gõ lại nội dung này."
        )
        if isinstance(field, forms.ModelChoiceField):
            field.error_messages["invalid_choice"] = _(
                "Lựa chọn này không có hoặc nằm ngoài phạm vi của bạn. Hãy chọn trong danh sách."
            )
        elif isinstance(field, forms.ChoiceField):
            field.error_messages["invalid_choice"] = _(
                "Giá trị “%(value)s” không có trong danh sách. Hãy chọn trong danh sách."
            )


def _nfc_strings(data: dict) -> None:
    for name, value in data.items():
        if isinstance(value, str):
            data[name] = nfc(value).strip()


class RequestForm(forms.ModelForm):
    """A request as an officer records it; the due date is computed unless changed with a reason."""

    letter_date = date_field(_("Ngày công văn"))
    sent_on = date_field(_("Ngày gửi"))
    received_on = date_field(_("Ngày nhận"))
    due_on = date_field(_("Hạn trả lời"))
    subject_person = forms.ModelChoiceField(
        label=_("Người được xác minh (mã hồ sơ)"), queryset=Person.objects.none(),
        required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Số ở cuối địa chỉ trang hồ sơ của người đó; để trống nếu không có."),
    )
    change_reason = forms.CharField(label=_("Lý do sửa"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CoordinationRequest
        fields = [
            "direction", "kind", "org_unit", "agency", "counterpart_unit", "counterpart_name",
            "subject", "legal_basis", "subject_person", "letter_number", "letter_date",
            "sent_on", "received_on", "due_on", "due_changed_reason", "classification",
        ]
        widgets = {"subject": forms.Textarea(attrs={"rows": 2}),
                   "due_changed_reason": forms.TextInput()}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        units = OrgUnit.objects.visible_to(user).active() if user else OrgUnit.objects.none()
        self.fields["org_unit"].queryset = units
        self.fields["counterpart_unit"].queryset = units
        if user is not None:
            for name in ("org_unit", "counterpart_unit"):
                limit_unit_choices(self, name, user, near=[getattr(self.instance, name, None)])
        self.fields["agency"].queryset = Agency.objects.filter(active=True)
        self.fields["subject_person"].queryset = (
            Person.objects.visible_to(user) if user else Person.objects.none())
        if user is not None:
            self.fields["classification"].choices = [
                c for c in Classification.choices if c[0] <= user.clearance]
        if self.instance.pk:
            # The direction of a recorded letter does not change; a wrong one is cancelled.
            self.fields["direction"].disabled = True
            if not self.is_bound:
                self.initial["version"] = self.instance.version
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        direction = data.get("direction")
        if not (data.get("agency") or data.get("counterpart_unit") or data.get("counterpart_name")):
            self.add_error("agency", _("Cần chọn cơ quan, tổ chức đảng phối hợp, hoặc ghi tên "
                                       "cơ quan cụ thể."))
        if direction == Direction.RECEIVED and not data.get("received_on"):
            self.add_error("received_on", _("Yêu cầu nhận đến cần có ngày nhận."))
        self._check_dates(data, direction)
        self._check_person(data)
        if not self.errors:
            self._check_due(data, direction)
        return data

    def _check_dates(self, data, direction) -> None:
        today = local_today()
        for name in ("letter_date", "sent_on", "received_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, FUTURE)
        sent, received, letter = data.get("sent_on"), data.get("received_on"), data.get("letter_date")
        if sent and received and received < sent:
            self.add_error("received_on", _("Ngày nhận không thể trước ngày gửi."))
        start = sent if direction == Direction.SENT else received
        if letter and start and letter > start:
            self.add_error("letter_date", _("Ngày công văn không thể sau ngày gửi, nhận."))

    def _check_person(self, data) -> None:
        person = data.get("subject_person")
        level = data.get("classification")
        if person is not None and level is not None and level < person.classification:
            self.add_error("classification", _(
                "Người được xác minh có hồ sơ độ mật “%(level)s”: yêu cầu phải có độ mật ít nhất "
                "như vậy.") % {"level": person.get_classification_display()})

    def _check_due(self, data, direction) -> None:
        """Computed due date unless the user typed another one with a reason."""
        start = data.get("sent_on") if direction == Direction.SENT else data.get("received_on")
        given = data.get("due_on")
        if start is None:
            if given is not None:
                self.add_error("due_on", _("Chưa có ngày gửi, nhận thì chưa đặt hạn trả lời."))
            return
        computed, _rule = compute_due(data.get("kind"), data.get("agency"), start)
        # A due date left as it was computed follows the dates (and the rule) when they change.
        kept = bool(self.instance.pk and not self.instance.due_changed_reason
                    and given == self.instance.due_on)
        if given is None or given == computed or kept:
            data["due_on"], data["due_changed_reason"] = None, ""
            return
        if given < start:
            self.add_error("due_on", _("Hạn trả lời không thể trước ngày gửi, nhận "
                                       "(%(d)s).") % {"d": start.strftime("%d/%m/%Y")})
            return
        if computed is not None and not data.get("due_changed_reason"):
            self.add_error("due_changed_reason", _(
                "Hạn trả lời khác hạn tính theo quy định (%(d)s): hãy ghi lý do đổi hạn."
            ) % {"d": computed.strftime("%d/%m/%Y") if computed else "—"})


class ReplyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại trả lời"), choices=ReplyKind.choices)
    replied_on = date_field(_("Ngày trả lời"), required=True)
    letter_number = forms.CharField(label=_("Số công văn trả lời"), max_length=60,
                                    required=False)
    letter_date = date_field(_("Ngày công văn trả lời"))
    summary = forms.CharField(label=_("Nội dung trả lời"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              error_messages={"required": _("Hãy tóm tắt nội dung trả lời.")})

    # Recording an answer needs a request still waiting; correcting one does not.
    open_required = True

    def __init__(self, *args, request_obj: CoordinationRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_obj = request_obj
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        if self.open_required and not workflow.is_open(self.request_obj.status):
            raise ValidationError(_("Yêu cầu không còn chờ trả lời: không ghi thêm trả lời được."))
        replied, letter = data.get("replied_on"), data.get("letter_date")
        opened = self.request_obj.opened_on
        if replied and replied > local_today():
            self.add_error("replied_on", FUTURE)
        elif replied and opened and replied < opened:
            self.add_error("replied_on", _("Ngày trả lời không thể trước ngày gửi, nhận yêu cầu "
                                           "(%(d)s).") % {"d": opened.strftime("%d/%m/%Y")})
        if letter and replied and letter > replied:
            self.add_error("letter_date", _("Ngày công văn không thể sau ngày trả lời."))
        return data


class ChaserForm(forms.Form):
    sent_on = date_field(_("Ngày đôn đốc"), required=True)
    letter_number = forms.CharField(label=_("Số công văn đôn đốc"), max_length=60,
                                    required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    open_required = True

    def __init__(self, *args, request_obj: CoordinationRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_obj = request_obj
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        if self.open_required and not workflow.is_open(self.request_obj.status):
            raise ValidationError(_("Chỉ đôn đốc yêu cầu đang chờ trả lời."))
        sent, opened = data.get("sent_on"), self.request_obj.opened_on
        if sent and sent > local_today():
            self.add_error("sent_on", FUTURE)
        elif sent and opened and sent < opened:
            self.add_error("sent_on", _("Ngày đôn đốc không thể trước ngày gửi, nhận yêu cầu."))
        return data


def _edit_fields(form, row) -> None:
    """The version the editor read (conflict when stale) and an optional reason."""
    form.fields["change_reason"] = forms.CharField(label=_("Lý do sửa"), max_length=500,
                                                   required=False)
    form.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
    if row is not None and not form.is_bound:
        form.initial.setdefault("version", row.version)
    vietnamese_messages(form)


class ReplyEditForm(ReplyForm):
    """Correcting an answer: its kind stays (completing a partial answer is a new reply)."""

    open_required = False

    def __init__(self, *args, reply=None, **kwargs):
        if reply is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(reply, name) for name in
                                 ("replied_on", "letter_number", "letter_date", "summary")}
        super().__init__(*args, **kwargs)
        del self.fields["kind"]
        _edit_fields(self, reply)


class ChaserEditForm(ChaserForm):
    """Correcting a reminder already recorded."""

    open_required = False

    def __init__(self, *args, chaser=None, **kwargs):
        if chaser is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(chaser, name) for name in
                                 ("sent_on", "letter_number", "note")}
        super().__init__(*args, **kwargs)
        _edit_fields(self, chaser)


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in workflow.TRANSITIONS],
                               widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False,
                             widget=forms.TextInput())
    on = date_field(_("Ngày gửi, nhận"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, request_obj: CoordinationRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_obj = request_obj
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        action = data.get("action")
        if action and workflow.reason_required(action) and not data.get("reason"):
            self.add_error("reason", _("Thao tác này cần ghi lý do."))
        on = data.get("on")
        if on and on > local_today():
            self.add_error("on", FUTURE)
        return data


class FilterForm(forms.Form):
    """Filters of the list pages and the API list; bad values are errors, never a 500."""

    direction = forms.ChoiceField(label=_("Chiều"), required=False,
                                  choices=[("", _("Tất cả"))] + Direction.choices)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Tất cả"))] + Status.choices)
    kind = forms.ChoiceField(label=_("Loại"), required=False,
                             choices=[("", _("Tất cả"))] + RequestKind.choices)
    agency = forms.ModelChoiceField(label=_("Cơ quan"), required=False,
                                    queryset=Agency.objects.all(), empty_label=_("Tất cả"))
    overdue = forms.BooleanField(label=_("Chỉ yêu cầu quá hạn"), required=False)
    escalated = forms.BooleanField(label=_("Đã báo cáo cấp trên"), required=False)
    date_from = date_field(_("Từ ngày"))
    date_to = date_field(_("Đến ngày"))
    q = forms.CharField(label=_("Số công văn, trích yếu"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_messages(self)

    def clean_q(self):
        return "".join(ch for ch in self.cleaned_data.get("q", "") if ch.isprintable()).strip()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("“Đến ngày” không thể trước “Từ ngày”."))
        return data

    def apply(self, queryset, today: date):
        """``queryset`` narrowed by the valid filters."""
        data = self.cleaned_data
        for name in ("direction", "status", "kind"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("agency"):
            queryset = queryset.filter(agency=data["agency"])
        if data.get("overdue"):
            queryset = queryset.overdue(today)
        if data.get("escalated"):
            queryset = queryset.filter(escalated_on__isnull=False)
        if data.get("date_from"):
            queryset = queryset.filter(opened_on__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(opened_on__lte=data["date_to"])
        if data.get("q"):
            queryset = queryset.filter(Q(letter_number__icontains=data["q"])
                                       | Q(subject__icontains=data["q"]))
        return queryset
