"""Default purposes (with deadlines in working days) and finding categories.

The figures are defaults an administrator changes in the admin site when the regulation or the
local procedure says otherwise; a new rule is a new row with its own valid_from.
"""

from datetime import date

from django.db import migrations

# code, name, working days to settle the case
PURPOSES = [
    ("KET_NAP", "Kết nạp Đảng", 60),
    ("QUY_HOACH", "Quy hoạch cán bộ", 30),
    ("BO_NHIEM", "Bổ nhiệm", 30),
    ("BO_NHIEM_LAI", "Bổ nhiệm lại", 20),
    ("CAP_UY", "Nhân sự cấp ủy", 30),
    ("DBQH", "Ứng cử đại biểu Quốc hội", 20),
    ("HDND", "Ứng cử đại biểu Hội đồng nhân dân", 20),
    ("DAO_TAO", "Cử đi đào tạo, bồi dưỡng", 15),
    ("VI_TRI_TRONG_YEU", "Bố trí vào vị trí trọng yếu, cơ mật", 30),
    ("DI_NUOC_NGOAI", "Đi nước ngoài", 10),
    ("THANG_QUAN_HAM", "Thăng quân hàm cấp tướng", 30),
    ("DON_THU", "Giải quyết đơn thư", 60),
]
CATEGORIES = [
    ("LICH_SU_CHINH_TRI", "Lịch sử chính trị"),
    ("CHINH_TRI_HIEN_NAY", "Quan hệ chính trị hiện nay"),
    ("YEU_TO_NUOC_NGOAI", "Yếu tố nước ngoài"),
    ("QUAN_HE_GIA_DINH", "Quan hệ gia đình"),
    ("KHAI_LY_LICH", "Khai lý lịch"),
]


def seed(apps, schema_editor):
    Purpose = apps.get_model("vetting", "Purpose")
    FindingCategory = apps.get_model("vetting", "FindingCategory")
    for order, (code, name, days) in enumerate(PURPOSES, start=1):
        Purpose.objects.get_or_create(code=code, valid_from=date(2025, 1, 1), defaults={
            "name": name, "sla_days": days, "recheck_months": 6, "explanation_days": 10,
            "complaint_days": 30, "sort_order": order * 10})
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        FindingCategory.objects.get_or_create(code=code, defaults={"name": name,
                                                                   "sort_order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("vetting", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
