"""Default rules: duration limits by level (≤ 60 / 45 / 20 days, extendable once by ≤ 1/3,
look-back ≤ 5 years) and the 30-day appeal period. Data, editable in the admin."""

from datetime import date

from django.db import migrations

# The same limits stand since Quy định 22-QĐ/TW (2021), carried into 296-QĐ/TW (2025).
BASIS = "Quy định 22-QĐ/TW (28/7/2021); Quy định 296-QĐ/TW (30/5/2025)"
FROM = date(2021, 7, 28)
# Level of the inspecting body (orgs.OrgKind) → maximum days.
LIMITS = {
    "TW": 60,
    "TRUC_THUOC_TW": 45,
    "TINH_THANH": 45,
    "XA_PHUONG": 20,
    "CO_SO": 20,
    "CHI_BO": 20,
}


def seed(apps, schema_editor):
    DurationRule = apps.get_model("inspections", "DurationRule")
    AppealRule = apps.get_model("inspections", "AppealRule")
    for level, days in LIMITS.items():
        DurationRule.objects.get_or_create(
            level=level, valid_from=FROM,
            defaults={"max_days": days, "day_unit": "CALENDAR", "extension_numerator": 1,
                      "extension_denominator": 3, "look_back_years": 5, "legal_basis": BASIS},
        )
    AppealRule.objects.get_or_create(
        valid_from=FROM, defaults={"days": 30, "day_unit": "CALENDAR", "legal_basis": BASIS})


def unseed(apps, schema_editor):
    apps.get_model("inspections", "DurationRule").objects.filter(valid_from=FROM).delete()
    apps.get_model("inspections", "AppealRule").objects.filter(valid_from=FROM).delete()


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
