"""Validation of vetting cases: the one path for pages and the API."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.choices import WRITER_ROLES
from accounts.models import User
from coordination.forms import date_field, local_today, vietnamese_messages
from core.cccd import normalize_cccd
from core.choices import Classification
from core.textfold import nfc
from orgs.models import OrgUnit
from orgs.widgets import limit_unit_choices
from people.models import Person
from vetting.choices import ComplaintResult, Outcome, Relation, Status
from vetting.models import FindingCategory, Purpose, VettingCase

FUTURE = _("Ngày này ở tương lai. Vui lòng kiểm tra lại.")
ADULT_AGE = 18


def _nfc_strings(data: dict) -> None:
    for name, value in data.items():
        if isinstance(value, str):
            data[name] = nfc(value).strip()


def _not_future(form, data, name) -> None:
    value = data.get(name)
    if value and value > local_today():
        form.add_error(name, FUTURE)


def _ancestor_ids(user) -> list[int]:
    """Units above the user's own unit (a competent body may sit higher than its users' scope)."""
    ids, unit = [], getattr(user, "org_unit", None)
    while unit is not None and unit.parent_id is not None:
        unit = unit.parent
        ids.append(unit.pk)
    return ids


class CaseForm(forms.ModelForm):
    """A case as an officer opens it: subject, purpose, units, classification."""

    subject = forms.ModelChoiceField(
        label=_("Người được thẩm định (mã hồ sơ)"), queryset=Person.objects.none(),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Số ở cuối địa chỉ trang hồ sơ của người đó."))
    change_reason = forms.CharField(label=_("Lý do sửa"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = VettingCase
        fields = ["subject", "purpose", "position", "org_unit", "requesting_unit",
                  "competent_body", "classification"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        units = OrgUnit.objects.visible_to(user).active() if user else OrgUnit.objects.none()
        for name in ("org_unit", "requesting_unit", "competent_body"):
            self.fields[name].queryset = units
        # The competent body is often above the handling unit: the user's units or those above.
        self.fields["competent_body"].queryset = (
            units | OrgUnit.objects.filter(pk__in=_ancestor_ids(user))).distinct()
        self.fields["purpose"].queryset = Purpose.objects.in_force(local_today())
        self.fields["subject"].queryset = (Person.objects.visible_to(user) if user
                                           else Person.objects.none())
        if user is not None:
            self.fields["classification"].choices = [
                c for c in Classification.choices if c[0] <= user.clearance]
            for name in ("org_unit", "requesting_unit", "competent_body"):
                limit_unit_choices(self, name, user, near=[getattr(self.instance, name, None)])
        if self.instance.pk:
            self.fields["subject"].disabled = True
            if not self.is_bound:
                self.initial["version"] = self.instance.version
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        subject, level = data.get("subject"), data.get("classification")
        if subject is not None and level is not None and level < subject.classification:
            self.add_error("classification", _(
                "Độ mật của hồ sơ thẩm định không được thấp hơn độ mật hồ sơ của người được "
                "thẩm định (%(level)s).") % {"level": subject.get_classification_display()})
        return data


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Cán bộ thụ lý"), queryset=User.objects.none())
    team = forms.ModelMultipleChoiceField(label=_("Tổ thẩm tra"), queryset=User.objects.none(),
                                          required=False)
    reason = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, case: VettingCase, **kwargs):
        super().__init__(*args, **kwargs)
        # Officers of the handling unit's province subtree (the unit itself and below).
        people = User.objects.filter(is_active=True, role__in=WRITER_ROLES,
                                     org_unit__in=OrgUnit.objects.filter(
                                         path__startswith=case.org_unit.path),
                                     clearance__gte=case.classification).order_by("username")
        self.fields["officer"].queryset = people
        self.fields["team"].queryset = people
        vietnamese_messages(self)


class TransitionForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    on = date_field(_("Ngày"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        from vetting import workflow

        self.action = action
        self.fields["reason"].required = workflow.reason_required(action)
        self.fields["reason"].error_messages["required"] = _("Cần nêu lý do.")
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        _not_future(self, data, "on")
        return data


class RelativeForm(forms.Form):
    relation = forms.ChoiceField(label=_("Quan hệ"), choices=Relation.choices)
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    birth_year = forms.IntegerField(label=_("Năm sinh"), required=False, min_value=1880)
    residence = forms.CharField(label=_("Nơi ở hiện nay"), max_length=255, required=False)
    occupation = forms.CharField(label=_("Nghề nghiệp"), max_length=255, required=False)
    cccd = forms.CharField(label=_("Số CCCD (nếu có)"), max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].error_messages.update(
            min_value=_("Năm sinh không hợp lệ."), invalid=_("Năm sinh phải là số, ví dụ 1958."))
        vietnamese_messages(self)

    def clean_cccd(self):
        raw = self.cleaned_data.get("cccd", "").strip()
        return normalize_cccd(raw) if raw else ""

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        year = data.get("birth_year")
        if year and year > local_today().year:
            self.add_error("birth_year", _("Năm sinh ở tương lai."))
        elif year and data.get("relation") == Relation.CON and \
                local_today().year - year < ADULT_AGE:
            # The form asks for adult children only: minors are not recorded.
            self.add_error("birth_year", _("Mẫu lý lịch chỉ khai con đã trưởng thành (từ đủ 18 "
                                           "tuổi)."))
        return data


class _EditMixin:
    """The version the editor read (409/conflict when stale) and an optional reason."""

    def _add_edit_fields(self, row) -> None:
        self.fields["change_reason"] = forms.CharField(label=_("Lý do sửa"), max_length=500,
                                                       required=False)
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if row is not None and not self.is_bound:
            self.initial.setdefault("version", row.version)
        vietnamese_messages(self)


class RelativeEditForm(_EditMixin, RelativeForm):
    """Correcting a relative: an empty CCCD keeps the number on file."""

    def __init__(self, *args, relative=None, **kwargs):
        if relative is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(relative, name) for name in
                                 ("relation", "full_name", "birth_year", "residence",
                                  "occupation")}
        super().__init__(*args, **kwargs)
        self.fields["cccd"].label = _("Số CCCD mới (để trống: giữ số đã lưu)")
        self._add_edit_fields(relative)


def _documents_from_ids(user, raw: str):
    """Documents the user may see, from "12, 15" (ids shown on the documents pages)."""
    from documents.models import Document

    ids = [part.strip() for part in (raw or "").replace(";", ",").split(",") if part.strip()]
    if not all(part.isdigit() and len(part) < 12 for part in ids):
        raise ValidationError(_("Mã văn bản là các số, cách nhau bởi dấu phẩy."))
    documents = list(Document.objects.visible_to(user).filter(pk__in=ids))
    if len(documents) != len(set(ids)):
        raise ValidationError(_("Có mã văn bản không có hoặc nằm ngoài phạm vi của bạn."))
    return documents


class FindingForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Nhóm nội dung"),
                                      queryset=FindingCategory.objects.filter(active=True))
    relative = forms.ModelChoiceField(label=_("Về thân nhân (để trống: về người được thẩm định)"),
                                      queryset=None, required=False)
    summary = forms.CharField(label=_("Nội dung xác minh được"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    source = forms.CharField(label=_("Nguồn (cơ quan, văn bản trả lời)"), max_length=500,
                             required=False)
    recorded_on = date_field(_("Ngày ghi nhận"), required=True)
    evidence = forms.CharField(label=_("Văn bản chứng cứ (mã văn bản, cách nhau bởi dấu phẩy)"),
                               max_length=200, required=False)

    def __init__(self, *args, case: VettingCase, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["relative"].queryset = case.relatives.all()
        vietnamese_messages(self)

    def clean_evidence(self):
        return _documents_from_ids(self.user, self.cleaned_data.get("evidence", ""))

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        _not_future(self, data, "recorded_on")
        return data


class FindingEditForm(_EditMixin, FindingForm):
    """Correcting a finding; its evidence documents stay linked as they are."""

    def __init__(self, *args, finding=None, **kwargs):
        if finding is not None and "initial" not in kwargs:
            kwargs["initial"] = {"category": finding.category_id,
                                 "relative": finding.relative_id, "summary": finding.summary,
                                 "source": finding.source, "recorded_on": finding.recorded_on}
        super().__init__(*args, **kwargs)
        if finding is not None:  # a category retired since stays acceptable on its own finding
            self.fields["category"].queryset = FindingCategory.objects.filter(
                Q(active=True) | Q(pk=finding.category_id))
        del self.fields["evidence"]
        self._add_edit_fields(finding)

    def clean_evidence(self):  # no evidence field here
        return []


class RaiseRequestForm(forms.Form):
    """A verification request of the case, validated by the coordination ledger's own form."""

    relative = forms.ModelChoiceField(label=_("Xác minh về thân nhân (để trống: về người được "
                                              "thẩm định)"), queryset=None, required=False)
    agency = forms.ModelChoiceField(label=_("Cơ quan"), queryset=None, required=False)
    counterpart_name = forms.CharField(label=_("Tên cơ quan, đơn vị cụ thể"), max_length=255,
                                       required=False)
    subject = forms.CharField(label=_("Trích yếu"), max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label=_("Căn cứ"), max_length=500, required=False)
    letter_number = forms.CharField(label=_("Số công văn"), max_length=60, required=False)
    letter_date = date_field(_("Ngày công văn"))
    sent_on = date_field(_("Ngày gửi"))

    def __init__(self, *args, case: VettingCase, user, **kwargs):
        from coordination.models import Agency

        super().__init__(*args, **kwargs)
        self.case, self.user = case, user
        self.fields["relative"].queryset = case.relatives.all()
        self.fields["agency"].queryset = Agency.objects.filter(active=True)
        vietnamese_messages(self)

    def clean(self):
        from coordination.forms import RequestForm

        data = super().clean()
        if self.errors:
            return data
        inner = RequestForm(data={
            "direction": "SENT", "kind": "XAC_MINH", "org_unit": self.case.org_unit_id,
            "agency": getattr(data.get("agency"), "pk", ""),
            "counterpart_name": data.get("counterpart_name", ""), "subject": data["subject"],
            "legal_basis": data.get("legal_basis", ""), "subject_person": self.case.subject_id,
            "letter_number": data.get("letter_number", ""),
            "letter_date": _fmt(data.get("letter_date")), "sent_on": _fmt(data.get("sent_on")),
            "classification": self.case.classification,
        }, user=self.user)
        if not inner.is_valid():
            for name, errors in inner.errors.items():
                for error in errors:
                    self.add_error(name if name in self.fields else None, error)
            return data
        data["request_data"] = {**inner.cleaned_data, "relative": data.get("relative")}
        return data


def _fmt(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


class ExplanationRequestForm(forms.Form):
    points = forms.CharField(label=_("Nội dung đề nghị giải trình"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    requested_on = date_field(_("Ngày đề nghị"), required=True)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        _not_future(self, data, "requested_on")
        return data


class ExplanationRecordForm(forms.Form):
    received_on = date_field(_("Ngày nhận giải trình"), required=True)
    summary = forms.CharField(label=_("Tóm tắt giải trình"), max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        _not_future(self, data, "received_on")
        return data


class ConclusionForm(forms.Form):
    """The outcome is chosen by a person: the list starts empty, nothing is pre-selected."""

    outcome = forms.ChoiceField(label=_("Kết luận"),
                                choices=[("", "---------"), *Outcome.choices])
    ceiling = forms.CharField(label=_("Giới hạn (đến chức vụ, vị trí)"), max_length=255,
                              required=False)
    reasons = forms.CharField(label=_("Lý do, căn cứ"), max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        if data.get("outcome") == Outcome.DU_CO_GIOI_HAN and not data.get("ceiling"):
            self.add_error("ceiling", _("Kết luận “đủ tiêu chuẩn có giới hạn” cần ghi rõ giới "
                                        "hạn."))
        return data


class DecideForm(forms.Form):
    decided_on = date_field(_("Ngày kết luận"), required=True)
    decision_document = forms.CharField(label=_("Văn bản kết luận (mã văn bản)"), max_length=12,
                                        required=False)
    recheck_on = date_field(_("Ngày xem xét lại (để trống: theo quy định)"))
    reason = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        vietnamese_messages(self)

    def clean_decision_document(self):
        documents = _documents_from_ids(self.user, self.cleaned_data.get("decision_document"))
        if len(documents) > 1:
            raise ValidationError(_("Chỉ một văn bản kết luận."))
        return documents[0] if documents else None

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        _not_future(self, data, "decided_on")
        if data.get("recheck_on") and data.get("decided_on") and \
                data["recheck_on"] <= data["decided_on"]:
            self.add_error("recheck_on", _("Ngày xem xét lại phải sau ngày kết luận."))
        return data


class ComplaintForm(forms.Form):
    filed_on = date_field(_("Ngày nhận khiếu nại"), required=True)
    summary = forms.CharField(label=_("Nội dung khiếu nại"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        _not_future(self, data, "filed_on")
        return data


class SettleComplaintForm(forms.Form):
    result = forms.ChoiceField(label=_("Kết quả"), choices=ComplaintResult.choices)
    result_on = date_field(_("Ngày giải quyết"), required=True)
    result_summary = forms.CharField(label=_("Nội dung giải quyết"), max_length=4000,
                                     required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        _not_future(self, data, "result_on")
        return data


class ExplanationEditForm(_EditMixin, forms.Form):
    """Correcting an explanation: what was asked, and once received its summary (dates stay)."""

    points = forms.CharField(label=_("Nội dung đề nghị giải trình"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    summary = forms.CharField(label=_("Tóm tắt giải trình"), max_length=8000,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, explanation, **kwargs):
        kwargs.setdefault("initial", {"points": explanation.points,
                                      "summary": explanation.summary})
        super().__init__(*args, **kwargs)
        if explanation.received_on is None:
            del self.fields["summary"]
        self._add_edit_fields(explanation)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        return data


class ComplaintEditForm(_EditMixin, forms.Form):
    """Correcting a complaint: its content, and once settled the settlement's summary."""

    summary = forms.CharField(label=_("Nội dung khiếu nại"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    result_summary = forms.CharField(label=_("Nội dung giải quyết"), max_length=4000,
                                     required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, complaint, **kwargs):
        kwargs.setdefault("initial", {"summary": complaint.summary,
                                      "result_summary": complaint.result_summary})
        super().__init__(*args, **kwargs)
        if not complaint.result:
            del self.fields["result_summary"]
        self._add_edit_fields(complaint)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        return data


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Tất cả")), *Status.choices])
    purpose = forms.CharField(label=_("Mục đích"), required=False, max_length=32)
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none(),
                                  required=False)
    officer = forms.ModelChoiceField(label=_("Cán bộ thụ lý"), queryset=User.objects.none(),
                                     required=False)
    overdue = forms.BooleanField(label=_("Quá hạn"), required=False)
    due_before = date_field(_("Hạn trước ngày"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.visible_to(user) if user else OrgUnit.objects.none()
        self.fields["unit"].queryset = units
        self.fields["unit"].widget = forms.TextInput(attrs={"inputmode": "numeric"})
        self.fields["officer"].queryset = User.objects.filter(
            org_unit__in=units, role__in=WRITER_ROLES).order_by("username")
        choices = [("", _("Tất cả"))] + [
            (code, name) for code, name in Purpose.objects.order_by("sort_order")
            .values_list("code", "name").distinct()]
        self.fields["purpose"].widget = forms.Select(choices=choices)
        vietnamese_messages(self)

    def apply(self, queryset, today: date):
        data = self.cleaned_data
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("purpose"):
            queryset = queryset.filter(purpose__code=data["purpose"])
        if data.get("unit"):
            queryset = queryset.filter(org_unit__path__startswith=data["unit"].path)
        if data.get("officer"):
            queryset = queryset.filter(officer=data["officer"])
        if data.get("overdue"):
            queryset = queryset.overdue(today)
        if data.get("due_before"):
            queryset = queryset.filter(due_on__lt=data["due_before"])
        return queryset

