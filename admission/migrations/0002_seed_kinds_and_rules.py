"""Default admission papers with their validity, and the admission clock (Quy định 294-QĐ/TW,
Hướng dẫn 06-HD/TW, 2025): editable in the admin, each from a date."""

from datetime import date

from django.db import migrations

FROM = date(2025, 1, 1)
KINDS = [
    ("GIAY_CHUNG_NHAN_LOP_BOI_DUONG", "Giấy chứng nhận lớp bồi dưỡng", 60, 10),
    ("DON_XIN_VAO_DANG", "Đơn xin vào Đảng", 12, 20),
    ("LY_LICH", "Lý lịch của người xin vào Đảng (mẫu 2-KNĐ)", 12, 30),
    ("GIOI_THIEU_DANG_VIEN", "Giấy giới thiệu của đảng viên chính thức", 12, 40),
    ("NHAN_XET_DOAN_THE", "Nghị quyết giới thiệu của đoàn thể", 12, 50),
    ("TONG_HOP_Y_KIEN_NOI_CU_TRU", "Tổng hợp ý kiến nhận xét của nơi cư trú", 12, 60),
]


def seed(apps, schema_editor):
    Kind = apps.get_model("admission", "AdmissionDocumentKind")
    Rule = apps.get_model("admission", "AdmissionRule")
    for code, name, months, order in KINDS:
        Kind.objects.get_or_create(code=code, defaults={
            "name": name, "validity_months": months, "valid_from": FROM, "sort_order": order})
    if not Rule.objects.exists():
        Rule.objects.create(decision_days=60, special_extra_days=30, ceremony_days=30,
                            probation_months=12, valid_from=FROM,
                            legal_basis="Quy định 294-QĐ/TW; Hướng dẫn 06-HD/TW (2025)")


class Migration(migrations.Migration):
    dependencies = [("admission", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
