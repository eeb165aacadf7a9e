"""The fast path for large people files: batches written with each engine's bulk writer.

A file the dry run staged (``transfer.importing.staging``, every large file today) is written
batch by batch (BATCH_ROWS rows), each in ONE transaction with its checkpoint:
- the rows the dry run found new go in with one INSERT … SELECT from the staged rows, except
  those the database may have caught up with since (a person with the same name and year of
  birth — matching by name —, a unit out of the actor's scope now); a CCCD written meanwhile
  by someone else breaks the unique index and the whole batch is matched again;
- the rows that were already there (update, unchanged) and those exceptions are read back and
  matched again (CCCD blind indexes IN the batch; names only where needed): changed people with
  one UPDATE per row guarded by the version read (executemany), new ones with COPY (PostgreSQL)
  or executemany (SQLite);
- rejected rows and rows to review are counted, not written (the dry run listed them);
- the name-syllable counts are upserted, ONE audit event records the batch (its row range,
  counts and the file's SHA-256), and the import's ``rows_committed`` (and the job's checkpoint).
A killed process leaves whole batches only; resuming skips the rows already committed.
A file analysed before staging existed is read and parsed again, batch by batch, instead.

Into an empty people table, the first batch also sets the table's secondary indexes aside
(``people.indexes``, saved on the Import with that batch); they are rebuilt once when
the import ends, or when a resumed import ends after a kill.
"""

import logging
from collections import Counter

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import AuditAction
from audit.services import record_event
from people import indexes
from people.models import NameSyllable, Person
from transfer.importing import staging
from transfer.importing.engine import data_rows, discard_file, read_safely
from transfer.models import ApplyMode, Import, ImportStatus, Verdict

log = logging.getLogger(__name__)

BATCH_ROWS = 20_000  # rows per transaction (and per audit event) of a large import
SET_ASIDE_INDEXES = True  # into an empty people table (see the module docstring)
TABLE = Person._meta.db_table
COLUMNS = [
    "full_name", "name_folded", "name_sorted", "name_exact", "birth_day", "birth_month",
    "birth_year", "sex", "cccd_encrypted", "cccd_index", "party_card_number", "hometown",
    "hometown_former", "birthplace", "birthplace_former", "party_status", "party_admitted_on",
    "party_official_on", "org_unit_id", "post", "classification", "version", "created_at",
    "updated_at",
]
# Fields an UPDATE may set (the file's columns), in SQL order.
UPDATABLE = staging.PERSON_COLUMNS


def _insert(rows: list[tuple]) -> None:
    if not rows:
        return
    raw = connection.connection
    if connection.vendor == "postgresql":
        with raw.cursor() as cursor, cursor.copy(
                f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(COLUMNS))
    raw.executemany(f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({marks})", rows)


def _update(rows: list[tuple]) -> int:
    """UPDATE … WHERE id = ? AND version = ?: a row changed since it was read is not touched."""
    if not rows:
        return 0
    sets = ", ".join(f"{name} = %s" for name in UPDATABLE)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {TABLE} SET {sets}, version = version + 1, updated_at = %s "
                           "WHERE id = %s AND version = %s", rows)
        return cursor.rowcount if cursor.rowcount is not None and cursor.rowcount >= 0 else len(rows)


def _syllables(counts: Counter) -> None:
    if not counts:
        return
    table = NameSyllable._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (text, count) VALUES (%s, %s) ON CONFLICT (text) DO UPDATE "
            f"SET count = {table}.count + excluded.count", sorted(counts.items()))


def _adapt(value):
    if connection.vendor == "sqlite" and hasattr(value, "isoformat"):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _write_results(importer, results: list, counts: Counter, syllables: Counter, now) -> None:
    """Match read rows against the database and write them (COPY / executemany)."""
    importer.match_batch(results)
    inserts, updates = [], []
    targets = {r.target_id for r in results if r.verdict == Verdict.UPDATE}
    people = Person.objects.in_bulk(list(targets)) if targets else {}
    for result in results:
        verdict = result.verdict
        if verdict == Verdict.CREATE:
            values = staging.person_values(result)
            values.update(classification=0, version=1, created_at=now, updated_at=now,
                          hometown_former="", birthplace_former="")
            inserts.append(tuple(values[name] for name in COLUMNS))
            syllables.update(set(values["name_folded"].split()))
            counts["CREATED"] += 1
        elif verdict == Verdict.UPDATE:
            person = people[result.target_id]
            values = staging.person_values(result, person)
            updates.append((*(values[name] for name in UPDATABLE), now, person.pk,
                            result.target_version))
            if values["name_folded"] != person.name_folded:
                syllables.update(set(values["name_folded"].split()))
            counts["UPDATED"] += 1
        elif verdict == Verdict.UNCHANGED:
            counts["UNCHANGED"] += 1
        elif verdict == Verdict.REVIEW:
            counts["SKIPPED"] += 1
        else:
            counts["REJECT"] += 1
    _insert(inserts)
    written = _update(updates)
    if written < len(updates):
        counts["CONFLICT"] += len(updates) - written
        counts["UPDATED"] -= len(updates) - written


def _set_aside_if_first(item: Import) -> list[str]:
    if SET_ASIDE_INDEXES and item.rows_committed == 0 and not item.indexes_set_aside:
        return indexes.set_aside_if_empty()
    return []


def _commit_batch(item: Import, counts: Counter, first: int, last: int, rows: int,
                  set_aside: list[str], *, actor, reason: str, job) -> None:
    """The batch's audit event and checkpoint, inside its transaction."""
    counts = Counter({key: n for key, n in counts.items() if n})
    record_event(actor=actor, action=AuditAction.CREATE, target=item, reason=reason,
                 org_path=getattr(actor.org_unit, "path", ""),
                 after={"rows": [first, last], "counts": dict(counts), "sha256": item.sha256})
    total = Counter(item.applied_counts) + counts
    item.applied_counts, item.rows_committed = dict(total), item.rows_committed + rows
    saved = {"indexes_set_aside": set_aside} if set_aside else {}
    Import.objects.filter(pk=item.pk).update(applied_counts=item.applied_counts,
                                             rows_committed=item.rows_committed, **saved)
    if job is not None:
        job.save_checkpoint({"import_id": item.pk, "rows": item.rows_committed})


def write_batch(item: Import, importer, results: list, first: int, last: int, *,
                actor, reason: str, job=None) -> Counter:
    """Match and write one batch of rows read from the file, with its checkpoint, all in one
    transaction."""
    counts: Counter = Counter()
    syllables: Counter = Counter()
    importer.seen = {}
    with transaction.atomic():
        set_aside = _set_aside_if_first(item)
        _write_results(importer, results, counts, syllables, _adapt(timezone.now()))
        _syllables(syllables)
        _commit_batch(item, counts, first, last, len(results), set_aside, actor=actor,
                      reason=reason, job=job)
    if set_aside:  # committed: from now on the rebuild is due
        item.indexes_set_aside = set_aside
    return counts


def write_staged_batch(item: Import, importer, first: int, last: int, rows: int, *,
                       actor, reason: str, job=None, outside: list[int] | None = None) -> Counter:
    """One batch of staged rows (numbers ``first``..``last``) with its checkpoint, all in one
    transaction (see the module docstring)."""
    counts: Counter = Counter()
    syllables: Counter = Counter()
    importer.seen = {}
    now = _adapt(timezone.now())
    with transaction.atomic():
        set_aside = _set_aside_if_first(item)
        verdicts = staging.verdicts(item, first, last)
        counts["REJECT"] += verdicts.get(Verdict.REJECT, 0)
        counts["SKIPPED"] += verdicts.get(Verdict.REVIEW, 0)
        units = importer.units.ids()
        if outside is None:
            outside = staging.units_outside(item, units)
        again = staging.needing_a_match(item, first, last, outside)
        try:
            with transaction.atomic():
                created = staging.insert_new_people(item, first, last, again, now, syllables)
        except IntegrityError:  # a CCCD written since the dry run: match every row again
            syllables.clear()
            created, again = 0, staging.numbers(item, first, last, exclude=(
                Verdict.REJECT, Verdict.REVIEW))
        counts["CREATED"] += created
        if again:
            _write_results(importer, staging.read_back(item, again, units), counts, syllables, now)
        _syllables(syllables)
        _commit_batch(item, counts, first, last, rows, set_aside, actor=actor, reason=reason,
                      job=job)
    if set_aside:
        item.indexes_set_aside = set_aside
    return counts


def rebuild_indexes(item: Import) -> None:
    """Rebuild the indexes the import set aside (PostgreSQL: two at a time), then forget them."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        indexes.rebuild_in_parallel(item.indexes_set_aside)  # two at a time, each committed
    with transaction.atomic():
        indexes.rebuild(item.indexes_set_aside)  # (PostgreSQL: all there now, nothing to do)
        Import.objects.filter(pk=item.pk).update(indexes_set_aside=[])
    item.indexes_set_aside = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")


def apply_bulk(item: Import, *, actor, progress=None, job=None) -> Import:
    """Write a large people file in batches; resumes after ``item.rows_committed``."""
    from transfer.importing.people import PeopleImporter

    if item.mode == ApplyMode.ALL_OR_NOTHING and (
            item.counts.get(Verdict.REJECT) or item.counts.get(Verdict.REVIEW)):
        item.status, item.finished_at = ImportStatus.ROLLED_BACK, timezone.now()
        staging.discard(item)
        item.error = _("Không nhập gì: chạy thử có %(n)d dòng bị từ chối hoặc cần xem xét (chế độ "
                       "“tất cả hoặc không”).") % {
                           "n": item.counts.get(Verdict.REJECT, 0) + item.counts.get(Verdict.REVIEW, 0)}
        item.save()
        return item
    Import.objects.filter(pk=item.pk).update(status=ImportStatus.APPLYING, mode=item.mode)
    item.status = ImportStatus.APPLYING
    importer = PeopleImporter(actor)
    reason = _("Nhập nhanh từ tệp “%(name)s”") % {"name": item.filename}
    try:
        _write_rows(item, importer, actor=actor, reason=reason, progress=progress, job=job)
    except BaseException:
        # A Python error (not a kill): the indexes come back now; the import can be resumed.
        if item.indexes_set_aside:
            try:
                rebuild_indexes(item)
            except Exception:  # noqa: BLE001 - the first error is the one to report
                log.exception("import %s: indexes not rebuilt", item.pk)
        raise
    if item.indexes_set_aside:
        rebuild_indexes(item)
    elif connection.vendor == "postgresql" and item.rows_committed > 100_000:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")
    item.status, item.finished_at = ImportStatus.APPLIED, timezone.now()
    item.save(update_fields=["status", "finished_at"])
    staging.discard(item)
    discard_file(item)
    return item


def _write_rows(item: Import, importer, *, actor, reason: str, progress, job) -> None:
    if item.staged:  # read and judged by the dry run: not parsed again
        outside = staging.units_outside(item, importer.units.ids())
        for first, last, rows in staging.ranges(item, BATCH_ROWS):
            write_staged_batch(item, importer, first, last, rows, actor=actor, reason=reason,
                               job=job, outside=outside)
            if progress is not None:
                progress(item.rows_committed)
        if item.rows_committed < item.total_rows:  # never reported as done when rows are lost
            raise staging.StagedRowsMissing(item.rows_committed, item.total_rows)
        return
    skip, seen = item.rows_committed, 0
    batch: list = []
    first = None
    for number, cells in data_rows(item, importer):
        seen += 1
        if seen <= skip:
            continue
        if first is None:
            first = number
        batch.append(read_safely(importer, number, cells))
        if len(batch) >= BATCH_ROWS:
            write_batch(item, importer, batch, first, number, actor=actor, reason=reason, job=job)
            batch, first = [], None
            if progress is not None:
                progress(item.rows_committed)
    if batch:
        write_batch(item, importer, batch, first, batch[-1].number, actor=actor, reason=reason,
                    job=job)
