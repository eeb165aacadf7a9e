"""Report documents: the generation form, the HTML preview, and the issued (frozen) copies."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.choices import Role
from core.access import get_visible_or_404, login_required, role_required
from core.errors import NotAllowed
from core.need_to_know import read_gate
from documents import storage
from reports.document_forms import ReportForm
from reports.kinds import ReportKind
from reports.models import IssuedFile, IssuedReport
from reports.rendering.context import build_context
from reports.rendering.meta import DocumentMeta
from reports.rendering.serial import report_from_json
from reports.services import check_can_issue, read_verified, record_issued_download
from reports.tasks import job_params

# Anyone who reads records may draw a report of their scope; issuing checks WRITER_ROLES.
REPORT_ROLES = (Role.ADMIN, Role.LEADER, Role.OFFICER, Role.VIEWER)


def drill_url(period, figure: dict) -> str:
    """The drill-down page of one figure (or one cell of it): the records behind the number."""
    from reports.filters import period_query

    query = {**period_query(period), "key": figure["key"]}
    if figure.get("cell"):
        query["cell"] = figure["cell"]
    return f"{reverse('reports:drill')}?{urlencode(query)}"


def _with_links(context: dict, period) -> dict:
    for section in context["sections"]:
        for figure in section["figures"]:
            figure["url"] = drill_url(period, figure)
        for table in section["tables"]:
            for row in table["rows"]:
                for item in row:
                    if item["is_figure"]:
                        item["url"] = drill_url(period, item)
    return context


@role_required(*REPORT_ROLES)
def generate(request):
    """The form; "Xem trước" shows the figures, "Tạo tệp" and "Ban hành" start a background job."""
    from reports.figures import compute_report

    initial = {"unit": request.GET["unit"]} if request.GET.get("unit", "").isdigit() else {}
    if request.GET.get("kind") in ReportKind.values:
        initial["kind"] = request.GET["kind"]
    form = ReportForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "preview")
        period, meta = form.period(), form.meta()
        if action == "preview":
            data = compute_report(request.user, period)
            context = _with_links(build_context(data, meta), period)
            return render(request, "reports/preview.html", {"form": form, "doc": context,
                                                            "period": period})
        if action in ("generate", "issue"):
            return _start(request, form, period, meta, issue=action == "issue")
    return render(request, "reports/generate.html", {"form": form})


def _start(request, form, period, meta: DocumentMeta, *, issue: bool):
    from jobs.services import start_job

    if issue:
        try:
            if not meta.number:
                raise NotAllowed(_("Báo cáo ban hành phải có số, ví dụ “12-BC/BTCTU”."))
            check_can_issue(request.user, period.unit_id, meta.classification)
        except NotAllowed as exc:
            form.add_error(None, str(exc.args[0]) if exc.args else _("Không được phép."))
            return render(request, "reports/generate.html", {"form": form})
    unit = form.cleaned_data["unit"]
    label = _("%(kind)s — %(unit)s") % {"kind": ReportKind(meta.kind).label, "unit": unit.name}
    if issue:
        label = _("Ban hành %(number)s: %(label)s") % {"number": meta.number, "label": label}
    job = start_job(owner=request.user, kind="report", label=label,
                    task="reports.tasks.generate_report",
                    params=job_params(period=period, meta=meta,
                                      formats=form.cleaned_data["formats"], issue=issue))
    return redirect("jobs:detail", job_id=job.pk)


@login_required
def issued_list(request):
    """Issued reports of the user's scope, newest first."""
    reports = IssuedReport.objects.visible_to(request.user).select_related("org_unit")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(request, "reports/issued_list.html", {"page": page})


@login_required
def issued_detail(request, report_id: int):
    """One issued copy: its figures as frozen, its files and their SHA-256."""
    report = get_visible_or_404(IssuedReport, request.user, pk=report_id)
    blocked = read_gate(request, report, back_url=reverse("reports:issued_list"))
    if blocked:
        return blocked
    data = report_from_json(report.figures)
    meta = DocumentMeta.from_json(report.meta)
    context = _with_links(build_context(data, meta), data.period)
    return render(request, "reports/issued_detail.html", {
        "report": report, "doc": context, "files": [
            {"url": download_url(report, item.fmt), "filename": item.filename,
             "size": item.size, "sha256": item.sha256} for item in report.files.order_by("fmt")]})


def download_url(report, fmt: str) -> str:
    return reverse(f"reports:issued_download_{fmt}", kwargs={"report_id": report.pk})


@login_required
def issued_download(request, report_id: int, fmt: str):
    """A file of an issued copy, checked against its frozen SHA-256 before it leaves."""
    report = get_visible_or_404(IssuedReport, request.user, pk=report_id)
    issued_file = get_visible_or_404(IssuedFile, request.user, report=report, fmt=fmt)
    blocked = read_gate(request, report, back_url=reverse("reports:issued_list"))
    if blocked:
        return blocked
    try:
        data = read_verified(issued_file)
    except storage.CorruptFile:
        return render(request, "reports/issued_corrupt.html",
                      {"report": report, "file": issued_file}, status=409)
    record_issued_download(actor=request.user, issued_file=issued_file)
    response = HttpResponse(data, content_type=issued_file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{issued_file.filename}"'
    response["X-Content-SHA256"] = issued_file.sha256
    return response
