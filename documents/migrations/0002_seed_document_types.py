"""Default document types of the party's document system (Hướng dẫn 36-HD/VPTW); editable in
the admin afterwards."""

from django.db import migrations

TYPES = [
    ("NQ", "Nghị quyết"), ("QĐ", "Quyết định"), ("KL", "Kết luận"), ("TB", "Thông báo"),
    ("BC", "Báo cáo"), ("KH", "Kế hoạch"), ("CV", "Công văn"), ("TTr", "Tờ trình"),
    ("HD", "Hướng dẫn"), ("CT", "Chỉ thị"), ("QC", "Quy chế"),
    ("BB", "Biên bản"), ("CTr", "Chương trình"), ("GM", "Giấy mời"), ("PL", "Phiếu lấy ý kiến"),
]


def seed(apps, schema_editor):
    DocumentType = apps.get_model("documents", "DocumentType")
    for code, name in TYPES:
        DocumentType.objects.get_or_create(code=code, defaults={"name": name})


def unseed(apps, schema_editor):
    apps.get_model("documents", "DocumentType").objects.filter(
        code__in=[code for code, _name in TYPES], documents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
