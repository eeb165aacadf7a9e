"""QuickSelect writes the same HTML as Django's Select, without a template per option."""

import pytest
from django import forms
from django.utils.translation import gettext_lazy as _

from core.widgets import QuickSelect

CHOICES = [
    ("", "---------"),
    (1, "Đảng bộ xã Tân Lập"),
    (2, 'Chi bộ "Khu 3" & <Tổ 5>'),
    (3, _("Thường")),
    (None, "không chọn"),
    (12, "Đảng bộ phường 12"),
    (1, "trùng mã (chỉ chọn lần đầu)"),
]


@pytest.mark.parametrize("value", [None, "", 1, "1", 12, "3", 999])
@pytest.mark.parametrize("attrs", [
    {"id": "id_org_unit", "required": True},
    {"id": "id_org_unit", "aria-invalid": "true", "disabled": False, "data-x": 'a"b'},
    None,
])
def test_it_renders_what_django_select_renders(value, attrs):
    stock = forms.Select(attrs={"class": "form-select"}, choices=CHOICES)
    quick = QuickSelect(attrs={"class": "form-select"}, choices=CHOICES)
    assert quick.render("org_unit", value, attrs) == stock.render("org_unit", value, attrs)


def test_it_renders_callable_choices_once_per_render():
    calls = []

    def choices():
        calls.append(1)
        return CHOICES[:3]

    quick = QuickSelect(choices=choices)
    html = quick.render("org_unit", 2)
    assert calls == [1]
    assert '<option value="2" selected>Chi bộ &quot;Khu 3&quot; &amp; &lt;Tổ 5&gt;</option>' in html


def test_it_falls_back_to_templates_for_groups_and_multiple():
    grouped = [("Hà Nội", [(1, "Xã A"), (2, "Xã B")]), (3, "Khác")]
    assert QuickSelect(choices=grouped).render("u", 2) == forms.Select(choices=grouped).render("u", 2)
    multiple = QuickSelect(choices=CHOICES[:4])
    multiple.allow_multiple_selected = True
    stock = forms.SelectMultiple(choices=CHOICES[:4])
    assert multiple.render("u", [1, 3]) == stock.render("u", [1, 3])
