"""Token index over people_person.name_folded, kept by the database itself.

Partial names typed in any order ("van huy", "huy nguyen") need a word index. It is maintained by
the database (SQLite triggers, PostgreSQL expression index), so bulk loaders that write
people_person directly need not know about it.

- SQLite: an FTS5 external-content table (no second copy of the names) synced by triggers, with
  prefix indexes for the syllable being typed ("nguyen van h").
- PostgreSQL: a GIN index on to_tsvector('simple', name_folded). Not pg_trgm: trigram similarity
  over millions of repetitive Vietnamese names costs seconds per query (STYLE.md), while whole
  syllables and syllable prefixes are what people type.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE people_person_fts USING fts5("
    " name_folded, content='people_person', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 0', prefix='1 2 3')",
    "CREATE TRIGGER people_person_fts_ai AFTER INSERT ON people_person BEGIN"
    " INSERT INTO people_person_fts(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    "CREATE TRIGGER people_person_fts_ad AFTER DELETE ON people_person BEGIN"
    " INSERT INTO people_person_fts(people_person_fts, rowid, name_folded)"
    " VALUES ('delete', old.id, old.name_folded); END",
    "CREATE TRIGGER people_person_fts_au AFTER UPDATE OF name_folded ON people_person BEGIN"
    " INSERT INTO people_person_fts(people_person_fts, rowid, name_folded)"
    " VALUES ('delete', old.id, old.name_folded);"
    " INSERT INTO people_person_fts(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    # Index the people that already exist.
    "INSERT INTO people_person_fts(people_person_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS people_person_fts_au",
    "DROP TRIGGER IF EXISTS people_person_fts_ad",
    "DROP TRIGGER IF EXISTS people_person_fts_ai",
    "DROP TABLE IF EXISTS people_person_fts",
]
POSTGRES_FORWARD = [
    "CREATE INDEX IF NOT EXISTS people_person_name_tokens ON people_person"
    " USING gin (to_tsvector('simple'::regconfig, name_folded))",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS people_person_name_tokens"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
