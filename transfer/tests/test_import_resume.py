"""A large import killed mid-way (SIGKILL of a real process) leaves whole batches only, and
resuming writes every remaining row exactly once; into an empty people table, the indexes set
aside stay recorded on the import and the resumed import rebuilds them."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from audit.models import AuditEvent
from conftest import build_world
from people import indexes
from people.models import Person
from people.search import search_people
from transfer.importing import bulk, engine
from transfer.importing.engine import analyse, do_upload_import
from transfer.models import Import, ImportStatus
from transfer.tests.importfiles import csv_bytes, upload

ROOT = Path(__file__).resolve().parents[2]
ROWS, BATCH = 300, 25
CHILD = """
import sys, time
import django
django.setup()
from transfer.importing import bulk, staging
from transfer.models import Import

bulk.BATCH_ROWS = {batch}
insert = staging.insert_new_people

def slow_insert(*args):
    created = insert(*args)
    time.sleep(0.15)  # inside the batch's transaction: a kill here must roll the batch back
    return created

staging.insert_new_people = slow_insert
write = bulk.write_staged_batch

def reporting_write(item, *args, **kwargs):
    counts = write(item, *args, **kwargs)
    print("committed", item.rows_committed, flush=True)
    return counts

bulk.write_staged_batch = reporting_write
item = Import.objects.select_related("owner").get(pk=int(sys.argv[1]))
item.mode = "VALID_ROWS"
bulk.apply_bulk(item, actor=item.owner)
print("done", flush=True)
"""


def letters(number: int) -> str:
    """A name part without digits (names with digits are rejected): 0 → "Aa", 27 → "Bb"."""
    return chr(65 + number // 26 % 26) + chr(97 + number % 26) + chr(97 + number // 676)


def database_url(tmp_path: Path) -> str:
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = tmp_path / "hoso.sqlite3"
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def copy_back(url: str) -> None:
    """SQLite: the test database is in memory; take the child's file back into it."""
    if connection.vendor == "sqlite":
        connection.close()
        connection.ensure_connection()
        with sqlite3.connect(url.removeprefix("sqlite:///")) as source:
            source.backup(connection.connection)


@pytest.mark.django_db(transaction=True)
def test_killed_import_resumes_exactly_once(tmp_path, monkeypatch):
    kill_and_resume(tmp_path, monkeypatch, empty_table=False)


@pytest.mark.django_db(transaction=True)
def test_killed_import_into_empty_table_resumes_and_rebuilds_indexes(tmp_path, monkeypatch):
    kill_and_resume(tmp_path, monkeypatch, empty_table=True)


def kill_and_resume(tmp_path, monkeypatch, *, empty_table: bool):
    world = build_world()
    if empty_table:
        Person.objects.all().delete()
    index_names = indexes.index_names()
    attachments = tmp_path / "attachments"
    monkeypatch.setattr(settings, "HOSO_ATTACHMENT_DIR", attachments)
    monkeypatch.setattr(engine, "DETAIL_LIMIT", 10)
    rows = [["Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Đơn vị"]] + [
        [f"Người Thứ {letters(i)}", 1960 + i % 40, "Nam", f"0010{i:08d}", world.hn_cell.code]
        for i in range(ROWS)]
    item = analyse(do_upload_import(actor=world.officer_a, kind="people",
                                    upload=upload(csv_bytes(rows), "lon.csv")))
    assert not item.detailed and item.counts["CREATE"] == ROWS
    people_before = Person.objects.count()
    events_before = AuditEvent.objects.count()

    url = database_url(tmp_path)
    env = {**os.environ, "HOSO_DATABASE_URL": url, "HOSO_ATTACHMENT_DIR": str(attachments),
           "HOSO_DB_CONN_MAX_AGE": "0", "DJANGO_SETTINGS_MODULE": "hoso.settings"}
    child = subprocess.Popen([sys.executable, "-c", CHILD.format(batch=BATCH), str(item.pk)],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        committed = 0
        while committed < 3 * BATCH:
            line = child.stdout.readline()
            assert line, child.stderr.read()
            if line.startswith("committed"):
                committed = int(line.split()[1])
        time.sleep(0.1)  # into the next batch's transaction (after its insert, before commit)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    copy_back(url)

    item = Import.objects.get(pk=item.pk)
    assert item.status == ImportStatus.APPLYING
    assert item.rows_committed % BATCH == 0 and 3 * BATCH <= item.rows_committed < ROWS
    created = Person.objects.count() - people_before
    assert created == item.rows_committed  # whole batches only: the killed one rolled back
    batches = AuditEvent.objects.filter(pk__gt=0, target_type="transfer.import",
                                        after__has_key="rows")
    assert batches.count() == item.rows_committed // BATCH
    assert AuditEvent.objects.count() == events_before + item.rows_committed // BATCH
    if empty_table:  # the kill left the indexes aside, and what rebuilds them saved
        assert item.indexes_set_aside and indexes.index_names() < index_names
    else:
        assert item.indexes_set_aside == [] and indexes.index_names() == index_names

    # Resume (what the job's "Chạy tiếp" does): continues after the last committed batch.
    monkeypatch.setattr(bulk, "BATCH_ROWS", BATCH)
    item.status = ImportStatus.ANALYSED
    try:
        item = engine.do_apply_import(actor=world.officer_a, item=item, mode="VALID_ROWS")
    finally:
        if Import.objects.get(pk=item.pk).indexes_set_aside:  # never leave the test DB without
            bulk.rebuild_indexes(Import.objects.get(pk=item.pk))
    assert item.status == ImportStatus.APPLIED
    assert item.rows_committed == ROWS
    assert item.applied_counts == {"CREATED": ROWS}
    mine = Person.objects.filter(full_name__startswith="Người Thứ")
    assert mine.count() == ROWS
    assert mine.values("cccd_index").distinct().count() == ROWS
    assert sorted(p.full_name for p in mine) == sorted(f"Người Thứ {letters(i)}"
                                                       for i in range(ROWS))
    assert indexes.index_names() == index_names
    assert Import.objects.get(pk=item.pk).indexes_set_aside == []
    last = f"Người Thứ {letters(ROWS - 1)}"  # written after the kill, found by the rebuilt index
    assert last in [p.full_name for p in search_people(world.admin, last).people]
