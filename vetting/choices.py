"""Codes of vetting cases (labels in Vietnamese). Purposes and finding categories are data
(vetting.models.Purpose, FindingCategory), not codes: regulations change them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """State of a vetting case (DOMAIN.md, Workflows); moves are in vetting/workflow.py."""

    DRAFT = "DRAFT", _("Dự thảo")
    REQUESTED = "REQUESTED", _("Đã đề nghị")
    ASSIGNED = "ASSIGNED", _("Đã phân công")
    VERIFYING = "VERIFYING", _("Đang thẩm tra, xác minh")
    AWAITING_REPLIES = "AWAITING_REPLIES", _("Chờ trả lời xác minh")
    APPRAISING = "APPRAISING", _("Đang thẩm định")
    PROPOSED = "PROPOSED", _("Đã đề xuất kết luận")
    CONCLUDED = "CONCLUDED", _("Đã kết luận")
    NEEDS_RECHECK = "NEEDS_RECHECK", _("Cần xem xét lại")
    RETURNED_INCOMPLETE = "RETURNED_INCOMPLETE", _("Trả lại do chưa đủ hồ sơ")
    SUSPENDED = "SUSPENDED", _("Tạm dừng")
    WITHDRAWN = "WITHDRAWN", _("Đã rút")


# States in which the case clock runs (the case is open and not paused).
RUNNING_STATES = frozenset({
    Status.REQUESTED, Status.ASSIGNED, Status.VERIFYING, Status.AWAITING_REPLIES,
    Status.APPRAISING, Status.PROPOSED,
})
CLOSED_STATES = frozenset({Status.CONCLUDED, Status.NEEDS_RECHECK, Status.WITHDRAWN})


class Relation(models.TextChoices):
    """Only the relations the declaration form asks for (no wider family)."""

    CHA = "CHA", _("Cha")
    ME = "ME", _("Mẹ")
    CHA_VO_CHONG = "CHA_VO_CHONG", _("Cha vợ (chồng)")
    ME_VO_CHONG = "ME_VO_CHONG", _("Mẹ vợ (chồng)")
    VO_CHONG = "VO_CHONG", _("Vợ (chồng)")
    CON = "CON", _("Con đã trưởng thành")


class Outcome(models.TextChoices):
    """The competent body's conclusion; the software never proposes one by itself."""

    KHONG_CO_VAN_DE = "KHONG_CO_VAN_DE", _("Không có vấn đề về chính trị")
    DU_TIEU_CHUAN = "DU_TIEU_CHUAN", _("Đủ tiêu chuẩn chính trị")
    DU_CO_GIOI_HAN = "DU_CO_GIOI_HAN", _("Đủ tiêu chuẩn có giới hạn")
    KHONG_DU_TIEU_CHUAN = "KHONG_DU_TIEU_CHUAN", _("Không đủ tiêu chuẩn chính trị")


# Outcomes that restrict the subject: explanation first, and a second named approver.
ADVERSE_OUTCOMES = frozenset({Outcome.DU_CO_GIOI_HAN, Outcome.KHONG_DU_TIEU_CHUAN})


class ComplaintResult(models.TextChoices):
    """How a complaint against a conclusion was settled."""

    GIU_NGUYEN = "GIU_NGUYEN", _("Giữ nguyên kết luận")
    SUA_DOI = "SUA_DOI", _("Sửa đổi kết luận")
    HUY_BO = "HUY_BO", _("Hủy bỏ kết luận")
    KHONG_THU_LY = "KHONG_THU_LY", _("Không thụ lý")
