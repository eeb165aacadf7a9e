"""Bulk writing of people_person with each engine's fast path.

Into an empty table, secondary indexes and the search-index triggers (people migrations) are set
aside during the load and rebuilt once at the end (people.indexes, shared with large imports).
Unique constraints stay in place, so the load is checked as it goes. Everything runs inside the
caller's transaction: a failed load leaves nothing.
"""

from collections import Counter
from contextlib import contextmanager

from django.db import connection

from core.demo.people import COLUMNS as PERSON_COLUMNS
from orgs.models import OrgUnit
from people.indexes import rebuild, set_aside_if_empty
from people.models import Person

TABLE = Person._meta.db_table


@contextmanager
def indexes_deferred():
    """Inside a transaction: set the indexes aside if the table is empty (people.indexes), rebuild
    them after."""
    restore = set_aside_if_empty(keep_name_index=False)
    if not restore:
        yield
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at commit, a
            # million queued checks would wait in memory. Check each row as it comes instead.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        yield
        rebuild(restore)
        if connection.vendor == "postgresql":
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

