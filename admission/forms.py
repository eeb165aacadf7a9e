"""Validation of admission dossiers: the one path for pages and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from admission import workflow
from admission.choices import Status
from admission.models import AdmissionDocumentKind, AdmissionDossier
from coordination.choices import RequestKind
from coordination.forms import FUTURE, date_field, local_today, vietnamese_messages
from coordination.models import CoordinationRequest
from core.choices import Classification
from core.textfold import nfc
from documents.models import Document
from orgs.choices import OrgKind
from orgs.models import OrgUnit
from orgs.widgets import limit_unit_choices
from people.choices import PartyStatus
from people.models import Person


def _nfc_strings(data: dict) -> None:
    for name, value in data.items():
        if isinstance(value, str):
            data[name] = nfc(value).strip()


class DossierForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Quần chúng (mã hồ sơ)"), queryset=Person.objects.none(),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Số ở cuối địa chỉ trang hồ sơ của người đó."))
    org_unit = forms.ModelChoiceField(label=_("Chi bộ"), queryset=OrgUnit.objects.none())
    classification = forms.TypedChoiceField(label=_("Độ mật"), coerce=int,
                                            choices=Classification.choices, initial=0)
    opened_on = date_field(_("Ngày lập hồ sơ"), required=True)
    special_case = forms.BooleanField(label=_("Trường hợp đặc biệt (thêm thời hạn)"),
                                      required=False)
    special_case_reason = forms.CharField(label=_("Lý do trường hợp đặc biệt"), max_length=500,
                                          required=False)
    change_reason = forms.CharField(label=_("Lý do sửa"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, dossier: AdmissionDossier | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.dossier = dossier
        self.fields["person"].queryset = Person.objects.visible_to(user)
        self.fields["org_unit"].queryset = (OrgUnit.objects.visible_to(user).active()
                                            .filter(kind=OrgKind.CHI_BO))
        limit_unit_choices(self, "org_unit", user, kind=OrgKind.CHI_BO,
                           near=[getattr(dossier, "org_unit", None)])
        self.fields["classification"].choices = [
            c for c in Classification.choices if c[0] <= user.clearance]
        if dossier is not None:
            self.fields["person"].disabled = True
            self.initial["person"] = dossier.person_id
            if not self.is_bound:
                self.initial.update(
                    person=dossier.person_id, org_unit=dossier.org_unit_id,
                    classification=dossier.classification, opened_on=dossier.opened_on,
                    special_case=dossier.special_case,
                    special_case_reason=dossier.special_case_reason, version=dossier.version)
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        person = data.get("person")
        if person is not None and self.dossier is None:
            if person.party_status != PartyStatus.QUAN_CHUNG:
                self.add_error("person", _("Người này đã là đảng viên: chỉ lập hồ sơ kết nạp "
                                           "cho quần chúng."))
            elif AdmissionDossier.objects.filter(person=person).exclude(
                    status__in=(Status.WITHDRAWN, Status.FULL_MEMBER)).exists():
                self.add_error("person", _("Người này đã có hồ sơ kết nạp đang xét."))
        level = data.get("classification")
        if person is not None and level is not None and level < person.classification:
            self.add_error("classification", _(
                "Người này có hồ sơ độ mật “%(level)s”: hồ sơ kết nạp phải có độ mật ít nhất "
                "như vậy.") % {"level": person.get_classification_display()})
        if data.get("opened_on") and data["opened_on"] > local_today():
            self.add_error("opened_on", FUTURE)
        if data.get("special_case") and not data.get("special_case_reason"):
            self.add_error("special_case_reason",
                           _("Trường hợp đặc biệt cần ghi rõ lý do."))
        if not data.get("special_case"):
            data["special_case_reason"] = ""
        return data


class DocumentForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Loại giấy tờ"),
                                  queryset=AdmissionDocumentKind.objects.all())
    issued_on = date_field(_("Ngày cấp, ngày ký"), required=True)
    number = forms.CharField(label=_("Số"), max_length=60, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)
    document = forms.ModelChoiceField(
        label=_("Văn bản lưu trữ (mã văn bản)"), queryset=Document.objects.none(), required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Tùy chọn: số ở cuối địa chỉ trang văn bản đã lưu trong phần Văn bản."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = Document.objects.visible_to(user)
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        if data.get("issued_on") and data["issued_on"] > local_today():
            self.add_error("issued_on", FUTURE)
        return data


class DocumentEditForm(DocumentForm):
    """Correcting a paper: the version the editor read (conflict when stale) and a reason."""

    change_reason = forms.CharField(label=_("Lý do sửa"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, paper=None, **kwargs):
        if paper is not None and "initial" not in kwargs:
            kwargs["initial"] = {"kind": paper.kind_id, "issued_on": paper.issued_on,
                                 "number": paper.number, "note": paper.note,
                                 "document": paper.document_id, "version": paper.version}
        super().__init__(*args, **kwargs)


class TransitionForm(forms.Form):
    on = date_field(_("Ngày"), required=True)
    number = forms.CharField(label=_("Số nghị quyết, quyết định"), max_length=60,
                             required=False)
    reason = forms.CharField(label=_("Lý do, ghi chú"), max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        _nfc_strings(data)
        transition = workflow.TRANSITIONS[self.action]
        if transition.reason_required and not data.get("reason"):
            self.add_error("reason", _("Cần ghi lý do."))
        if data.get("on") and data["on"] > local_today() \
                and self.action != workflow.Action.CONFIRM:
            self.add_error("on", FUTURE)
        return data


class LinkLetterForm(forms.Form):
    request = forms.ModelChoiceField(label=_("Công văn thẩm tra, xác minh"),
                                     queryset=CoordinationRequest.objects.none())

    def __init__(self, *args, user, dossier: AdmissionDossier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].queryset = (
            CoordinationRequest.objects.visible_to(user)
            .filter(kind=RequestKind.XAC_MINH, subject_person=dossier.person_id,
                    admission_dossier__isnull=True).order_by("-id"))
        vietnamese_messages(self)


class FilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái"), required=False,
                               choices=[("", _("Tất cả"))] + list(Status.choices))
    unit = forms.ModelChoiceField(label=_("Đơn vị (mã)"), queryset=OrgUnit.objects.none(),
                                  required=False,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    overdue = forms.BooleanField(label=_("Quá hạn kết nạp"), required=False)
    expiring = forms.BooleanField(label=_("Có giấy tờ sắp hết hạn (30 ngày)"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user)
        limit_unit_choices(self, "unit", user)
        vietnamese_messages(self)

    def apply(self, queryset, today):
        data = self.cleaned_data
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("unit"):
            queryset = queryset.filter(org_unit__path__startswith=data["unit"].path)
        if data.get("overdue"):
            queryset = queryset.clock_overdue(today)
        if data.get("expiring"):
            queryset = queryset.expiring(today)
        return queryset
