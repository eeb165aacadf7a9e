"""Bulk writing of people_person with each engine's fast path.

Into an empty table, secondary indexes and the search-index triggers (people migrations) are set
aside during the load and rebuilt once at the end: building an index over sorted data is many
times faster than updating it a million times. Unique constraints stay in place, so the load is
checked as it goes. Everything runs inside the caller's transaction: a failed load leaves nothing.
"""

from collections import Counter
from contextlib import contextmanager

from django.db import connection

from core.demo.people import COLUMNS as PERSON_COLUMNS
from orgs.models import OrgUnit
from people.models import Person

TABLE = Person._meta.db_table


def _sqlite_set_aside(cursor) -> list[str]:
    """Drop the table's explicit indexes and the triggers feeding its FTS5 index; return the
    SQL that restores them (the FTS5 index refilled in one pass by its 'rebuild' command)."""
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE %s AND sql LIKE %s",
        ["%USING fts5%", f"%content='{TABLE}'%"],
    )
    fts_tables = [name for (name,) in cursor.fetchall()]
    cursor.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s AND sql IS NOT NULL"
        " AND type IN ('index', 'trigger')",
        [TABLE],
    )
    restore = []
    for kind, name, sql in cursor.fetchall():
        feeds_fts = "AFTER INSERT" in sql.upper() and any(t in sql for t in fts_tables)
        if kind == "index" or feeds_fts:
            cursor.execute(f'DROP {kind.upper()} "{name}"')
            restore.append(sql)
    restore += [f"INSERT INTO \"{name}\"(\"{name}\") VALUES ('rebuild')" for name in fts_tables]
    return restore


def _postgres_set_aside(cursor) -> list[str]:
    """Drop the table's non-unique indexes; return their definitions."""
    cursor.execute(
        "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
        " JOIN pg_class c ON c.oid = i.indexrelid"
        " WHERE i.indrelid = %s::regclass AND NOT i.indisunique AND NOT i.indisprimary",
        [TABLE],
    )
    restore = []
    for name, definition in cursor.fetchall():
        cursor.execute(f'DROP INDEX "{name}"')
        restore.append(definition)
    # More memory for the index builds than the per-session default (local to this transaction).
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at commit, a million
    # queued checks would block CREATE INDEX ("pending trigger events"). Check each row now.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return restore


@contextmanager
def indexes_deferred():
    """Inside a transaction: set the indexes aside if the table is empty, rebuild them after."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {TABLE} LIMIT 1")
        if cursor.fetchone() is not None:
            yield
            return
        if connection.vendor == "postgresql":
            restore = _postgres_set_aside(cursor)
        else:
            restore = _sqlite_set_aside(cursor)
        yield
        for sql in restore:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # Fresh statistics now: until autovacuum gets to it, the planner would take the
            # million-row table for an empty one and choose plans that cost seconds.
            cursor.execute(f"ANALYZE {TABLE}")
            cursor.execute(f"ANALYZE {OrgUnit._meta.db_table}")


def _insert_sqlite(chunks, syllables: Counter) -> int:
    raw = connection.connection
    columns = PERSON_COLUMNS
    sql = f"INSERT INTO {TABLE} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    adapt = connection.ops.adapt_datetimefield_value
    count = 0
    for rows, counts in chunks:
        if rows:
            stamp = adapt(rows[0][-1])
            rows = [row[:-2] + (stamp, stamp) for row in rows]
        raw.executemany(sql, rows)
        syllables.update(counts)
        count += len(rows)
    return count


def _insert_postgres(chunks, syllables: Counter) -> int:
    raw = connection.connection
    sql = f"COPY {TABLE} ({', '.join(PERSON_COLUMNS)}) FROM STDIN"
    count = 0
    with raw.cursor() as cursor, cursor.copy(sql) as copy:
        for rows, counts in chunks:
            for row in rows:
                copy.write_row(row)
            syllables.update(counts)
            count += len(rows)
    return count


def insert_people(chunks, syllables: Counter) -> int:
    """Write (rows, syllable counts) chunks; call inside a transaction. Returns rows written."""
    connection.ensure_connection()
    with indexes_deferred():
        if connection.vendor == "postgresql":
            return _insert_postgres(chunks, syllables)
        return _insert_sqlite(chunks, syllables)

