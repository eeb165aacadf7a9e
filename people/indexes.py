"""people_person's secondary indexes set aside while a bulk load fills an EMPTY table.

Building an index once over a million sorted rows is many times cheaper than updating it a
million times. Two writers use it: the demo loader (``core/demo/bulk.py``, inside its one
transaction) and large imports (``transfer/importing/bulk.py``), which commit batch by batch
and so save the statements that rebuild the indexes on the Import in the same transaction that
drops them: a process killed mid-way leaves them saved, and the resumed import rebuilds them.

Always kept: the primary key and unique indexes (duplicates are refused as the rows come in;
matching by CCCD reads them). An import also keeps the plain ``name_folded`` index (matching by
name reads it). Only an empty table qualifies: nobody's pages depend yet on the indexes that go.
"""

import re

from django.db import connection

from people.models import Person

TABLE = Person._meta.db_table
# The index that matching by name reads (SQLite quotes the column, PostgreSQL does not).
_KEEP = re.compile(r'\(\s*"?name_folded"?\s*\)\s*$')


def _if_not_exists(sql: str) -> str:
    """The rebuild may run twice (an error inside it, a resumed import): each statement once."""
    return re.sub(r"^\s*CREATE\s+(INDEX|TRIGGER)\s+", r"CREATE \1 IF NOT EXISTS ", sql, count=1,
                  flags=re.IGNORECASE)


def _sqlite_set_aside(cursor, keep) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE %s"
                   " AND sql LIKE %s", ["%USING fts5%", f"%content='{TABLE}'%"])
    fts_tables = [name for (name,) in cursor.fetchall()]
    # sql IS NULL: the indexes SQLite makes for UNIQUE columns (kept; they cannot be dropped).
    cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s"
                   " AND sql IS NOT NULL AND type IN ('index', 'trigger') ORDER BY type, name",
                   [TABLE])
    restore = []
    for kind, name, sql in cursor.fetchall():
        if kind == "index" and ((keep and keep.search(sql))
                                or "UNIQUE" in sql.upper().split("INDEX")[0]):
            continue
        if kind == "trigger" and not any(table in sql for table in fts_tables):
            continue
        # Every trigger feeding the FTS5 index goes (an UPDATE's 'delete' of a row the index
        # never saw would damage it); 'rebuild' refills the index from the table in one pass.
        cursor.execute(f'DROP {kind.upper()} "{name}"')
        restore.append(_if_not_exists(sql))
    return restore + [f"INSERT INTO \"{name}\"(\"{name}\") VALUES ('rebuild')"
                      for name in fts_tables]


def _postgres_set_aside(cursor, keep) -> list[str]:
    cursor.execute("SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
                   " JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass"
                   " AND NOT i.indisunique AND NOT i.indisprimary ORDER BY c.relname", [TABLE])
    restore = []
    for name, definition in cursor.fetchall():
        if keep and keep.search(definition):
            continue
        cursor.execute(f'DROP INDEX "{name}"')
        restore.append(_if_not_exists(definition))
    return restore


def set_aside_if_empty(*, keep_name_index: bool = True) -> list[str]:
    """Inside the caller's transaction: drop the indexes if people_person is empty; return the
    SQL that rebuilds them ([] when the table has rows and nothing was dropped)."""
    keep = _KEEP if keep_name_index else None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {TABLE} LIMIT 1")
        if cursor.fetchone() is not None:
            return []
        if connection.vendor == "postgresql":
            return _postgres_set_aside(cursor, keep)
        return _sqlite_set_aside(cursor, keep)


def rebuild(statements: list[str]) -> None:
    """Run the saved statements (inside the caller's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # More memory for the index builds than the per-session default (this transaction).
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            # Deferred foreign-key checks still queued in this transaction (an enclosing one,
            # as in tests) would block CREATE INDEX ("pending trigger events"): run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in statements:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def rebuild_in_parallel(statements: list[str], workers: int = 2) -> None:
    """PostgreSQL, outside any transaction: build the indexes ``workers`` at a time, each
    session taking the next statement (CREATE INDEX on one table takes a SHARE lock, which two
    sessions may hold together). Each index commits on its own; a failure leaves the rest to a
    second run (the statements are IF NOT EXISTS), so the caller forgets them only after."""
    import queue
    import threading

    from django.db import connections

    if connection.vendor != "postgresql" or connection.in_atomic_block or workers < 2:
        rebuild(statements)
        return
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for sql in statements:
        todo.put(sql)
    failures: list[BaseException] = []

    def build() -> None:
        try:
            with connection.cursor() as cursor:  # this thread's own connection
                cursor.execute("SET maintenance_work_mem = '256MB'")
                while True:
                    try:
                        sql = todo.get_nowait()
                    except queue.Empty:
                        break
                    cursor.execute(sql)
                cursor.execute("RESET maintenance_work_mem")
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            failures.append(exc)

    helpers = [threading.Thread(target=lambda: (build(), connections.close_all()))
               for _ in range(workers - 1)]
    for helper in helpers:
        helper.start()
    build()
    for helper in helpers:
        helper.join()
    if failures:
        raise failures[0]


def index_names() -> set[str]:
    """Names of people_person's indexes and triggers (for tests and checks)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [TABLE])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE tbl_name = %s"
                           " AND type IN ('index', 'trigger')", [TABLE])
        return {name for (name,) in cursor.fetchall()}
