"""Default travel rules, editable in the admin, each from a date.

The post-trip report is due 7 working days after the actual return. The approval matrix: the
body that manages the traveller as a cadre gives the opinion (Politburo/Secretariat cadres: the
central level; provincial-managed cadres: the provincial standing committee; the others: the
grassroots committee). A private trip also needs the committee where the member is active; when
that is the same committee, one opinion serves both.
"""

from datetime import date

from django.db import migrations

FROM = date(2020, 1, 1)
BASIS = "Quy định về quản lý đảng viên đi nước ngoài (mặc định, cập nhật theo văn bản hiện hành)"
MATRIX = [
    ("TW", "TW"),
    ("TINH", "TINH_THANH"),
    ("CO_SO", "CO_SO"),
    ("DANG_VIEN", "CO_SO"),
]


def seed(apps, schema_editor):
    TravelRule = apps.get_model("travel", "TravelRule")
    ApprovalRule = apps.get_model("travel", "ApprovalRule")
    if not TravelRule.objects.exists():
        TravelRule.objects.create(report_days=7, valid_from=FROM, legal_basis=BASIS)
    if not ApprovalRule.objects.exists():
        for level, kind in MATRIX:
            ApprovalRule.objects.create(management_level=level, approving_kind=kind,
                                        private_needs_active_committee=True, valid_from=FROM,
                                        legal_basis=BASIS)


class Migration(migrations.Migration):
    dependencies = [("travel", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
