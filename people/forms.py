"""Validation of a person's data: the one place, used by the pages, the API and imports."""

import calendar
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.cccd import blind_index, normalize_cccd
from core.textfold import nfc, syllables
from core.widgets import QuickSelect
from orgs.models import OrgUnit
from people.models import Person

TEXT_FIELDS = ["full_name", "party_card_number", "hometown", "hometown_former", "birthplace",
               "birthplace_former", "post"]


class PersonForm(forms.ModelForm):
    cccd = forms.CharField(label=_("Số CCCD"), required=False, max_length=20)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Person
        fields = [
            "full_name", "birth_day", "birth_month", "birth_year", "sex", "cccd",
            "party_card_number", "hometown", "hometown_former", "birthplace",
            "birthplace_former", "party_status", "party_admitted_on", "party_official_on",
            "org_unit", "post", "classification",
        ]
        widgets = {
            "party_admitted_on": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
            "party_official_on": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
            # Up to 1.000 units (a province) are listed: options written without templates.
            "org_unit": QuickSelect,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Only units the editor may see can be chosen; a forged id is "not a valid choice".
        units = OrgUnit.objects.visible_to(user) if user is not None else OrgUnit.objects.none()
        self.fields["org_unit"].queryset = units.active()
        if user is not None:
            # Read only when the form is shown (a successful save never lists the units).
            self.fields["org_unit"].widget.choices = lambda: self._unit_choices(units.active(),
                                                                                 user)
        if user is not None:
            self.fields["classification"].choices = [
                c for c in self.fields["classification"].choices if c[0] <= user.clearance
            ]
        for name in ("party_admitted_on", "party_official_on"):
            self.fields[name].error_messages["invalid"] = _(
                "Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 29/12/2023."
            )
        self._set_vietnamese_messages()
        if self.instance.pk and not self.is_bound:
            self.initial["cccd"] = self.instance.cccd
            self.initial["version"] = self.instance.version

    NEARBY_UNITS_ABOVE = 1000

    def _unit_choices(self, units, user) -> list[tuple]:
        """The units offered, as (id, name) pairs in tree order — the field's own labels (an
        OrgUnit's str is its name) without building ~1.000 model objects per page.

        A national scope holds ~24.000 units: listing them all made the edit page 1,6 MB and
        2 s of CPU (bench/loadtest.py). Above NEARBY_UNITS_ABOVE units the list shows those near
        the record: its unit, the units beside and under it, the user's unit and those under it,
        and the unit just posted. Any unit of the scope is still accepted (the queryset)."""
        field = self.fields["org_unit"]
        empty = [("", field.empty_label)] if field.empty_label is not None else []
        rows = list(units.values_list("pk", "name")[: self.NEARBY_UNITS_ABOVE + 1])
        if len(rows) <= self.NEARBY_UNITS_ABOVE:
            return empty + rows
        near = Q(pk=user.org_unit_id) | Q(parent_id=user.org_unit_id)
        current = self.instance.org_unit if self.instance.org_unit_id else None
        if current is not None:
            near |= Q(pk=current.pk) | Q(parent_id=current.pk)
            if current.parent_id:
                near |= Q(parent_id=current.parent_id) | Q(pk=current.parent_id)
        chosen = (self.data.get(self.add_prefix("org_unit")) if self.is_bound
                  else self.initial.get("org_unit"))
        chosen = getattr(chosen, "pk", chosen)
        if chosen and str(chosen).isdigit():
            near |= Q(pk=int(chosen))
        return empty + list(units.filter(near).values_list("pk", "name"))

    def _set_vietnamese_messages(self):
        """Django's Vietnamese catalogue lacks some messages (max length) or words them badly."""
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = _(
                    "Quá dài: tối đa %(limit_value)d ký tự (đang có %(show_value)d)."
                )
                field.error_messages["null_characters_not_allowed"] = _(
                    "Có ký tự điều khiển không hợp lệ: hãy gõ lại nội dung này."
                )
        for name in ("birth_day", "birth_month", "birth_year"):
            self.fields[name].error_messages["invalid"] = _("Chỉ nhập số, ví dụ 29, 12, 1980.")
            self.fields[name].error_messages["max_value"] = _(
                "Số quá lớn: không phải ngày, tháng hoặc năm sinh."
            )
            self.fields[name].error_messages["min_value"] = _("Không nhập số âm.")
        self.fields["org_unit"].error_messages["invalid_choice"] = _(
            "Đơn vị này không có hoặc nằm ngoài phạm vi của bạn. Hãy chọn trong danh sách."
        )

    def clean_full_name(self):
        name = nfc(self.cleaned_data["full_name"])
        if len(syllables(name)) < 2:
            raise ValidationError(_("Họ và tên cần có ít nhất họ và tên, ví dụ “Nguyễn Văn An”."))
        if any(ch.isdigit() for ch in name):
            raise ValidationError(_("Họ và tên không được chứa chữ số."))
        return name

    def clean_cccd(self):
        raw = self.cleaned_data.get("cccd", "")
        if not raw:
            return ""
        normalized = normalize_cccd(raw)
        # One person per CCCD; found through the blind index, whoever may see the other record
        # (the message does not say which record holds it).
        holders = Person.objects.filter(cccd_index=blind_index(normalized))
        if self.instance.pk:
            holders = holders.exclude(pk=self.instance.pk)
        if holders.exists():
            raise ValidationError(_("Số CCCD này đã có trong một hồ sơ khác."), code="duplicate")
        return normalized

    def clean(self):
        data = super().clean()
        for name in TEXT_FIELDS:
            if isinstance(data.get(name), str):
                data[name] = nfc(data[name])
        self._check_birth(data)
        admitted, official = data.get("party_admitted_on"), data.get("party_official_on")
        if admitted and official and official < admitted:
            self.add_error("party_official_on", _("Ngày chính thức không thể trước ngày vào Đảng."))
        today = date.today()  # noqa: DTZ011 - a calendar date, compared with dates
        for name in ("party_admitted_on", "party_official_on"):
            if data.get(name) and data[name] > today:
                self.add_error(name, _("Ngày này ở tương lai. Vui lòng kiểm tra lại."))
        return data

    def _check_birth(self, data):
        day, month, year = data.get("birth_day"), data.get("birth_month"), data.get("birth_year")
        this_year = date.today().year  # noqa: DTZ011
        if year is not None and not (1900 <= year <= this_year):
            self.add_error("birth_year", _("Năm sinh phải từ 1900 đến %(y)d.") % {"y": this_year})
            return
        if month is not None and not (1 <= month <= 12):
            self.add_error("birth_month", _("Tháng sinh phải từ 1 đến 12."))
            return
        if day is not None:
            if month is None:
                self.add_error("birth_month", _("Đã có ngày sinh thì cần có tháng sinh."))
                return
            # Unknown year: allow 29/02 (it exists in some year).
            last = calendar.monthrange(year or 2000, month)[1]
            if not (1 <= day <= last):
                self.add_error(
                    "birth_day",
                    _("Ngày sinh %(d)d/%(m)d không có thật.") % {"d": day, "m": month},
                )
