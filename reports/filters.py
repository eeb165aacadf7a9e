"""The scope and period of a dashboard, drill-down or API call: unit (the user's subtree), from,
to (dd/mm/yyyy, this year by default) and an optional "as of" day."""

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from coordination.forms import date_field, local_today, vietnamese_messages
from orgs.models import OrgUnit
from reports.types import Period


class PeriodForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=OrgUnit.objects.none(),
                                  required=False,
                                  widget=forms.Select(attrs={"class": "form-select"}))
    date_from = date_field(_("Từ ngày"))
    date_to = date_field(_("Đến ngày"))
    as_of = date_field(_("Số liệu tại ngày"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = (OrgUnit.objects.visible_to(user).active()
                                        .order_by("path").only("id", "name", "path", "depth"))
        self.fields["unit"].label_from_instance = _indented
        self.fields["as_of"].help_text = _("Để trống: số liệu hiện tại.")
        vietnamese_messages(self)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data

    def period(self) -> Period:
        """The period asked for, with the defaults: the user's unit, this year."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        today = local_today()
        unit = data.get("unit") or self.user.org_unit
        if unit is None:  # an account without a unit has no scope to report on
            raise PermissionDenied
        return Period(unit.pk, data.get("date_from") or date(today.year, 1, 1),
                      data.get("date_to") or date(today.year, 12, 31), data.get("as_of"))


def _indented(unit) -> str:
    return "\u2003" * max(unit.depth - 1, 0) + unit.name


def period_form(request) -> PeriodForm:
    """The bound form of the request; a unit outside the user's scope is a 404, not a choice."""
    raw = request.GET.get("unit", "")
    if raw:
        visible = OrgUnit.objects.visible_to(request.user)
        if not raw.isdigit() or len(raw) > 18 or not visible.filter(pk=int(raw)).exists():
            raise Http404
    return PeriodForm(request.GET or None, user=request.user)


def period_query(period: Period) -> dict:
    """The query parameters that give ``period`` back (links to the drill-down)."""
    query = {"unit": period.unit_id, "date_from": period.date_from.strftime("%d/%m/%Y"),
             "date_to": period.date_to.strftime("%d/%m/%Y")}
    if period.as_of:
        query["as_of"] = period.as_of.strftime("%d/%m/%Y")
    return query
