"""The one validation path of positions pages and API: dd/mm/yyyy dates, scoped choices."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.forms import date_field, local_today, vietnamese_messages
from core.choices import Classification
from orgs.models import OrgUnit
from orgs.widgets import limit_unit_choices
from people.models import Person
from positions.choices import Level

TEXT = {"class": "form-control"}
LEVEL_BY_WORD = {"trong yeu": Level.TRONG_YEU, "trọng yếu": Level.TRONG_YEU,
                 "co mat": Level.CO_MAT, "cơ mật": Level.CO_MAT,
                 "trong_yeu": Level.TRONG_YEU, "co_mat": Level.CO_MAT}


def parse_positions(text: str) -> list:
    """Lines "Bộ phận | Chức danh | trọng yếu/cơ mật" → [(department, title, level)]."""
    rows, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|")]
        level = LEVEL_BY_WORD.get(parts[-1].casefold()) if len(parts) == 3 else None
        if len(parts) != 3 or not parts[0] or not parts[1] or level is None:
            errors.append(_("Dòng %(n)d chưa đúng mẫu “Bộ phận | Chức danh | trọng yếu hoặc "
                            "cơ mật”.") % {"n": number})
        elif len(parts[0]) > 255 or len(parts[1]) > 255:
            errors.append(_("Dòng %(n)d quá dài (tối đa 255 ký tự mỗi ô).") % {"n": number})
        else:
            rows.append((parts[0], parts[1], level))
    if errors:
        raise forms.ValidationError(errors)
    return rows


class CatalogueForm(forms.Form):
    org_unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none(),
                                      widget=forms.Select(attrs={"class": "form-select"}))
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=64,
                                      widget=forms.TextInput(attrs=TEXT))
    decided_on = date_field(_("Ngày quyết định"), required=True)
    valid_from = date_field(_("Hiệu lực từ"), required=True)
    classification = forms.TypedChoiceField(
        label=_("Độ mật"), choices=Classification.choices, coerce=int, initial=0,
        widget=forms.Select(attrs={"class": "form-select"}))
    positions = forms.CharField(
        label=_("Danh sách vị trí"), required=False, widget=forms.Textarea(
            attrs={"rows": 8, "class": "form-control"}),
        help_text=_("Mỗi dòng một vị trí: Bộ phận | Chức danh | trọng yếu hoặc cơ mật. "
                    "Để trống để giữ danh sách của danh mục đang áp dụng."))
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False,
                           widget=forms.TextInput(attrs=TEXT))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.visible_to(user).order_by("path")
        limit_unit_choices(self, "org_unit", user)
        self.fields["classification"].choices = [
            c for c in Classification.choices if c[0] <= user.clearance]
        vietnamese_messages(self)

    def clean_positions(self):
        return parse_positions(self.cleaned_data["positions"]) or None

    def clean(self):
        data = super().clean()
        if data.get("decided_on") and data.get("valid_from") and \
                data["valid_from"] < data["decided_on"]:
            self.add_error("valid_from", _("Ngày hiệu lực không được trước ngày quyết định."))
        if data.get("decided_on") and data["decided_on"] > local_today():
            self.add_error("decided_on", _("Ngày quyết định không được sau hôm nay."))
        return data


class PositionForm(forms.Form):
    department = forms.CharField(label=_("Bộ phận"), max_length=255,
                                 widget=forms.TextInput(attrs=TEXT))
    title = forms.CharField(label=_("Chức danh, vị trí"), max_length=255,
                            widget=forms.TextInput(attrs=TEXT))
    level = forms.ChoiceField(label=_("Cấp độ"), choices=Level.choices,
                              widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_messages(self)


class AssignForm(forms.Form):
    person = forms.IntegerField(label=_("Mã hồ sơ người đảm nhiệm"), min_value=1,
                                widget=forms.NumberInput(attrs=TEXT),
                                error_messages={"invalid": _("Mã hồ sơ là một số.")})
    started_on = date_field(_("Từ ngày"), required=True)
    override = forms.BooleanField(
        label=_("Vẫn bố trí dù chưa có kết luận phù hợp (tôi chịu trách nhiệm)"),
        required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    override_reason = forms.CharField(
        label=_("Lý do vẫn bố trí"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        vietnamese_messages(self)

    def clean_person(self):
        person = (Person.objects.visible_to(self.user).select_related("org_unit")
                  .filter(pk=self.cleaned_data["person"]).first())
        if person is None:
            raise forms.ValidationError(_("Không tìm thấy người có mã này trong phạm vi của bạn."))
        return person

    def clean(self):
        data = super().clean()
        if data.get("override") and len((data.get("override_reason") or "").strip()) < 10:
            self.add_error("override_reason", _("Hãy ghi rõ lý do vẫn bố trí (ít nhất 10 ký tự)."))
        return data


class EndForm(forms.Form):
    ended_on = date_field(_("Đến ngày"), required=True)
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False,
                             widget=forms.TextInput(attrs=TEXT))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vietnamese_messages(self)


class ComplianceFilterForm(forms.Form):
    on = date_field(_("Tại ngày"))
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none(),
                                  required=False,
                                  widget=forms.Select(attrs={"class": "form-select"}))
    level = forms.ChoiceField(label=_("Cấp độ"), required=False,
                              choices=[("", "—"), *Level.choices],
                              widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.visible_to(user).order_by("path")
        limit_unit_choices(self, "unit", user)
        vietnamese_messages(self)
