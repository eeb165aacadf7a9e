"""Reading a large file's rows with forked parser processes (as the demo loader generates).

Parsing (dates, names, CCCD, units) is most of the dry run's per-row cost and needs no database:
past the first rows, chunks of raw rows go to WORKERS forked processes that hold a copy of the
importer (its units loaded before the fork, so they never query); results come back in file
order. Matching and every database write stay in this process. The window of chunks in flight is
bounded, so memory stays flat whatever the file size.
"""

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

from transfer.importing.base import Importer, RowResult

WORKERS = min(2, os.cpu_count() or 1)
CHUNK_ROWS = 2_000
_WORKER_IMPORTER: Importer | None = None  # inherited by the forked workers, never pickled


def _parse_chunk(rows: list[tuple[int, dict]]) -> list[RowResult]:
    from transfer.importing.engine import read_safely

    return [read_safely(_WORKER_IMPORTER, number, cells) for number, cells in rows]


def parsed(importer: Importer, rows: Iterable[tuple[int, dict]], *,
           in_process: int | None) -> Iterator[RowResult]:
    """Each row read by ``importer``: the first ``in_process`` rows here (all when None), the
    rest (if any) by the workers."""
    from transfer.importing.engine import read_safely

    rows = iter(rows)
    for number, cells in islice(rows, in_process):
        yield read_safely(importer, number, cells)
    first = list(islice(rows, CHUNK_ROWS))
    if not first:
        return
    if WORKERS <= 1:
        yield from _parse_chunk_here(importer, first, rows)
        return
    global _WORKER_IMPORTER
    importer.units.ids()  # loaded now: the workers resolve units without the database
    _WORKER_IMPORTER = importer
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        pending: deque = deque([pool.apply_async(_parse_chunk, (first,))])
        for chunk in iter(lambda: list(islice(rows, CHUNK_ROWS)), []):
            pending.append(pool.apply_async(_parse_chunk, (chunk,)))
            if len(pending) > WORKERS + 1:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _parse_chunk_here(importer, first, rows) -> Iterator[RowResult]:
    global _WORKER_IMPORTER
    _WORKER_IMPORTER = importer
    yield from _parse_chunk(first)
    for number, cells in rows:
        yield _parse_chunk([(number, cells)])[0]
