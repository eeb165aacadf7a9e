"""The rest of a large file's dry run, by blocks, on two processes where it pays.

Reading a row (cells → values, CCCD blind index and encryption) is Python work on one core;
a large people file on PostgreSQL shares it with a helper process: the importing process reads
the file and sends every other block of raw cells to the helper, which reads, matches and
stages its rows itself (its own database connection) and sends back only counts and the rows
that need a look. Rows are staged by their row number, so the order in which the two processes
write them does not matter; repeats across the whole file are settled afterwards, in SQL
(``staging.settle_duplicates``).

Only outside a transaction (the helper must see the committed import and the staged rows of
both processes) and on PostgreSQL (one SQLite writer at a time, and the test database lives in
memory); otherwise, and for other record types, the blocks are judged here one after another.
"""

import logging
import multiprocessing
import os
import queue
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from multiprocessing.connection import Connection

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

# No model at import time: the helper process imports this module before Django is set up.
log = logging.getLogger(__name__)

BLOCK_ROWS = 5_000
HELPER_QUEUE = 2  # blocks sent ahead to the helper
MIN_CPUS = 2


def _helped(item, stager) -> bool:
    from transfer.models import ImportKind

    return (stager is not None and item.kind == ImportKind.PEOPLE
            and connection.vendor == "postgresql" and not connection.in_atomic_block
            and (os.cpu_count() or 1) >= MIN_CPUS and settings.HOSO_IMPORT_HELPER)


def _list(item, rows: list[dict], listed: int, limit: int) -> int:
    """Store the rows that need a look (ImportRow fields), up to ``limit`` in all."""
    from transfer.models import ImportRow

    keep = rows[:max(0, limit - listed)]
    ImportRow.objects.bulk_create([ImportRow(batch=item, **fields) for fields in keep])
    return listed + len(keep)


def judge_rest(item, importer, stager, rows: Iterator, counts: Counter, *, total: int,
               listed: int, progress=None) -> tuple[int, int]:
    """Judge the remaining rows by blocks; returns (rows in the file, rows listed)."""
    from transfer.importing.engine import LISTED_EXCEPTIONS, blocks

    if _helped(item, stager):
        return _judge_with_helper(item, importer, stager, rows, counts, total=total,
                                  listed=listed, progress=progress)
    for block in blocks(rows, BLOCK_ROWS):
        listed = _list(item, _judged(importer, block, counts, stager), listed, LISTED_EXCEPTIONS)
        total += len(block)
        if progress is not None:
            progress(total)
    return total, listed


def _judged(importer, block: list, counts: Counter, stager) -> list[dict]:
    """Judge a block; the ImportRow fields of its rows that need a look."""
    from transfer.importing.engine import judge_block, needing_a_look, stored_fields

    results = judge_block(importer, block, counts, stager)
    return [stored_fields(importer, result) for result in needing_a_look(results)]


def _judge_with_helper(item, importer, stager, rows, counts, *, total, listed, progress):
    from transfer.importing.engine import LISTED_EXCEPTIONS, blocks

    # A fresh interpreter (no database socket shared with this process), started as a module:
    # multiprocessing's "spawn" would import this program's main script again.
    ours, theirs = multiprocessing.Pipe()
    helper = subprocess.Popen(
        [sys.executable, "-m", __name__, str(theirs.fileno()), connection.settings_dict["NAME"],
         str(item.pk)], pass_fds=[theirs.fileno()], cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "hoso.settings")})
    theirs.close()
    # Blocks go through a sending thread: a block is larger than the pipe's buffer, and this
    # process must not wait for the helper to read one.
    outbox: queue.Queue = queue.Queue()
    sender = threading.Thread(target=_send_all, args=(outbox, ours), daemon=True)
    sender.start()
    sent = 0  # blocks given to the helper, not answered yet
    try:
        for block in blocks(rows, BLOCK_ROWS):
            total += len(block)
            while sent and ours.poll():
                listed = _answer(item, ours, counts, listed, LISTED_EXCEPTIONS)
                sent -= 1
            if sent <= HELPER_QUEUE:  # one in hand, the next ones waiting: never idle
                outbox.put(block)
                sent += 1
            else:  # it has enough to do: this one is judged here
                listed = _list(item, _judged(importer, block, counts, stager), listed,
                               LISTED_EXCEPTIONS)
                stager.flush()
            if progress is not None:
                progress(total)
        outbox.put(None)  # done: the helper writes what it holds and stops
        while sent:
            listed = _answer(item, ours, counts, listed, LISTED_EXCEPTIONS)
            sent -= 1
        _answer(item, ours, Counter(), 0, 0)
        helper.wait(timeout=60)
    finally:
        if helper.poll() is None:
            helper.kill()
            helper.wait()
        outbox.put(None)
        ours.close()
    return total, listed


def _send_all(outbox: queue.Queue, pipe) -> None:
    while True:
        block = outbox.get()
        try:
            pipe.send(block)
        except OSError:  # the helper is gone: the importing process hears it on recv
            return
        if block is None:
            return


def _answer(item, pipe, counts: Counter, listed: int, limit: int) -> int:
    try:
        answer = pipe.recv()
    except EOFError as exc:  # the helper died without a word (killed, out of memory)
        raise RuntimeError(_("Tiến trình phụ của lần chạy thử dừng bất thường: hãy chạy thử "
                             "lại.")) from exc
    if isinstance(answer, BaseException):
        raise answer
    helper_counts, rows = answer
    counts.update(helper_counts)
    return _list(item, rows, listed, limit) if limit else listed


def helper_main(pipe, database_name: str, import_id: int) -> None:
    """The helper process: judge and stage the blocks it is sent until it is sent None."""
    import django

    django.setup()
    settings.DATABASES["default"]["NAME"] = database_name  # the test database, in tests
    from transfer.importing.engine import fewer_collections
    from transfer.models import Import

    try:
        with fewer_collections():
            _judge_sent_blocks(pipe, Import.objects.select_related("owner").get(pk=import_id))
    except BaseException as exc:  # noqa: BLE001 - told to the importing process, which fails
        log.exception("import %s: helper failed", import_id)
        pipe.send(RuntimeError(_("Tiến trình phụ của lần chạy thử gặp lỗi: %(error)s")
                               % {"error": f"{type(exc).__name__}: {exc}"[:300]}))
    finally:
        pipe.close()


def _judge_sent_blocks(pipe, item) -> None:
    from transfer.importing import staging
    from transfer.importing.engine import importer_for

    importer = importer_for(item.kind, item.owner)
    importer.track_duplicates = False
    stager = staging.Stager(item)
    stager.start()
    while (block := pipe.recv()) is not None:
        counts: Counter = Counter()
        rows = _judged(importer, block, counts, stager)
        stager.flush()  # committed before the answer: the importing process may finish
        pipe.send((counts, rows))
    pipe.send((Counter(), []))


if __name__ == "__main__":
    helper_main(Connection(int(sys.argv[1])), sys.argv[2], int(sys.argv[3]))
