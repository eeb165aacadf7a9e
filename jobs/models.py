"""A background job (report generation, import, export) and its progress, owned by one user.

The work itself runs in a django-tasks worker (`manage.py db_worker`); this row is what the user
sees: status, progress, the error in plain Vietnamese, and the result file (stored encrypted like
attachments, because a report or an export carries the same data as the records).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jobs.choices import FINISHED, JobStatus


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A job and its result belong to the user who started it, nobody else (not even an
        administrator: the result holds what the owner's scope could see)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(owner=user)


class Job(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="jobs", verbose_name=_("Người chạy"))
    kind = models.CharField(_("Loại"), max_length=40)
    label = models.CharField(_("Tên tác vụ"), max_length=255)
    task = models.CharField(max_length=200, editable=False)
    params = models.JSONField(default=dict, editable=False)
    status = models.CharField(_("Trạng thái"), max_length=10, choices=JobStatus.choices,
                              default=JobStatus.QUEUED)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    message = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    # Resumable work keeps its position here, written in the same transaction as the batch.
    checkpoint = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    result_name = models.CharField(max_length=255, blank=True)
    result_content_type = models.CharField(max_length=120, blank=True)
    result_storage_key = models.CharField(max_length=64, blank=True)
    result_wrapped_key = models.TextField(blank=True)
    result_size = models.BigIntegerField(default=0)
    result_sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Touched with every progress report: a RUNNING job that stopped touching it was interrupted.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Tác vụ nền")
        verbose_name_plural = _("Tác vụ nền")
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return f"{self.label} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def has_result(self) -> bool:
        return bool(self.result_storage_key)

    # The methods a task function calls (see jobs/services.py for the contract).
    def set_progress(self, done: int, total: int | None = None, message: str = "") -> None:
        from jobs import services

        services.set_progress(self, done, total, message)

    def save_checkpoint(self, checkpoint: dict) -> None:
        from jobs import services

        services.save_checkpoint(self, checkpoint)

    def save_result(self, filename: str, content_type: str, data: bytes) -> None:
        from jobs import services

        services.save_result(self, filename, content_type, data)

    def save_result_file(self, filename: str, content_type: str, source) -> None:
        from jobs import services

        services.save_result(self, filename, content_type, source)
