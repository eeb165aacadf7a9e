"""The audit list's filter form: the one place that turns query parameters into a filter."""

from datetime import datetime, time, timedelta

from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from audit.choices import AuditAction
from core.textfold import nfc

DATE_FORMAT = "%d/%m/%Y"


def target_type_choices() -> list[tuple[str, str]]:
    """(app_label.model, verbose name) for hoso's own models; no query, no third-party app."""
    choices = [
        (model._meta.label_lower, capfirst(str(model._meta.verbose_name)))
        for config in apps.get_app_configs()
        if "site-packages" not in config.path and not config.name.startswith("django.")
        for model in config.get_models()
    ]
    return sorted(choices, key=lambda choice: choice[1])


def _date_field(label):
    return forms.DateField(
        label=label, required=False, input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 25/11/2026.")},
    )


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Người thực hiện (tên đăng nhập)"), required=False,
                            max_length=150)
    action = forms.ChoiceField(label=_("Hành động"), required=False)
    target_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    date_from = _date_field(_("Từ ngày"))
    date_to = _date_field(_("Đến ngày"))
    q = forms.CharField(label=_("Nội dung"), required=False, max_length=200,
                        help_text=_("Tìm trong tên đối tượng, lý do, mã đối tượng, địa chỉ, "
                                    "mã yêu cầu."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Tất cả"))]
        self.fields["action"].choices = everything + list(AuditAction.choices)
        self.fields["target_type"].choices = everything + target_type_choices()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày kết thúc phải từ ngày bắt đầu trở về sau."))
        return cleaned

    def apply(self, queryset):
        """Narrow ``queryset`` by the valid fields (an invalid field filters nothing)."""
        if not self.is_bound:
            return queryset
        self.is_valid()
        data = self.cleaned_data
        actor = (data.get("actor") or "").strip()
        if actor:
            # Exact (indexed) username: the frozen name survives renames and deleted accounts.
            queryset = queryset.filter(actor_name=actor)
        if data.get("action"):
            queryset = queryset.filter(action=data["action"])
        if data.get("target_type"):
            queryset = queryset.filter(target_type=data["target_type"])
        if data.get("date_from"):
            queryset = queryset.filter(at__gte=_local_midnight(data["date_from"]))
        if data.get("date_to"):
            queryset = queryset.filter(at__lt=_local_midnight(data["date_to"] + timedelta(days=1)))
        text = nfc(data.get("q") or "")
        if text:
            queryset = queryset.filter(
                Q(target_repr__icontains=text) | Q(reason__icontains=text)
                | Q(target_id=text) | Q(ip=text) | Q(request_id=text)
            )
        return queryset


def _local_midnight(day) -> datetime:
    """Start of ``day`` in the office's time zone (events are stored in UTC)."""
    return timezone.make_aware(datetime.combine(day, time.min))
