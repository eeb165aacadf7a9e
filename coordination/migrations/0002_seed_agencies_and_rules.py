"""Seed the agencies the office exchanges letters with, and the default answer deadlines.

The deadlines are defaults to be checked against the province's coordination agreement
(quy chế phối hợp): an administrator edits them in the admin, with dates of validity.
"""

from datetime import date

from django.db import migrations

AGENCIES = [
    ("BTC", "Ban Tổ chức", "BTC", 10),
    ("UBKT", "Ủy ban Kiểm tra", "UBKT", 20),
    ("BTG", "Ban Tuyên giáo", "BTG", 30),
    ("BNC", "Ban Nội chính", "BNC", 40),
    ("CA", "Công an", "CA", 50),
    ("QD", "Quân đội (Bộ Chỉ huy quân sự)", "QS", 60),
    ("NG", "Ngoại giao (Sở Ngoại vụ, Bộ Ngoại giao)", "NG", 70),
    ("TTR", "Thanh tra", "TTr", 80),
]
DEFAULT_BASIS = "Mặc định của hệ thống: đối chiếu quy chế phối hợp của địa phương"
START = date(2025, 1, 1)
# kind, working days to answer, working days late before the unit above is told.
RULES = [
    ("PHOI_HOP", 15, 5),
    ("XAC_MINH", 15, 5),
    ("CUNG_CAP_THONG_TIN", 10, 5),
    ("LAY_Y_KIEN", 7, 3),
]


def seed(apps, schema_editor):
    Agency = apps.get_model("coordination", "Agency")
    ResponseRule = apps.get_model("coordination", "ResponseRule")
    for code, name, short, order in AGENCIES:
        Agency.objects.update_or_create(
            code=code, defaults={"name": name, "short_name": short, "sort_order": order})
    for kind, days, escalate in RULES:
        ResponseRule.objects.get_or_create(
            kind=kind, agency=None, valid_from=START,
            defaults={"answer_days": days, "escalate_after_days": escalate,
                      "legal_basis": DEFAULT_BASIS})


def unseed(apps, schema_editor):
    apps.get_model("coordination", "ResponseRule").objects.filter(
        agency=None, valid_from=START).delete()
    apps.get_model("coordination", "Agency").objects.filter(
        code__in=[a[0] for a in AGENCIES], requests__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("coordination", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
