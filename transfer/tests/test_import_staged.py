"""A large people file judged once: the dry run stages its rows (on two processes where the
database allows) and the apply inserts them in bulk, matching again only the rows the database
may have caught up with since the dry run."""

import pytest
from django.db import connection

from conftest import build_world
from core.cccd import blind_index
from people.models import Person
from people.services import do_create_person
from transfer.importing import engine, parallel
from transfer.importing.engine import analyse, do_apply_import, do_upload_import
from transfer.models import ApplyMode, ImportKind, ImportStatus, StagedRow
from transfer.tests.importfiles import csv_bytes, upload

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Đơn vị"]


pytestmark = pytest.mark.usefixtures("small_batches")


def letters(number: int) -> str:
    return chr(65 + number // 26 % 26) + chr(97 + number % 26)


def analysed(world, body):
    return analyse(do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                                    upload=upload(csv_bytes([HEADER, *body]), "lon.csv")))


def test_a_cccd_written_since_the_dry_run_sends_its_batch_through_matching(world):
    unit = world.hn_cell.code
    body = [[f"Đoàn Văn {letters(i)}", "01/02/1980", "Nam", f"0010800{i:05d}", unit]
            for i in range(12)]
    item = analysed(world, body)
    assert item.staged and item.counts["CREATE"] == 12
    # Someone else enters row 9's person (same CCCD) before the import is applied.
    do_create_person(actor=world.admin, data={
        "full_name": "Đoàn Văn Ai", "sex": "NAM", "org_unit": world.hn_cell,
        "cccd": "001080000007", "birth_day": 1, "birth_month": 2, "birth_year": 1980})
    before = Person.objects.count()
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.VALID_ROWS)
    assert item.status == ImportStatus.APPLIED
    # Its batch was matched again: the person is updated (the file's spelling), not doubled.
    assert item.applied_counts == {"CREATED": 11, "UPDATED": 1}
    assert Person.objects.count() == before + 11
    person = Person.objects.get(cccd_index=blind_index("001080000007"))
    assert (person.full_name, person.version) == ("Đoàn Văn Ah", 2)


def test_a_namesake_entered_since_the_dry_run_is_matched_not_doubled(world):
    """Rows without CCCD: a person of the same name, date of birth and unit entered meanwhile
    is the same person (unchanged), not a second one."""
    unit = world.hn_cell.code
    body = [[f"Khổng Thị {letters(i)}", f"0{1 + i % 9}/05/1975", "Nữ", "", unit]
            for i in range(10)]
    item = analysed(world, body)
    assert item.counts["CREATE"] == 10
    do_create_person(actor=world.admin, data={
        "full_name": "Khổng Thị Ag", "sex": "NU", "org_unit": world.hn_cell,
        "birth_day": 7, "birth_month": 5, "birth_year": 1975})
    before = Person.objects.count()
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.VALID_ROWS)
    assert item.applied_counts == {"CREATED": 9, "UNCHANGED": 1}
    assert Person.objects.count() == before + 9
    assert Person.objects.filter(name_folded="khong thi ag").count() == 1


def test_repeats_across_the_whole_file_are_settled_by_the_dry_run(world):
    unit = world.hn_cell.code
    body = [[f"Triệu Văn {letters(i)}", "03/04/1985", "Nam", f"0010850{i:05d}", unit]
            for i in range(10)]
    body.append(["Triệu Văn Aa", "03/04/1985", "Nam", "001085000000", unit])  # = row 2
    body.append(["Triệu Văn Khác", "03/04/1985", "Nam", "001085000008", unit])  # ≠ row 10
    body.append(["Triệu Thị Mới", "03/04/1985", "Nữ", "", unit])  # no CCCD: name, birth, unit
    body.append(["Triệu Thị Mới", "03/04/1985", "Nữ", "", unit])  # = row 14
    item = analysed(world, body)
    assert item.counts["CREATE"] == 11 and item.counts["UNCHANGED"] == 2
    assert item.counts["REJECT"] == 1
    [(number, reasons, shown)] = item.rows.values_list("number", "reasons", "shown")
    assert number == 13 and reasons[0] == ["Số CCCD", "Trùng với dòng 10 của tệp nhưng khác nội "
                                           "dung: hãy giữ một dòng."]
    assert (shown["full_name"], shown["sex"], shown["cccd"], shown["org_unit"]) == (
        "Triệu Văn Khác", "Nam", "********0008", world.hn_cell.name)
    assert StagedRow.objects.get(batch=item, number=15).verdict == "UNCHANGED"
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.VALID_ROWS)
    assert item.applied_counts == {"CREATED": 11, "UNCHANGED": 2, "REJECT": 1}
    assert Person.objects.filter(name_folded="trieu thi moi").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the helper process needs "
                    "PostgreSQL (SQLite: one writer, and the test database is in memory)")
@pytest.mark.django_db(transaction=True)
def test_a_helper_process_judges_and_stages_half_the_blocks(monkeypatch):
    world = build_world()
    answers = []
    answer = parallel._answer

    def counted(*args):
        answers.append(args[3])
        return answer(*args)

    monkeypatch.setattr(parallel, "_answer", counted)
    unit = world.hn_cell.code
    body = [[f"Mạc Văn {letters(i)}", "05/06/1970", "Nam", f"0010700{i:05d}", unit]
            for i in range(300)]
    for number in (40, 130, 250):  # rejected rows in blocks judged by either process
        body[number][1] = "31/02/1970"
    item = analysed(world, body)
    assert len(answers) >= 3  # blocks went to the helper and came back
    assert item.counts["CREATE"] == 297 and item.counts["REJECT"] == 3
    assert sorted(item.rows.values_list("number", flat=True)) == [42, 132, 252]
    staged = StagedRow.objects.filter(batch=item)
    assert staged.count() == 300 and staged.values("number").distinct().count() == 300
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.VALID_ROWS)
    assert item.applied_counts == {"CREATED": 297, "REJECT": 3}
    assert Person.objects.filter(full_name__startswith="Mạc Văn").count() == 297


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the helper needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_without_the_helper_setting_every_block_is_judged_here(monkeypatch, settings):
    settings.HOSO_IMPORT_HELPER = False
    world = build_world()
    monkeypatch.setattr(parallel, "_answer", lambda *args: pytest.fail("helper used"))
    body = [[f"Lều Văn {letters(i)}", "05/06/1970", "Nam", f"0010710{i:05d}", world.hn_cell.code]
            for i in range(100)]
    item = analysed(world, body)
    assert item.counts["CREATE"] == 100 and StagedRow.objects.filter(batch=item).count() == 100


def test_the_dry_run_gives_back_the_cycle_collectors_thresholds(world):
    """Rarer collections only while the rows are read: the process's own setting comes back,
    after a dry run that fails too."""
    import gc

    before = gc.get_threshold()
    seen = []
    read = engine.read_safely

    def spying(*args):
        seen.append(gc.get_threshold()[0])
        return read(*args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "read_safely", spying)
        analysed(world, [["Lò Văn Anh", "01/01/1980", "Nam", "", world.hn_cell.code]] * 8)
    assert seen and set(seen) == {100_000}
    assert gc.get_threshold() == before
    failed = analyse(do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                                      upload=upload(csv_bytes([["không", "có"], ["tiêu", "đề"]]),
                                                    "sai.csv")))
    assert failed.status == ImportStatus.FAILED and "tiêu đề" in failed.error
    assert gc.get_threshold() == before
