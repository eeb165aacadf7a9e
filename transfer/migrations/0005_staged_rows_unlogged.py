from django.db import migrations


def unlogged(apps, schema_editor):
    """PostgreSQL: staged rows skip the write-ahead log (a million rows are written once by the
    dry run and read once by the apply). A server crash empties the table; the apply then stops
    with "hãy chạy thử lại" (staging.StagedRowsMissing), never writing a partial import as done."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE transfer_stagedrow SET UNLOGGED")


def logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE transfer_stagedrow SET LOGGED")


class Migration(migrations.Migration):

    dependencies = [
        ("transfer", "0004_staged_row_columns"),
    ]

    operations = [
        migrations.RunPython(unlogged, logged),
    ]
