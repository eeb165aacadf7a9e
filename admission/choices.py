"""Codes of party-admission dossiers (labels in Vietnamese)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Steps of an admission dossier (see workflow.py for the moves and their guards)."""

    COLLECTING = "COLLECTING", _("Đang hoàn thiện hồ sơ")
    VERIFICATION_SENT = "VERIFICATION_SENT", _("Đã gửi thẩm tra lý lịch")
    RESULTS_IN = "RESULTS_IN", _("Đã có kết quả thẩm tra")
    CELL_RESOLVED = "CELL_RESOLVED", _("Chi bộ đã ra nghị quyết")
    DECIDED = "DECIDED", _("Đã có quyết định kết nạp")
    ADMITTED = "ADMITTED", _("Đã tổ chức lễ kết nạp")
    PROBATION = "PROBATION", _("Đang dự bị")
    FULL_MEMBER = "FULL_MEMBER", _("Đã công nhận chính thức")
    WITHDRAWN = "WITHDRAWN", _("Dừng xem xét")


# States in which the admission clock runs (cell resolution → decision → ceremony).
CLOCK_STATUSES = (Status.CELL_RESOLVED, Status.DECIDED)

# States before the cell's resolution: the papers can still be corrected (the resolution is
# checked against their validity, so afterwards they are what it relied on).
PAPERS_EDITABLE_STATUSES = (Status.COLLECTING, Status.VERIFICATION_SENT, Status.RESULTS_IN)
