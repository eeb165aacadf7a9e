"""Default ceiling rules: which position levels a limited conclusion covers (editable data).

Decision: a secret (cơ mật) position asks more than a key (trọng yếu) one, so a ceiling "up to
secret positions" covers both levels and "up to key positions" covers key positions only.
"""

from datetime import date

from django.db import migrations

RULES = [
    ("đến vị trí trọng yếu", "TRONG_YEU"),
    ("đến vị trí cơ mật", "TRONG_YEU"),
    ("đến vị trí cơ mật", "CO_MAT"),
]


def seed(apps, schema_editor):
    CeilingRule = apps.get_model("positions", "CeilingRule")
    for phrase, level in RULES:
        CeilingRule.objects.get_or_create(phrase=phrase, level=level,
                                          defaults={"valid_from": date(2020, 1, 1)})


class Migration(migrations.Migration):
    dependencies = [("positions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
