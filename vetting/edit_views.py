"""Pages that correct a case's lines (relatives, findings, explanations, complaints): each
through vetting.services_edit with the version read; the same gate as the case's other steps
(writers, no conflict of interest, the reason first for a classified case)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from core.access import get_visible_or_404
from core.errors import EditConflict, NotAllowed
from vetting import forms as vforms
from vetting import workflow
from vetting.models import Complaint, Explanation, Finding, Relative
from vetting.services_edit import (
    do_update_complaint,
    do_update_explanation,
    do_update_finding,
    do_update_relative,
)
from vetting.views import REFUSALS, _actionable, _styled, _writer_view


def _edit_line(request, row, *, title, make_form, apply, done, needs_open_case=True):
    """Correct a line of a case the user may act on (same rules as the case's other steps)."""
    case, gate = _actionable(request, row.case_id)
    if gate is not None:
        return gate
    if needs_open_case and not workflow.is_editable(case.status):
        messages.error(request, _("Hồ sơ đã kết luận hoặc đã rút: không sửa được."))
        return redirect("vetting:detail", vetting_case_id=case.pk)
    form = make_form(case, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            apply(form.cleaned_data, form.cleaned_data.get("version") or 0,
                  form.cleaned_data.get("change_reason", ""))
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
        except REFUSALS as refused:
            form.add_error(None, refused.message)
        except NotAllowed as refused:
            raise PermissionDenied from refused
        else:
            messages.success(request, done)
            return redirect("vetting:detail", vetting_case_id=case.pk)
    context = {"obj": case, "form": _styled(form), "title": title, "intro": ""}
    return render(request, "vetting/step.html", context)


@_writer_view
def relative_edit(request, relative_id: int):
    """Correct a line of the declaration (while the case is not concluded or withdrawn)."""
    relative = get_visible_or_404(Relative.objects.select_related("case"), request.user,
                                  pk=relative_id)
    return _edit_line(
        request, relative, title=_("Sửa thân nhân"),
        make_form=lambda case, data: vforms.RelativeEditForm(data, relative=relative),
        apply=lambda data, version, reason: do_update_relative(
            actor=request.user, relative=relative, data=data, expected_version=version,
            reason=reason),
        done=_("Đã lưu thay đổi thân nhân."))


@_writer_view
def finding_edit(request, finding_id: int):
    """Correct a finding (its evidence documents stay linked)."""
    finding = get_visible_or_404(Finding.objects.select_related("case", "category"),
                                 request.user, pk=finding_id)
    return _edit_line(
        request, finding, title=_("Sửa nội dung xác minh"),
        make_form=lambda case, data: vforms.FindingEditForm(data, case=case, user=request.user,
                                                            finding=finding),
        apply=lambda data, version, reason: do_update_finding(
            actor=request.user, finding=finding, data=data, expected_version=version,
            reason=reason),
        done=_("Đã lưu thay đổi nội dung xác minh."))


@_writer_view
def explanation_edit(request, explanation_id: int):
    """Correct what the subject was asked and, once received, the explanation's summary."""
    explanation = get_visible_or_404(Explanation.objects.select_related("case"), request.user,
                                     pk=explanation_id)
    return _edit_line(
        request, explanation, title=_("Sửa giải trình"),
        make_form=lambda case, data: vforms.ExplanationEditForm(data, explanation=explanation),
        apply=lambda data, version, reason: do_update_explanation(
            actor=request.user, explanation=explanation, data=data, expected_version=version,
            reason=reason),
        done=_("Đã lưu thay đổi giải trình."))


@_writer_view
def complaint_edit(request, complaint_id: int):
    """Correct a complaint's content and, once settled, the summary of its settlement."""
    complaint = get_visible_or_404(Complaint.objects.select_related("case"), request.user,
                                   pk=complaint_id)
    return _edit_line(
        request, complaint, title=_("Sửa khiếu nại"),
        make_form=lambda case, data: vforms.ComplaintEditForm(data, complaint=complaint),
        apply=lambda data, version, reason: do_update_complaint(
            actor=request.user, complaint=complaint, data=data, expected_version=version,
            reason=reason),
        done=_("Đã lưu thay đổi khiếu nại."), needs_open_case=False)
