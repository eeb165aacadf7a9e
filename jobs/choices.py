from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "QUEUED", _("Đang chờ")
    RUNNING = "RUNNING", _("Đang chạy")
    DONE = "DONE", _("Đã xong")
    FAILED = "FAILED", _("Bị lỗi")


FINISHED = (JobStatus.DONE, JobStatus.FAILED)
