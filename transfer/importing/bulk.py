"""The fast path for large files of people: batches written with each engine's bulk writer.

Each batch (BATCH_ROWS data rows) is matched with a few queries (CCCD blind indexes IN the batch;
names only where needed), then written in ONE transaction together with its checkpoint: new
people with COPY (PostgreSQL) or executemany (SQLite), changed people with one UPDATE per row
guarded by the version read (executemany), the name-syllable counts upserted, ONE audit event for
the batch (its row range, counts and the file's SHA-256) and the import's ``rows_committed``
(and the job's checkpoint). A killed process leaves whole batches only; resuming skips the rows
already committed. Duplicates inside a batch are settled in memory, across batches by the
database (an earlier batch is already there when a later one is matched).

Rows to review and rejected rows are not written (they were listed by the dry run).

Into an empty people table, the first batch also sets the table's secondary indexes aside
(``people.indexes``, saved on the Import with that batch); they are rebuilt once when
the import ends, or when a resumed import ends after a kill.
"""

import logging
from collections import Counter

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import AuditAction
from audit.services import record_event
from core.cccd import blind_index, encrypt_value
from people import indexes
from people.models import NameSyllable, Person
from transfer.importing import staging
from transfer.importing.base import name_keys
from transfer.importing.engine import data_rows, discard_file, read_safely
from transfer.importing.people import keeps_spelling
from transfer.models import ApplyMode, Import, ImportStatus, Verdict

log = logging.getLogger(__name__)

BATCH_ROWS = 10_000
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
UPDATABLE = ["full_name", "name_folded", "name_sorted", "name_exact", "birth_day", "birth_month",
             "birth_year", "sex", "cccd_encrypted", "cccd_index", "party_card_number",
             "hometown", "birthplace", "party_status", "party_admitted_on", "party_official_on",
             "org_unit_id", "post"]


def _values(result, person: Person | None = None) -> dict:
    """Column values for a person from a row's data (over ``person``'s current ones)."""
    data = result.data
    values = {name: getattr(person, name) for name in UPDATABLE} if person else {
        "party_card_number": "", "hometown": "", "birthplace": "", "post": "",
        "party_status": "QUAN_CHUNG", "party_admitted_on": None, "party_official_on": None,
        "birth_day": None, "birth_month": None, "birth_year": None, "cccd_encrypted": "",
        "cccd_index": None}
    for name, value in data.items():
        if name == "full_name" and person is not None and keeps_spelling(value, person.name_folded):
            continue
        if name == "birth":
            values["birth_day"], values["birth_month"], values["birth_year"] = value
        elif name == "org_unit":
            values["org_unit_id"] = value
        elif name == "cccd":
            values["cccd_encrypted"] = (result.cccd_encrypted or encrypt_value(value)) if value else ""
            values["cccd_index"] = (result.cccd_index or blind_index(value)) if value else None
        elif name in ("party_admitted_on", "party_official_on"):
            values[name] = value or None  # ISO text: both engines take it for a date column
        else:
            values[name] = value
    values["name_folded"], values["name_sorted"], values["name_exact"] = name_keys(
        values["full_name"])
    return values


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


def write_batch(item: Import, importer, results: list, first: int, last: int, *,
                actor, reason: str, job=None) -> Counter:
    """Match and write one batch with its checkpoint, all in one transaction."""
    counts: Counter = Counter()
    importer.seen = {}
    set_aside: list[str] = []
    with transaction.atomic():
        if SET_ASIDE_INDEXES and item.rows_committed == 0 and not item.indexes_set_aside:
            set_aside = indexes.set_aside_if_empty()
        importer.match_batch(results)
        now = _adapt(timezone.now())
        inserts, updates, syllables = [], [], Counter()
        targets = {r.target_id for r in results if r.verdict == Verdict.UPDATE}
        people = Person.objects.in_bulk(list(targets)) if targets else {}
        for result in results:
            verdict = result.verdict
            if verdict == Verdict.CREATE:
                values = _values(result)
                values.update(classification=0, version=1, created_at=now, updated_at=now,
                              hometown_former="", birthplace_former="")
                inserts.append(tuple(values[name] for name in COLUMNS))
                syllables.update(set(values["name_folded"].split()))
                counts["CREATED"] += 1
            elif verdict == Verdict.UPDATE:
                person = people[result.target_id]
                values = _values(result, person)
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
            counts["CONFLICT"] = len(updates) - written
            counts["UPDATED"] -= counts["CONFLICT"]
        _syllables(syllables)
        record_event(actor=actor, action=AuditAction.CREATE, target=item, reason=reason,
                     org_path=getattr(actor.org_unit, "path", ""),
                     after={"rows": [first, last], "counts": dict(counts),
                            "sha256": item.sha256})
        total = Counter(item.applied_counts) + counts
        item.applied_counts, item.rows_committed = dict(total), item.rows_committed + len(results)
        saved = {"indexes_set_aside": set_aside} if set_aside else {}
        Import.objects.filter(pk=item.pk).update(applied_counts=item.applied_counts,
                                                 rows_committed=item.rows_committed, **saved)
        if job is not None:
            job.save_checkpoint({"import_id": item.pk, "rows": item.rows_committed})
    if set_aside:  # committed: from now on the rebuild is due
        item.indexes_set_aside = set_aside
    return counts


def rebuild_indexes(item: Import) -> None:
    """Rebuild the indexes the import set aside, and forget them, in one transaction."""
    with transaction.atomic():
        indexes.rebuild(item.indexes_set_aside)
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
    if item.staged:  # parsed by the dry run: read back, not parsed again
        for batch in staging.batches(item, importer, BATCH_ROWS):
            write_batch(item, importer, batch, batch[0].number, batch[-1].number, actor=actor,
                        reason=reason, job=job)
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
