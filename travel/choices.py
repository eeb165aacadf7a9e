"""Codes of trips abroad (labels in Vietnamese, the source language)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Steps of a trip (see workflow.py for the moves and who may make them)."""

    DRAFT = "DRAFT", _("Dự thảo")
    CELL_REVIEW = "CELL_REVIEW", _("Chi bộ xem xét")
    SUBMITTED = "SUBMITTED", _("Đã trình cấp có thẩm quyền")
    APPROVED = "APPROVED", _("Đã đồng ý")
    REFUSED = "REFUSED", _("Không đồng ý")
    DEPARTED = "DEPARTED", _("Đã xuất cảnh")
    RETURNED = "RETURNED", _("Đã về nước")
    REPORT_DUE = "REPORT_DUE", _("Chờ báo cáo sau chuyến đi")
    REPORTED = "REPORTED", _("Đã nộp báo cáo")
    REVIEWED = "REVIEWED", _("Đã xem xét báo cáo")
    CLOSED = "CLOSED", _("Kết thúc")
    CANCELLED = "CANCELLED", _("Hủy chuyến đi")


class Purpose(models.TextChoices):
    CONG_TAC = "CONG_TAC", _("Công tác")
    HOC_TAP = "HOC_TAP", _("Học tập")
    LAO_DONG = "LAO_DONG", _("Lao động")
    VIEC_RIENG = "VIEC_RIENG", _("Việc riêng")


class PrivateKind(models.TextChoices):
    DU_LICH = "DU_LICH", _("Du lịch")
    THAM_THAN = "THAM_THAN", _("Thăm thân")
    CHUA_BENH = "CHUA_BENH", _("Chữa bệnh")
    KHAC = "KHAC", _("Khác")


class Funding(models.TextChoices):
    NGAN_SACH = "NGAN_SACH", _("Ngân sách nhà nước")
    TU_TUC = "TU_TUC", _("Tự túc")
    DOI_TAC = "DOI_TAC", _("Đối tác, bên mời chi trả")
    KHAC = "KHAC", _("Nguồn khác")


class ManagementLevel(models.TextChoices):
    """Which body manages the traveller as a cadre (phân cấp quản lý cán bộ)."""

    TW = "TW", _("Bộ Chính trị, Ban Bí thư quản lý")
    TINH = "TINH", _("Ban Thường vụ tỉnh ủy, thành ủy quản lý")
    CO_SO = "CO_SO", _("Cấp ủy cơ sở quản lý")
    DANG_VIEN = "DANG_VIEN", _("Đảng viên không giữ chức vụ quản lý")


class MemberRole(models.TextChoices):
    TRUONG_DOAN = "TRUONG_DOAN", _("Trưởng đoàn")
    THANH_VIEN = "THANH_VIEN", _("Thành viên")


class CommitteeRole(models.TextChoices):
    MANAGING = "MANAGING", _("Cấp ủy quản lý")
    ACTIVE = "ACTIVE", _("Cấp ủy nơi sinh hoạt")


class Decision(models.TextChoices):
    PENDING = "PENDING", _("Chờ ý kiến")
    APPROVED = "APPROVED", _("Đồng ý")
    REFUSED = "REFUSED", _("Không đồng ý")


class ElementKind(models.TextChoices):
    THAN_NHAN = "THAN_NHAN", _("Thân nhân ở nước ngoài")
    VO_CHONG = "VO_CHONG", _("Vợ hoặc chồng là người nước ngoài")
    GIAI_THUONG = "GIAI_THUONG", _("Nhận giải thưởng, danh hiệu nước ngoài")
    THANH_VIEN = "THANH_VIEN", _("Tham gia tổ chức nước ngoài")


# ISO 3166-1 alpha-2 codes with their Vietnamese names: the countries a form offers.
COUNTRIES = {
    "CN": "Trung Quốc", "LA": "Lào", "KH": "Campuchia", "TH": "Thái Lan", "SG": "Singapore",
    "MY": "Malaysia", "ID": "Indonesia", "PH": "Philippines", "MM": "Myanmar", "JP": "Nhật Bản",
    "KR": "Hàn Quốc", "KP": "Triều Tiên", "IN": "Ấn Độ", "RU": "Liên bang Nga", "US": "Hoa Kỳ",
    "CA": "Canada", "AU": "Australia", "NZ": "New Zealand", "GB": "Vương quốc Anh", "FR": "Pháp",
    "DE": "Đức", "IT": "Italia", "CZ": "Séc", "PL": "Ba Lan", "HU": "Hungary", "CU": "Cuba",
    "TW": "Đài Loan (Trung Quốc)", "HK": "Hồng Kông (Trung Quốc)", "AE": "Các Tiểu vương quốc "
    "Ả Rập Thống nhất", "BE": "Bỉ", "NL": "Hà Lan", "CH": "Thụy Sĩ", "SE": "Thụy Điển",
}
COUNTRY_CHOICES = sorted(COUNTRIES.items(), key=lambda item: item[1])
