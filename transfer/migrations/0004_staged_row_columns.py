from django.db import migrations, models


def forget_staged_rows(apps, schema_editor):
    """Rows staged in the old form (JSON) are not read by the new apply: their imports read the
    file again (it is kept until an import is applied), as imports did before staging."""
    apps.get_model("transfer", "StagedRow").objects.all().delete()
    apps.get_model("transfer", "Import").objects.filter(staged=True).update(staged=False)


class Migration(migrations.Migration):

    dependencies = [
        ("transfer", "0003_import_staged_rows"),
    ]

    operations = [
        migrations.RunPython(forget_staged_rows, migrations.RunPython.noop),
        migrations.RemoveField(model_name="stagedrow", name="data"),
        migrations.RemoveField(model_name="stagedrow", name="cccd_index"),
        migrations.AddField(model_name="stagedrow", name="verdict",
                            field=models.CharField(default="REJECT", max_length=10),
                            preserve_default=False),
        migrations.AddField(model_name="stagedrow", name="fields",
                            field=models.PositiveIntegerField(default=0)),
        migrations.AddField(model_name="stagedrow", name="full_name",
                            field=models.TextField(blank=True, default=""), preserve_default=False),
        migrations.AddField(model_name="stagedrow", name="name_folded",
                            field=models.TextField(blank=True, default=""), preserve_default=False),
        migrations.AddField(model_name="stagedrow", name="name_sorted",
                            field=models.TextField(blank=True, default=""), preserve_default=False),
        migrations.AddField(model_name="stagedrow", name="name_exact",
                            field=models.TextField(blank=True, default=""), preserve_default=False),
        migrations.AddField(model_name="stagedrow", name="birth_day",
                            field=models.PositiveSmallIntegerField(null=True)),
        migrations.AddField(model_name="stagedrow", name="birth_month",
                            field=models.PositiveSmallIntegerField(null=True)),
        migrations.AddField(model_name="stagedrow", name="birth_year",
                            field=models.PositiveSmallIntegerField(null=True)),
        migrations.AddField(model_name="stagedrow", name="sex",
                            field=models.CharField(blank=True, default="", max_length=10),
                            preserve_default=False),
        migrations.AddField(model_name="stagedrow", name="cccd_encrypted",
                            field=models.TextField(blank=True, default=""), preserve_default=False),
        migrations.AddField(model_name="stagedrow", name="cccd_index",
                            field=models.CharField(max_length=40, null=True)),
        migrations.AddField(model_name="stagedrow", name="party_card_number",
                            field=models.TextField(blank=True, default=""), preserve_default=False),
        migrations.AddField(model_name="stagedrow", name="hometown",
                            field=models.TextField(blank=True, default=""), preserve_default=False),
        migrations.AddField(model_name="stagedrow", name="birthplace",
                            field=models.TextField(blank=True, default=""), preserve_default=False),
        migrations.AddField(model_name="stagedrow", name="party_status",
                            field=models.CharField(blank=True, default="", max_length=20),
                            preserve_default=False),
        migrations.AddField(model_name="stagedrow", name="party_admitted_on",
                            field=models.DateField(null=True)),
        migrations.AddField(model_name="stagedrow", name="party_official_on",
                            field=models.DateField(null=True)),
        migrations.AddField(model_name="stagedrow", name="org_unit_id",
                            field=models.BigIntegerField(null=True)),
        migrations.AddField(model_name="stagedrow", name="post",
                            field=models.TextField(blank=True, default=""), preserve_default=False),
    ]
