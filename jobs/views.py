"""Pages of the user's background jobs: list, live progress (htmx polling), download, resume."""

from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import get_visible_or_404, login_required
from core.errors import NotAllowed
from documents.storage import CorruptFile
from jobs import services
from jobs.models import Job

LIST_SIZE = 50


@login_required
def job_list(request):
    jobs = Job.objects.visible_to(request.user)[:LIST_SIZE]
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
def detail(request, job_id: int):
    job = get_visible_or_404(Job, request.user, pk=job_id)
    return render(request, "jobs/detail.html", _context(job))


@login_required
def progress(request, job_id: int):
    """The progress block alone; the page polls it every second until the job has finished."""
    job = get_visible_or_404(Job, request.user, pk=job_id)
    return render(request, "jobs/_progress.html", _context(job))


def _context(job: Job) -> dict:
    return {"job": job, "interrupted": services.is_interrupted(job)}


@login_required
def download(request, job_id: int):
    job = get_visible_or_404(Job, request.user, pk=job_id)
    if not job.has_result:
        messages.error(request, _("Tác vụ này chưa có tệp kết quả."))
        return redirect("jobs:detail", job_id=job.pk)
    chunks = services.read_result(job)
    try:
        first = next(chunks, b"")  # a tampered file fails here, before any byte is sent
    except CorruptFile:
        messages.error(request, _("Tệp kết quả đã bị thay đổi hoặc hỏng nên không thể tải về. "
                                  "Hãy chạy lại tác vụ."))
        return redirect("jobs:detail", job_id=job.pk)
    services.log_download(job=job, actor=request.user)
    response = StreamingHttpResponse(_prepend(first, chunks),
                                     content_type=job.result_content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, job.result_name)
    response["Content-Length"] = str(job.result_size)
    return response


def _prepend(first: bytes, rest):
    yield first
    yield from rest


@login_required
@require_POST
def resume(request, job_id: int):
    job = get_visible_or_404(Job, request.user, pk=job_id)
    try:
        services.do_resume_job(job=job, actor=request.user)
    except NotAllowed as exc:
        messages.error(request, str(exc.args[0]) if exc.args else str(exc))
    return redirect("jobs:detail", job_id=job.pk)

