"""The report generation form: kind, unit, period, "as of", formats, number, signature block."""


from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.choices import Classification
from reports.kinds import ReportKind, default_period, subject
from reports.rendering.bundle import FORMATS
from reports.rendering.meta import DocumentMeta
from reports.types import Period

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_CHOICES = [("docx", "Word (DOCX)"), ("xlsx", "Excel (XLSX)"), ("pdf", "PDF")]


def _date_field(label, required=True):
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={
            "class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={"invalid": gettext_lazy("Ngày viết theo dạng dd/mm/yyyy, ví dụ 31/12/2025."),
                        "required": gettext_lazy("Hãy nhập ngày (dd/mm/yyyy).")})


def _text(label, required=False, initial="", max_length=255):
    return forms.CharField(label=label, required=required, initial=initial, max_length=max_length,
                           widget=forms.TextInput(attrs={"class": "form-control"}))


def _lines(label, initial=""):
    return forms.CharField(label=label, required=False, initial=initial, max_length=2000,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
                           help_text=gettext_lazy("Mỗi dòng một mục."))


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại báo cáo"), choices=ReportKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))
    unit = forms.ModelChoiceField(label=gettext_lazy("Đơn vị"), queryset=None,
                                  widget=forms.Select(attrs={"class": "form-select"}))
    date_from = _date_field(gettext_lazy("Từ ngày"), required=False)
    date_to = _date_field(gettext_lazy("Đến ngày"), required=False)
    as_of = _date_field(gettext_lazy("Số liệu tính đến ngày (để trống: hôm nay)"), required=False)
    formats = forms.MultipleChoiceField(
        label=gettext_lazy("Định dạng"), choices=FORMAT_CHOICES, initial=list(FORMATS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Hãy chọn ít nhất một định dạng.")})
    classification = forms.TypedChoiceField(
        label=gettext_lazy("Độ mật của báo cáo"), coerce=int, initial=Classification.MAT,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=gettext_lazy("Báo cáo công tác bảo vệ chính trị nội bộ mặc định là Mật; "
                               "chọn mức cao hơn nếu báo cáo nêu số liệu thuộc độ mật cao hơn."))
    number = _text(gettext_lazy("Số, ký hiệu (ví dụ 12-BC/BTCTU)"), max_length=64)
    issued_on = _date_field(gettext_lazy("Ngày ban hành"), required=False)
    place = _text(gettext_lazy("Địa danh"), initial="Hà Nội")
    parent_body = _text(gettext_lazy("Cơ quan cấp trên"))
    issuer = _text(gettext_lazy("Cơ quan ban hành"), initial="Ban Tổ chức")
    signature = _lines(gettext_lazy("Thẩm quyền ký"), initial="T/M BAN THƯỜNG VỤ")
    signer_title = _text(gettext_lazy("Chức vụ người ký"))
    signer = _text(gettext_lazy("Họ tên người ký"))
    recipients = _lines(gettext_lazy("Nơi nhận"))
    keep_at = _text(gettext_lazy("Lưu tại"), initial="VP")

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from orgs.models import OrgUnit

        self.user = user
        units = OrgUnit.objects.visible_to(user).order_by("path")
        root = getattr(user, "org_unit", None)
        if root is not None:
            # The user's unit and the level below it: any deeper unit is reached with ?unit=.
            units = units.filter(depth__lte=root.depth + 1)
        self.fields["unit"].queryset = units
        self.fields["classification"].choices = [
            (value, label) for value, label in Classification.choices
            if value <= getattr(user, "clearance", 0)]
        if not self.is_bound:
            self._set_initial(root)

    def _set_initial(self, root) -> None:
        self.initial.setdefault("kind", ReportKind.NAM)
        if root is not None:
            self.initial.setdefault("unit", root.pk)
            self.initial.setdefault("parent_body", f"Đảng bộ {root.name}")
        clearance = getattr(self.user, "clearance", 0)
        self.initial.setdefault("classification", min(Classification.MAT, clearance))

    def clean(self):
        data = super().clean()
        if data.get("kind") and not data.get("date_from") and not data.get("date_to") and not (
                self.errors.get("date_from") or self.errors.get("date_to")):
            # Both left empty: the kind's period (this year, 5 or 10 years up to this year).
            data["date_from"], data["date_to"] = default_period(data["kind"],
                                                                timezone.localdate())
        elif not data.get("date_from") or not data.get("date_to"):
            for name in ("date_from", "date_to"):
                if not data.get(name) and not self.errors.get(name):
                    self.add_error(name, _("Hãy nhập cả hai ngày, hoặc để trống cả hai để lấy "
                                           "kỳ mặc định của loại báo cáo."))
        start, end, as_of = data.get("date_from"), data.get("date_to"), data.get("as_of")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        if as_of and start and as_of < start:
            self.add_error("as_of", _("Ngày tính số liệu phải từ ngày bắt đầu của kỳ trở đi."))
        if as_of and as_of > timezone.localdate():
            self.add_error("as_of", _("Ngày tính số liệu không được sau hôm nay."))
        return data

    def period(self) -> Period:
        data = self.cleaned_data
        return Period(unit_id=data["unit"].pk, date_from=data["date_from"],
                      date_to=data["date_to"], as_of=data.get("as_of"))

    def meta(self) -> DocumentMeta:
        data = self.cleaned_data
        return DocumentMeta(
            kind=data["kind"], parent_body=data["parent_body"], issuer=data["issuer"],
            number=data["number"].strip(), place=data["place"],
            issued_on=data.get("issued_on") or None, title=_("Báo cáo"),
            subject=subject(data["kind"], data["date_from"], data["date_to"]),
            classification=data["classification"], signature=_split(data["signature"]),
            signer_title=data["signer_title"], signer=data["signer"],
            recipients=_split(data["recipients"]), keep_at=data["keep_at"] or "VP")


def _split(text: str) -> list[str]:
    return [line.strip().lstrip("-").strip().rstrip(",") for line in (text or "").splitlines()
            if line.strip()]


