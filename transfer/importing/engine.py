"""Dry run and apply: the steps every import goes through.

1. ``do_upload_import``: size limit, content sniffing, the file stored encrypted.
2. ``analyse``: stream the rows, give each a verdict, store them (all rows up to DETAIL_LIMIT;
   beyond, only the rejected and to-review ones, with counts for all).
3. ``do_apply_import``: VALID_ROWS writes every valid row, ALL_OR_NOTHING writes nothing if any
   row is rejected or left unresolved; both in one transaction through the apps' services.
   Large people files take the fast path (``transfer.importing.bulk``) in batches instead.
"""

import contextlib
import gc
import itertools
import logging
from collections import Counter
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.choices import AuditAction
from audit.services import record_event
from core.cccd import decrypt_value, encrypt_value, mask_cccd
from core.errors import EditConflict, NotAllowed
from documents import storage
from transfer.importing.base import HeaderNotFound, Importer, RowResult, find_header
from transfer.importing.reading import open_rows, sniff
from transfer.importing.values import is_empty
from transfer.models import ApplyMode, Import, ImportKind, ImportRow, ImportStatus, Verdict

log = logging.getLogger(__name__)

DETAIL_LIMIT = 20_000  # rows listed one by one (and applied through the services, row by row)
LISTED_EXCEPTIONS = 10_000  # of a larger file: rejected / to-review rows kept for the table
MATCH_BATCH = 500
MAX_UPLOAD_BYTES = 512 * 1024 * 1024


def importer_for(kind: str, actor) -> Importer:
    from transfer.importing import inspections, people, positions, trips, units

    classes = {ImportKind.PEOPLE: people.PeopleImporter, ImportKind.UNITS: units.UnitImporter,
               ImportKind.POSITIONS: positions.PositionImporter,
               ImportKind.TRIPS: trips.TripImporter,
               ImportKind.INSPECTIONS: inspections.InspectionImporter}
    return classes[kind](actor)


# --- upload ---------------------------------------------------------------------------------


def do_upload_import(*, actor, kind: str, upload, limit: int = MAX_UPLOAD_BYTES) -> Import:
    """Check the file by content, store it encrypted, create the Import (audited)."""
    head = upload.read(64 * 1024)
    upload.seek(0)
    file_format = sniff(head, upload)
    stored = storage.store_encrypted(upload, limit=limit)
    try:
        with transaction.atomic():
            item = Import.objects.create(
                owner=actor, kind=kind, filename=(getattr(upload, "name", "") or "")[:255],
                file_format=file_format, storage_key=stored.storage_key,
                wrapped_key=stored.wrapped_key, size=stored.size, sha256=stored.sha256)
            record_event(actor=actor, action=AuditAction.CREATE, target=item,
                         after={"kind": kind, "filename": item.filename, "size": stored.size,
                                "sha256": stored.sha256})
            transaction.on_commit(lambda: storage.promote(stored.storage_key))
    except BaseException:
        storage.discard(stored.storage_key)
        raise
    return item


def chunks_of(item: Import):
    # The row exists, so its upload committed (or this is the same transaction, e.g. in tests):
    # a file still waiting in tmp/ for its on-commit move is moved now.
    if not storage.final_path(item.storage_key).exists() and storage.temp_path(
            item.storage_key).exists():
        storage.promote(item.storage_key)
    return lambda: storage.decrypt_chunks(item.storage_key, item.wrapped_key)


def discard_file(item: Import) -> None:
    if item.storage_key:
        storage.discard(item.storage_key)
        Import.objects.filter(pk=item.pk).update(storage_key="", wrapped_key="")


# --- reading --------------------------------------------------------------------------------


def data_rows(item: Import, importer: Importer, *, on_header=None) -> Iterator[tuple[int, dict]]:
    """(sheet row number, {field: raw cell}) for each non-empty row below the header."""
    with open_rows(item.file_format, chunks_of(item)) as rows:
        rows = iter(rows)
        header_number, described, mapping = find_header(rows, importer.columns)
        if on_header is not None:
            on_header(header_number, described)
        for number, row in enumerate(rows, start=header_number + 1):
            if all(is_empty(cell) for cell in row):
                continue
            yield number, {column.field: row[index] if index < len(row) else None
                           for index, column in mapping.items()}


def read_safely(importer: Importer, number: int, cells: dict) -> RowResult:
    try:
        return importer.read(number, cells)
    except Exception:  # noqa: BLE001 - a row the importer cannot read is rejected, never a crash
        log.exception("import row %s unreadable", number)
        result = RowResult(number=number)
        result.reject("", _("Không đọc được dòng này: hãy kiểm tra các ô của dòng."))
        return result


def match_safely(importer: Importer, results: list[RowResult]) -> None:
    try:
        importer.match_batch(results)
    except Exception:  # noqa: BLE001
        log.exception("import batch matching failed")
        for result in results:
            if result.verdict not in (Verdict.REJECT,):
                result.verdict = Verdict.REJECT
                result.reasons.append(["", _("Không kiểm tra được dòng này với dữ liệu đã có.")])


def stored_fields(importer: Importer, result: RowResult) -> dict:
    """An ImportRow's fields for a judged row (the CCCD masked for the table, encrypted)."""
    result.shown = importer.shown(result.shown)
    data = dict(result.data)
    if data.get("cccd"):
        result.shown["cccd"] = mask_cccd(data["cccd"])
        data["cccd"] = encrypt_value(data["cccd"])
    return {"number": result.number, "verdict": result.verdict, "data": data,
            "shown": result.shown, "reasons": result.reasons, "target_id": result.target_id,
            "target_version": result.target_version, "candidates": result.candidates}


def _stored(item: Import, importer: Importer, result: RowResult) -> ImportRow:
    return ImportRow(batch=item, **stored_fields(importer, result))


def row_data(row: ImportRow) -> dict:
    data = dict(row.data)
    if data.get("cccd"):
        data["cccd"] = decrypt_value(data["cccd"])
    return data


def judge_block(importer: Importer, rows: list[tuple[int, dict]], counts: Counter,
                stager=None) -> list[RowResult]:
    """Read, match and count a block of rows (and stage them for a large people file)."""
    results = [read_safely(importer, number, cells) for number, cells in rows]
    unreadable = {result.number for result in results if result.rejected}
    for start in range(0, len(results), MATCH_BATCH):
        match_safely(importer, results[start:start + MATCH_BATCH])
    for result in results:
        counts[result.verdict] += 1
        if stager is not None:
            stager.add(result, readable=result.number not in unreadable)
    return results


def needing_a_look(results: list[RowResult]) -> list[RowResult]:
    return [r for r in results if r.verdict in (Verdict.REJECT, Verdict.REVIEW)]


def blocks(rows: Iterator, size: int) -> Iterator[list]:
    rows = iter(rows)
    while block := list(itertools.islice(rows, size)):
        yield block


@contextlib.contextmanager
def fewer_collections():
    """Python's cycle collector runs after every 700 new objects; a dry run makes millions of
    short-lived ones without cycles (reference counting frees them), and its scans cost a
    quarter of the rows' reading time (measured). Rarer scans while the rows are read."""
    before = gc.get_threshold()
    gc.set_threshold(100_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def analyse(item: Import, progress=None) -> Import:
    with fewer_collections():
        return _analyse(item, progress)


def _analyse(item: Import, progress=None) -> Import:
    """The dry run: every row's verdict, nothing written outside this import's own rows.

    The first DETAIL_LIMIT rows wait in memory: a small file stores them all as ImportRows, a
    large one only those that need a look (rejected, to review), and from then on its rows go
    by blocks, on two processes where the database allows (``transfer.importing.parallel``);
    a people file's rows are staged for the apply (``transfer.importing.staging``)."""
    from transfer.importing import parallel, staging

    importer = importer_for(item.kind, item.owner)
    ImportRow.objects.filter(batch=item).delete()
    staging.discard(item)
    counts: Counter = Counter()
    stager = staging.Stager(item) if staging.wanted(item) else None
    item.detailed, item.total_rows, item.staged = True, 0, False

    def header(number, described):
        item.header_row, item.columns = number, [list(pair) for pair in described]

    try:
        rows = data_rows(item, importer, on_header=header)
        held: list[RowResult] = []
        for block in blocks(itertools.islice(rows, DETAIL_LIMIT), MATCH_BATCH):
            held += judge_block(importer, block, counts, stager)
            item.total_rows += len(block)
            if progress is not None:
                progress(item.total_rows)
        following = next(rows, None)
        if following is None:  # a small file: every row listed
            ImportRow.objects.bulk_create([_stored(item, importer, r) for r in held],
                                          batch_size=1000)
        else:
            item.detailed = False
            listed = needing_a_look(held)[:LISTED_EXCEPTIONS]
            ImportRow.objects.bulk_create([_stored(item, importer, r) for r in listed])
            del held
            # Duplicates inside the file are found over the whole file once staged (people),
            # or left to the batch writer.
            importer.seen.clear()
            importer.track_duplicates = False
            if stager is not None:
                stager.start()
            rest = itertools.chain([following], rows)
            item.total_rows, listed = parallel.judge_rest(
                item, importer, stager, rest, counts, total=item.total_rows, listed=len(listed),
                progress=progress)
            if stager is not None:
                stager.flush()
                staging.analysed(item)
                item.staged = True
                staging.settle_duplicates(item, counts, listed=listed, limit=LISTED_EXCEPTIONS,
                                          unit_names=importer.units.names)
    except (HeaderNotFound, ValidationError, storage.CorruptFile) as exc:
        staging.discard(item)
        item.status, item.error = ImportStatus.FAILED, _message(exc)
        item.save()
        return item
    item.counts = {verdict: counts.get(verdict, 0) for verdict in Verdict.values}
    item.status, item.error = ImportStatus.ANALYSED, ""
    item.save()
    return item


def _message(exc) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, storage.CorruptFile):
        return _("Tệp đã lưu bị hỏng hoặc không còn: hãy tải lên lại.")
    return str(exc)


# --- review ---------------------------------------------------------------------------------


def do_resolve_row(*, actor, row: ImportRow, choice: int) -> ImportRow:
    """The user's answer to a REVIEW row: an existing candidate's id, or 0 for a new record."""
    if row.verdict != Verdict.REVIEW or row.batch.owner_id != actor.pk:
        raise NotAllowed("review")
    if choice != 0 and choice not in {pk for pk, _label in row.candidates}:
        raise NotAllowed("candidate")
    row.resolution = choice
    row.save(update_fields=["resolution"])
    return row


# --- apply ----------------------------------------------------------------------------------


class AllOrNothingRefused(Exception):
    pass


def do_apply_import(*, actor, item: Import, mode: str, progress=None, job=None) -> Import:
    """Write the analysed rows (see module docstring); returns the import with its outcome."""
    if item.owner_id != actor.pk or item.status != ImportStatus.ANALYSED:
        raise NotAllowed("apply")
    item.mode = mode
    if not item.detailed:
        from transfer.importing import bulk

        return bulk.apply_bulk(item, actor=actor, progress=progress, job=job)
    importer = importer_for(item.kind, actor)
    reason = _("Nhập từ tệp “%(name)s”") % {"name": item.filename}
    rows = list(item.rows.order_by("number"))
    outcome: Counter = Counter()
    try:
        with transaction.atomic():
            if mode == ApplyMode.ALL_OR_NOTHING:
                blocking = [r for r in rows if r.verdict == Verdict.REJECT or (
                    r.verdict == Verdict.REVIEW and r.resolution is None)]
                if blocking:
                    raise AllOrNothingRefused(blocking[0].number)
            for row in rows:
                _apply_row(importer, row, reason, mode, outcome)
            item.status, item.applied_counts = ImportStatus.APPLIED, dict(outcome)
            item.finished_at = timezone.now()
            item.save()
            record_event(actor=actor, action=AuditAction.UPDATE, target=item,
                         reason=reason, after={"mode": mode, "outcome": dict(outcome),
                                               "sha256": item.sha256})
    except AllOrNothingRefused as exc:
        return _rolled_back(item, _("Không nhập gì: dòng %(n)s bị từ chối hoặc chưa được xem xét "
                                    "(chế độ “tất cả hoặc không”).") % {"n": exc.args[0]})
    except _RowFailed as exc:
        return _rolled_back(item, _("Không nhập gì: dòng %(n)d không ghi được (%(why)s).")
                            % {"n": exc.number, "why": exc.message})
    discard_file(item)
    return item


class _RowFailed(Exception):
    def __init__(self, number: int, message: str):
        super().__init__(message)
        self.number, self.message = number, message


def _rolled_back(item: Import, message: str) -> Import:
    item.refresh_from_db()
    item.status, item.error, item.finished_at = ImportStatus.ROLLED_BACK, message, timezone.now()
    item.save(update_fields=["status", "error", "finished_at", "mode"])
    return item


def _apply_row(importer, row: ImportRow, reason: str, mode: str, outcome: Counter) -> None:
    if row.verdict in (Verdict.REJECT, Verdict.UNCHANGED):
        row.outcome = row.verdict
    elif row.verdict == Verdict.REVIEW and row.resolution is None:
        row.outcome = "SKIPPED"
    else:
        try:
            with transaction.atomic():
                row.outcome = importer.apply(row, row_data(row), f"{reason}, {_('dòng')} {row.number}")
        except Exception as exc:  # noqa: BLE001 - services raise their own kinds; each is a
            # row that could not be written, told to the user (and in all-or-nothing, the end)
            message = _why(exc)
            if mode == ApplyMode.ALL_OR_NOTHING:
                raise _RowFailed(row.number, message) from exc
            row.outcome, row.outcome_message = "FAILED", message
    outcome[row.outcome] += 1
    row.save(update_fields=["outcome", "outcome_message"])


def _why(exc) -> str:
    if isinstance(exc, EditConflict):
        return _("hồ sơ đã bị người khác sửa sau khi chạy thử; hãy chạy thử lại")
    if isinstance(exc, NotAllowed):
        return _("bạn không có quyền ghi vào đơn vị hoặc độ mật này")
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, IntegrityError):
        return _("trùng với dữ liệu đã có (ví dụ số CCCD đã được nhập trong lúc chờ)")
    message = getattr(exc, "message", None)
    if message:
        return str(message)
    return _("dữ liệu không ghi được: %(error)s") % {"error": str(exc)[:200]}
