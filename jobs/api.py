"""REST API of background jobs: the caller's own jobs and their progress."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema

from core.access import get_visible_or_404
from jobs.choices import JobStatus
from jobs.models import Job

router = Router(tags=["jobs"])
LIST_SIZE = 50


class JobOut(Schema):
    id: int
    kind: str
    label: str
    status: str
    status_label: str
    done: int
    total: int
    percent: int
    message: str
    error: str
    result_name: str
    result_sha256: str
    created_at: datetime
    finished_at: datetime | None

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())


class FieldErrorsOut(Schema):
    errors: dict[str, list[str]]


class ErrorOut(Schema):
    detail: str


@router.get("/", response={200: list[JobOut], 400: FieldErrorsOut},
            summary="Các tác vụ nền của người gọi (mới nhất trước)")
def list_jobs(request, status: str = "", kind: str = ""):
    """Chỉ các tác vụ của chính người gọi (50 tác vụ mới nhất), lọc theo trạng thái (QUEUED,
    RUNNING, DONE, FAILED) và loại (ví dụ report, import)."""
    if status and status not in JobStatus.values:
        raise ValidationError({"status": [_("Giá trị không hợp lệ.")]})
    rows = Job.objects.visible_to(request.user)
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows[:LIST_SIZE])


@router.get("/{job_id}", response={200: JobOut, 404: ErrorOut},
            summary="Một tác vụ nền và tiến độ của nó")
def get_job(request, job_id: int):
    """Tiến độ, thông báo, lỗi và tệp kết quả (tên, SHA-256) của một tác vụ của người gọi; tác
    vụ của người khác là 404."""
    return get_visible_or_404(Job, request.user, pk=job_id)
