"""Validation of a new org unit: the one path for the API (the admin has its own form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coordination.forms import date_field, vietnamese_messages
from core.textfold import nfc
from orgs.choices import OrgKind
from orgs.models import OrgUnit
from orgs.widgets import limit_unit_choices

LEVELS = list(OrgKind.values)


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Mã"), max_length=32)
    name = forms.CharField(label=_("Tên"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại"), choices=OrgKind.choices)
    parent = forms.ModelChoiceField(label=_("Trực thuộc"), queryset=OrgUnit.objects.none())
    valid_from = date_field(_("Hiệu lực từ"))
    valid_to = date_field(_("Hết hiệu lực"))
    predecessors = forms.ModelMultipleChoiceField(label=_("Đơn vị tiền thân"), required=False,
                                                  queryset=OrgUnit.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = OrgUnit.objects.visible_to(user)
        self.fields["parent"].queryset = visible
        self.fields["predecessors"].queryset = visible
        limit_unit_choices(self, "parent", user)
        vietnamese_messages(self)

    def clean_code(self):
        code = nfc(self.cleaned_data["code"]).strip()
        if not code or any(ch.isspace() for ch in code):
            raise forms.ValidationError(_("Mã viết liền, không có dấu cách."))
        if OrgUnit.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Mã %(code)s đã được dùng cho một đơn vị khác.")
                                        % {"code": code})
        return code

    def clean_name(self):
        name = nfc(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("Cần nhập tên đơn vị."))
        return name

    def clean(self):
        data = super().clean()
        parent, kind = data.get("parent"), data.get("kind")
        if parent is not None and kind and LEVELS.index(kind) <= LEVELS.index(parent.kind):
            self.add_error("kind", _("Đơn vị trực thuộc phải ở cấp dưới cấp của “%(parent)s”.")
                           % {"parent": parent.name})
        if parent is not None and not parent.is_active:
            self.add_error("parent", _("Đơn vị “%(parent)s” đã hết hiệu lực: chọn đơn vị còn "
                                       "hiệu lực.") % {"parent": parent.name})
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày hết hiệu lực phải sau ngày hiệu lực."))
        return data


class UnitEditForm(forms.Form):
    """Correcting a unit: name, validity dates, predecessors (code, kind and parent stay)."""

    name = forms.CharField(label=_("Tên"), max_length=255)
    valid_from = date_field(_("Hiệu lực từ"))
    valid_to = date_field(_("Hết hiệu lực"))
    predecessors = forms.ModelMultipleChoiceField(label=_("Đơn vị tiền thân"), required=False,
                                                  queryset=OrgUnit.objects.none())

    def __init__(self, *args, user, unit: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["predecessors"].queryset = (OrgUnit.objects.visible_to(user)
                                                .exclude(pk=unit.pk))
        vietnamese_messages(self)

    def clean_name(self):
        name = nfc(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("Cần nhập tên đơn vị."))
        return name

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày hết hiệu lực phải sau ngày hiệu lực."))
        return data
