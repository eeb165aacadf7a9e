"""The fast path for large people files: batches, one audit event per batch, re-import, jobs."""

import pytest

from audit.models import AuditEvent
from core.cccd import blind_index
from jobs.services import start_job
from people.models import NameSyllable, Person
from transfer.importing import engine
from transfer.importing.engine import analyse, do_apply_import, do_upload_import
from transfer.models import ApplyMode, ImportKind, ImportStatus
from transfer.tests.importfiles import csv_bytes, upload

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Đơn vị", "Chức vụ"]


pytestmark = pytest.mark.usefixtures("small_batches")


def rows(world):
    unit = world.hn_cell.code
    body = [[f"Lương Văn Số {chr(65 + i)}", f"0{1 + i % 9}/03/1990", "Nam",
             f"0010900{i:05d}", unit, "Đảng viên"] for i in range(12)]
    body.insert(6, ["Lương Văn Số A", "01/03/1990", "Nam", "001090000000", unit, "Đảng viên"])  # dup
    body.insert(9, ["Sai Ngày", "30/02/1990", "Nam", "001090099999", unit, ""])  # reject
    body.append(["Đặng Văn Hòa", "", "Nam", world.person_b.cccd, unit, ""])  # out of scope
    body.append(["Nguyễn Văn Huy", "", "Nam", world.person_a.cccd, unit, "Bí thư"])  # update
    return [HEADER, *body]


def test_large_file_takes_the_batch_path(world):
    item = analyse(do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                                    upload=upload(csv_bytes(rows(world)), "lon.csv")))
    assert item.status == ImportStatus.ANALYSED and not item.detailed
    assert item.total_rows == 16
    # Large files list only the rows that need a look.
    assert sorted(item.rows.values_list("number", "verdict")) == [(11, "REJECT"), (16, "REJECT")]
    assert item.counts["REJECT"] == 2 and item.counts["UPDATE"] == 1
    before, events = Person.objects.count(), AuditEvent.objects.count()
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.VALID_ROWS)
    assert item.status == ImportStatus.APPLIED
    assert item.applied_counts == {"CREATED": 12, "UNCHANGED": 1, "REJECT": 2, "UPDATED": 1}
    assert Person.objects.count() == before + 12
    assert item.rows_committed == 16
    batches = AuditEvent.objects.filter(target_type="transfer.import").order_by("pk")[1:]
    assert AuditEvent.objects.count() == events + 4  # one event per batch of 4 rows
    assert [e.after["rows"] for e in batches] == [[2, 5], [6, 9], [10, 13], [14, 17]]
    assert all(e.after["sha256"] == item.sha256 for e in batches)
    person = Person.objects.get(cccd_index=blind_index("001090000003"))
    assert (person.full_name, person.name_folded, person.birth_display, person.cccd) == (
        "Lương Văn Số D", "luong van so d", "04/03/1990", "001090000003")
    assert Person.objects.get(pk=world.person_a.pk).post == "Bí thư"
    assert NameSyllable.objects.get(text="luong").count >= 12
    # The search index sees the new people (SQLite FTS5 trigger / PostgreSQL index).
    from people.search import search_people

    assert [p.pk for p in search_people(world.officer_a, "luong van so d").people][:1] == [person.pk]
    # Re-import: nothing new.
    again = analyse(do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                                     upload=upload(csv_bytes(rows(world)), "lon.csv")))
    assert again.counts["CREATE"] == 0
    again = do_apply_import(actor=world.officer_a, item=again, mode=ApplyMode.VALID_ROWS)
    assert again.applied_counts == {"UNCHANGED": 14, "REJECT": 2}
    assert Person.objects.count() == before + 12


def test_all_or_nothing_large_file_with_rejects_writes_nothing(world):
    item = analyse(do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                                    upload=upload(csv_bytes(rows(world)), "lon.csv")))
    before = Person.objects.count()
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.ALL_OR_NOTHING)
    assert item.status == ImportStatus.ROLLED_BACK and "2 dòng" in item.error
    assert Person.objects.count() == before


def test_jobs_run_the_dry_run_and_the_apply(world):
    item = do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                            upload=upload(csv_bytes(rows(world)), "lon.csv"))
    job = start_job(owner=world.officer_a, kind="import", label="Kiểm tra",
                    task="transfer.tasks.analyse_import", params={"import_id": item.pk})
    assert job.status == "DONE", job.error
    item.refresh_from_db()
    assert item.status == ImportStatus.ANALYSED
    job = start_job(owner=world.officer_a, kind="import", label="Nhập",
                    task="transfer.tasks.apply_import",
                    params={"import_id": item.pk, "mode": ApplyMode.VALID_ROWS})
    assert job.status == "DONE", job.error
    assert job.checkpoint == {"import_id": item.pk, "rows": 16}
    item.refresh_from_db()
    assert item.status == ImportStatus.APPLIED and item.applied_counts["CREATED"] == 12


def test_apply_reads_the_rows_staged_by_the_dry_run_not_the_file(world):
    from documents import storage
    from transfer.models import StagedRow

    item = analyse(do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                                    upload=upload(csv_bytes(rows(world)), "lon.csv")))
    assert item.staged
    staged = StagedRow.objects.filter(batch=item)
    assert sorted(staged.values_list("number", flat=True)) == list(range(2, 18))
    assert not any("001090000003" in str(row) for row in staged.values())  # CCCD encrypted
    assert staged.get(number=5).full_name == "Lương Văn Số D"
    item = analyse(item)  # analysed again: the staged rows are replaced, never doubled
    assert staged.count() == 16
    storage.discard(item.storage_key)  # the apply no longer needs the file
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.VALID_ROWS)
    assert item.applied_counts == {"CREATED": 12, "UNCHANGED": 1, "REJECT": 2, "UPDATED": 1}
    assert Person.objects.get(cccd_index=blind_index("001090000003")).cccd == "001090000003"
    assert not staged.exists()  # deleted once applied


def test_staged_rows_of_a_unit_out_of_scope_since_the_dry_run_are_rejected(world):
    item = analyse(do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                                    upload=upload(csv_bytes(rows(world)), "lon.csv")))
    before = Person.objects.count()
    world.officer_a.org_unit = world.hp  # moved to Hải Phòng: Hà Nội's cell is out of scope
    world.officer_a.save()
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.VALID_ROWS)
    assert item.applied_counts == {"REJECT": 16}
    assert Person.objects.count() == before


def test_small_file_stages_nothing(world, monkeypatch):
    from transfer.models import StagedRow

    monkeypatch.setattr(engine, "DETAIL_LIMIT", 100)
    item = analyse(do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                                    upload=upload(csv_bytes(rows(world)), "nho.csv")))
    assert item.detailed and not item.staged
    assert not StagedRow.objects.filter(batch=item).exists()


def test_lost_staged_rows_fail_the_job_with_a_message_instead_of_a_partial_success(world):
    from transfer.models import StagedRow

    item = analyse(do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                                    upload=upload(csv_bytes(rows(world)), "lon.csv")))
    StagedRow.objects.filter(batch=item, number__gt=13).delete()  # the last 4 rows
    job = start_job(owner=world.officer_a, kind="import", label="Nhập",
                    task="transfer.tasks.apply_import",
                    params={"import_id": item.pk, "mode": ApplyMode.VALID_ROWS})
    assert job.status == "FAILED"
    assert job.error.startswith("Chỉ còn 12 trên 16 dòng đã chạy thử: hãy chạy thử lại tệp")
    item.refresh_from_db()
    assert item.status == ImportStatus.APPLYING and item.rows_committed == 12
