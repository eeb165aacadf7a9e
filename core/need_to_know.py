"""Need to know: a classified record opens only after the reader says why; every read is logged.

One gate for every app's pages (people, vetting, documents, …)::

    blocked = read_gate(request, record)
    if blocked:
        return blocked
    ... render the record ...

Unclassified records pass silently (nothing logged). A classified record first shows a short
form asking for the reason; the reason is kept for the session (per record) and each later view
of the record writes a READ audit event with it. The form posts to the same URL with a prefixed
field, so a page that also handles its own POST (an edit form) can be gated the same way.
"""

from django import forms
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from audit.services import record_read

SESSION_KEY = "need_to_know_reasons"
FORM_PREFIX = "ntk"


class ReadReasonForm(forms.Form):
    """Why the user needs to open a classified record; kept in the audit log."""

    reason = forms.CharField(
        label=_("Lý do xem hồ sơ"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={
            "required": _("Hãy ghi lý do xem hồ sơ (ít nhất 10 ký tự)."),
            "min_length": _(
                "Lý do quá ngắn: cần ít nhất %(limit_value)d ký tự, "
                "ví dụ “Thẩm định hồ sơ quy hoạch 2026”."
            ),
            "max_length": _("Lý do quá dài: tối đa %(limit_value)d ký tự."),
        },
    )


def _key(record) -> str:
    return f"{record._meta.label_lower}:{record.pk}"


def remembered_reason(request, record) -> str:
    """The reason given this session for reading ``record``, or ''."""
    return request.session.get(SESSION_KEY, {}).get(_key(record), "")


def remember_reason(request, record, reason: str) -> None:
    reasons = dict(request.session.get(SESSION_KEY, {}))
    reasons[_key(record)] = reason
    request.session[SESSION_KEY] = reasons


def is_reason_post(request) -> bool:
    """True when this POST is the reason form (not the page's own form)."""
    return request.method == "POST" and f"{FORM_PREFIX}-reason" in request.POST


def read_gate(request, record, *, back_url: str = ""):
    """None when ``record`` may be shown now (a classified read is logged), else a response."""
    if not getattr(record, "classification", 0):
        return None
    if is_reason_post(request):
        form = ReadReasonForm(request.POST, prefix=FORM_PREFIX)
        if form.is_valid():
            remember_reason(request, record, form.cleaned_data["reason"])
            return HttpResponseRedirect(request.get_full_path())  # POST → redirect → GET
        return _reason_page(request, record, form, back_url)
    reason = remembered_reason(request, record)
    if not reason:
        return _reason_page(request, record, ReadReasonForm(prefix=FORM_PREFIX), back_url)
    record_read(actor=request.user, target=record, reason=reason)
    return None


def _reason_page(request, record, form, back_url: str):
    context = {
        "form": form,
        "level": record.get_classification_display(),
        "action": request.get_full_path(),
        "back_url": back_url,
    }
    return render(request, "core/read_reason.html", context)
