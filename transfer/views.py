"""Import pages: upload → dry run (row by row, paginated) → resolve reviews → apply.

The dry run and the apply run as background jobs (jobs app); the import page follows them
(htmx polling) and shows the outcome. Only the person who uploaded a file sees its import.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.choices import Role
from core.access import get_visible_or_404, role_required
from core.errors import NotAllowed
from jobs.services import start_job
from transfer.importing.engine import MAX_UPLOAD_BYTES, do_resolve_row, do_upload_import
from transfer.models import OUTCOMES, ApplyMode, Import, ImportKind, ImportStatus, Verdict

WRITERS = (Role.ADMIN, Role.LEADER, Role.OFFICER)
PAGE_SIZE = 50
RUNNING = (ImportStatus.UPLOADED, ImportStatus.ANALYSING, ImportStatus.APPLYING)


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại dữ liệu"), choices=ImportKind.choices)
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx) hoặc CSV"))


class ApplyForm(forms.Form):
    mode = forms.ChoiceField(label=gettext_lazy("Cách nhập"), choices=ApplyMode.choices,
                             widget=forms.RadioSelect, initial=ApplyMode.VALID_ROWS)


@role_required(*WRITERS)
@require_http_methods(["GET", "HEAD", "POST"])
def import_list(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = do_upload_import(actor=request.user, kind=form.cleaned_data["kind"],
                                    upload=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            job = start_job(owner=request.user, kind="import",
                            label=_("Chạy thử nhập “%(name)s”") % {"name": item.filename},
                            task="transfer.tasks.analyse_import", params={"import_id": item.pk})
            Import.objects.filter(pk=item.pk).update(job_id=job.pk)
            return redirect("transfer:import_detail", import_id=item.pk)
    imports = Import.objects.visible_to(request.user)[:50]
    return render(request, "transfer/import_list.html", {
        "form": form, "imports": imports, "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024)})


@role_required(*WRITERS)
@require_http_methods(["GET", "HEAD"])
def import_detail(request, import_id: int):
    item = get_visible_or_404(Import, request.user, pk=import_id)
    verdict = request.GET.get("ket_qua", "")
    rows = item.rows.all()
    if verdict in Verdict.values:
        rows = rows.filter(verdict=verdict)
    page = Paginator(rows.order_by("number"), PAGE_SIZE).get_page(request.GET.get("trang"))
    counts = [(value, label, item.counts.get(value, 0)) for value, label in Verdict.choices]
    outcome = [(OUTCOMES.get(key, key), value) for key, value in item.applied_counts.items()]
    labels = _column_labels(item)
    return render(request, "transfer/import_detail.html", {
        "item": item, "page": page, "counts": counts, "verdict": verdict, "outcome": outcome,
        "running": item.status in RUNNING, "apply_form": ApplyForm(), "columns": labels,
        "can_apply": item.status == ImportStatus.ANALYSED,
        "unresolved": item.rows.filter(verdict=Verdict.REVIEW, resolution__isnull=True).count(),
    })


def _column_labels(item: Import) -> list[tuple[str, str]]:
    from transfer.importing.engine import importer_for

    columns = importer_for(item.kind, item.owner).columns
    present = {field for _header, field in item.columns if field}
    return [(c.field, c.label) for c in columns if c.field in present]


@role_required(*WRITERS)
@require_POST
def import_resolve(request, import_id: int, import_row_id: int):
    item = get_visible_or_404(Import, request.user, pk=import_id)
    row = item.rows.filter(pk=import_row_id).first()
    if row is None:
        raise Http404
    try:
        choice = int(request.POST.get("choice", ""))
        do_resolve_row(actor=request.user, row=row, choice=choice)
    except (ValueError, NotAllowed):
        messages.error(request, _("Lựa chọn không hợp lệ cho dòng %(n)d.") % {"n": row.number})
    target = request.POST.get("next", "")
    if _safe(target):
        return redirect(target)
    return redirect("transfer:import_detail", import_id=item.pk)


def _safe(url) -> bool:
    return bool(url) and url.startswith("/") and not url.startswith("//")


@role_required(*WRITERS)
@require_POST
def import_apply(request, import_id: int):
    item = get_visible_or_404(Import, request.user, pk=import_id)
    form = ApplyForm(request.POST)
    if item.status != ImportStatus.ANALYSED or not form.is_valid():
        messages.error(request, _("Lần nhập này không còn ở bước chạy thử."))
        return redirect("transfer:import_detail", import_id=item.pk)
    Import.objects.filter(pk=item.pk).update(status=ImportStatus.APPLYING,
                                             mode=form.cleaned_data["mode"])
    job = start_job(owner=request.user, kind="import",
                    label=_("Nhập “%(name)s”") % {"name": item.filename},
                    task="transfer.tasks.apply_import",
                    params={"import_id": item.pk, "mode": form.cleaned_data["mode"]})
    Import.objects.filter(pk=item.pk).update(job_id=job.pk)
    return redirect("transfer:import_detail", import_id=item.pk)

