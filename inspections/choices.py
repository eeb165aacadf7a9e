"""Codes of inspection and supervision work (labels in Vietnamese, the source language)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    KIEM_TRA = "KIEM_TRA", _("Kiểm tra")
    GIAM_SAT = "GIAM_SAT", _("Giám sát")


class InspectionType(models.TextChoices):
    THUONG_XUYEN = "THUONG_XUYEN", _("Thường xuyên")
    CHUYEN_DE = "CHUYEN_DE", _("Chuyên đề")
    # Only for kiểm tra: supervision has no "signs of violation" type.
    DAU_HIEU_VI_PHAM = "DAU_HIEU_VI_PHAM", _("Khi có dấu hiệu vi phạm")


# Which types each kind allows (the regulation's list).
TYPES_BY_KIND = {
    Kind.KIEM_TRA: {InspectionType.THUONG_XUYEN, InspectionType.CHUYEN_DE,
                    InspectionType.DAU_HIEU_VI_PHAM},
    Kind.GIAM_SAT: {InspectionType.THUONG_XUYEN, InspectionType.CHUYEN_DE},
}


class Status(models.TextChoices):
    PLANNED = "PLANNED", _("Trong kế hoạch")
    DECIDED = "DECIDED", _("Đã có quyết định")
    ANNOUNCED = "ANNOUNCED", _("Đã công bố quyết định")
    SELF_REPORT = "SELF_REPORT", _("Đối tượng tự kiểm tra, báo cáo")
    VERIFYING = "VERIFYING", _("Thẩm tra, xác minh")
    DRAFT_REPORT = "DRAFT_REPORT", _("Dự thảo báo cáo")
    CONCLUDED = "CONCLUDED", _("Đã kết luận")
    REMEDIATION = "REMEDIATION", _("Theo dõi khắc phục")
    CLOSED = "CLOSED", _("Kết thúc")


class DayUnit(models.TextChoices):
    CALENDAR = "CALENDAR", _("Ngày (lịch)")
    WORKING = "WORKING", _("Ngày làm việc")


class TeamRole(models.TextChoices):
    TRUONG_DOAN = "TRUONG_DOAN", _("Trưởng đoàn")
    PHO_DOAN = "PHO_DOAN", _("Phó trưởng đoàn")
    THANH_VIEN = "THANH_VIEN", _("Thành viên")


class DocType(models.TextChoices):
    QD = "QD", _("Quyết định (QĐ)")
    KH = "KH", _("Kế hoạch (KH)")
    DC = "DC", _("Đề cương (ĐC)")
    BC = "BC", _("Báo cáo tự kiểm tra (BC)")
    KL = "KL", _("Kết luận (KL)")


class DisciplineForm(models.TextChoices):
    KHIEN_TRACH = "KHIEN_TRACH", _("Khiển trách")
    CANH_CAO = "CANH_CAO", _("Cảnh cáo")
    CACH_CHUC = "CACH_CHUC", _("Cách chức")
    KHAI_TRU = "KHAI_TRU", _("Khai trừ")


class AppealResult(models.TextChoices):
    PENDING = "PENDING", _("Đang giải quyết")
    UPHELD = "UPHELD", _("Giữ nguyên hình thức kỷ luật")
    CHANGED = "CHANGED", _("Thay đổi hình thức kỷ luật")
    ANNULLED = "ANNULLED", _("Xóa (hủy) quyết định kỷ luật")
