"""REST API of background jobs: the caller's own jobs and their progress."""

from datetime import datetime

from ninja import Router, Schema

from core.access import get_visible_or_404
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


@router.get("/", response=list[JobOut], summary="Các tác vụ nền của người gọi (mới nhất trước)")
def list_jobs(request):
    return list(Job.objects.visible_to(request.user)[:LIST_SIZE])


@router.get("/{job_id}", response=JobOut, summary="Một tác vụ nền và tiến độ của nó")
def get_job(request, job_id: int):
    return get_visible_or_404(Job, request.user, pk=job_id)
