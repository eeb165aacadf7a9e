"""A large import into an empty people table sets the secondary indexes aside and rebuilds them
once at the end; into a table that has people it leaves them alone."""

import pytest

from core.cccd import blind_index
from people import indexes
from people.models import Person
from people.search import search_people
from transfer.importing import bulk, staging
from transfer.importing.engine import analyse, do_apply_import, do_upload_import
from transfer.models import ApplyMode, Import, ImportKind, ImportStatus
from transfer.tests.importfiles import csv_bytes, upload

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Đơn vị", "Chức vụ"]


pytestmark = pytest.mark.usefixtures("small_batches")


def rows(world):
    unit = world.hn_cell.code
    body = [[f"Lương Văn Số {chr(65 + i)}", f"0{1 + i % 9}/03/1990", "Nam",
             f"0010900{i:05d}", unit, "Đảng viên"] for i in range(12)]
    # In a later batch: the same CCCD as row 2 (identical) and as row 3 (different content).
    body.append(["Lương Văn Số A", "01/03/1990", "Nam", "001090000000", unit, "Đảng viên"])
    body.append(["Lương Văn Khác", "02/03/1990", "Nam", "001090000001", unit, "Bí thư"])
    return [HEADER, *body]


def spy_batches(monkeypatch) -> list:
    """What each committed batch left behind: the table's indexes and the saved statements."""
    seen = []
    write = bulk.write_staged_batch

    def spy(item, *args, **kwargs):
        counts = write(item, *args, **kwargs)
        stored = Import.objects.get(pk=item.pk).indexes_set_aside
        seen.append((indexes.index_names(), stored))
        return counts

    monkeypatch.setattr(bulk, "write_staged_batch", spy)
    return seen


def analysed(world):
    return analyse(do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                                    upload=upload(csv_bytes(rows(world)), "lon.csv")))


def test_import_into_empty_table_rebuilds_set_aside_indexes(world, monkeypatch):
    Person.objects.all().delete()
    before = indexes.index_names()
    seen = spy_batches(monkeypatch)
    item = analysed(world)
    # The repeats are found by the dry run over the whole file, as in a small file: the
    # identical one unchanged, the other rejected and listed.
    assert item.counts["UNCHANGED"] == 1 and item.counts["REJECT"] == 1
    [(number, reasons)] = item.rows.values_list("number", "reasons")
    assert number == 15 and "Trùng với dòng 3 của tệp" in reasons[0][1]
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.VALID_ROWS)
    assert item.status == ImportStatus.APPLIED
    assert item.applied_counts == {"CREATED": 12, "UNCHANGED": 1, "REJECT": 1}
    assert len(seen) == 4
    for names, stored in seen:  # while the batches run: indexes aside, their SQL saved
        assert names < before and stored
        # Kept: the unique CCCD index and the name index that matching reads.
        assert {n for n in before if "cccd_index" in n and "like" not in n} <= names
        assert {n for n in before if n.startswith("people_person_name_folded")
                and not n.endswith("_like")} <= names
    assert indexes.index_names() == before
    assert Import.objects.get(pk=item.pk).indexes_set_aside == []
    indexes.rebuild(seen[0][1])  # run again (a second try): nothing made twice, no error
    assert indexes.index_names() == before
    assert Person.objects.count() == 12
    kept = Person.objects.get(cccd_index=blind_index("001090000001"))
    assert (kept.full_name, kept.post, kept.version) == ("Lương Văn Số B", "Đảng viên", 1)
    # The rebuilt search index (SQLite FTS5 / PostgreSQL GIN) finds the imported people.
    found = search_people(world.officer_a, "luong van so d").people
    assert [p.full_name for p in found][:1] == ["Lương Văn Số D"]
    assert [p.full_name for p in search_people(world.officer_a, "luong so b").people] == [
        "Lương Văn Số B"]


def test_import_into_table_with_people_keeps_indexes(world, monkeypatch):
    before = indexes.index_names()
    seen = spy_batches(monkeypatch)
    item = do_apply_import(actor=world.officer_a, item=analysed(world), mode=ApplyMode.VALID_ROWS)
    assert item.status == ImportStatus.APPLIED
    assert seen and all(names == before and stored == [] for names, stored in seen)


def test_failed_batch_rebuilds_indexes_and_import_resumes(world, monkeypatch):
    Person.objects.all().delete()
    before = indexes.index_names()
    insert, calls = staging.insert_new_people, []

    def failing_insert(*args):
        calls.append(args)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return insert(*args)

    monkeypatch.setattr(staging, "insert_new_people", failing_insert)
    item = analysed(world)
    with pytest.raises(RuntimeError):
        do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.VALID_ROWS)
    item = Import.objects.get(pk=item.pk)
    assert (item.status, item.rows_committed, item.indexes_set_aside) == (
        ImportStatus.APPLYING, 4, [])
    assert indexes.index_names() == before and Person.objects.count() == 4
    # Resumed (the table is no longer empty: nothing set aside), every row written once.
    item.status = ImportStatus.ANALYSED
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.VALID_ROWS)
    assert item.applied_counts == {"CREATED": 12, "UNCHANGED": 1, "REJECT": 1}
    assert Person.objects.count() == 12 and indexes.index_names() == before
