"""People import: messy sample files with their exact row verdicts, apply modes, re-import."""

import datetime as dt
import unicodedata

import pytest

from audit.models import AuditEvent
from core.cccd import blind_index
from people.models import Person
from people.tests.factories import make_person
from transfer.importing.engine import analyse, do_apply_import, do_resolve_row, do_upload_import
from transfer.models import ApplyMode, ImportKind, ImportStatus, Verdict
from transfer.tests.importfiles import csv_bytes, upload, verdicts, xlsx

C, U, N, R, V = (Verdict.CREATE, Verdict.UPDATE, Verdict.UNCHANGED, Verdict.REJECT,
                 Verdict.REVIEW)
HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Đơn vị", "Chức vụ"]


@pytest.fixture(autouse=True)
def attachments(settings, tmp_path):
    settings.HOSO_ATTACHMENT_DIR = tmp_path / "attachments"
    return settings.HOSO_ATTACHMENT_DIR


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: precomposed vowels, separate tone marks."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(ch for ch in parts if ch in TONES)
        out.append(unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in TONES))
                   + tones)
    return "".join(out).encode("cp1258")


TONES = "\u0300\u0301\u0303\u0309\u0323"


def run(actor, data: bytes, name="danh-sach.xlsx", kind=ImportKind.PEOPLE):
    item = do_upload_import(actor=actor, kind=kind, upload=upload(data, name))
    return analyse(item)


def messy_rows(world):
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn An")
    return [
        HEADER,                                                                      # row 4
        [1, nfd, "05/09/1985", "Nam", 1085012345, "Chi bộ khu phố 1", "Bí thư"],      # 5 CREATE
        [2, "Tran Thi Binh", 31000, "nu", "001190000222", world.hn_cell.code, ""],    # 6 CREATE
        [3, "Lê Văn Cảnh", "31/02/2024", "Nam", "001090000333", "Chi bộ khu phố 1", ""],  # 7 REJECT
        [None, None, None, None, None, None, None],                                  # 8 empty
        [4, "Nguyễn Văn An", "05/09/1985", "Nam", "001085012345", "Chi bộ khu phố 1", "Bí thư"],  # 9
        [5, "Hoàng Văn Dũng", "1/2/90", "Nam", "031090000444", "Chi bộ khu phố 2", ""],  # 10 REJECT
        [6, "Nguyễn Văn Huy", "../../1980", "Nam", None, "Chi bộ khu phố 1", "Đảng viên"],  # 11 U
        [7, "Đỗ Thị Én", "12/12/1991", "Nữ", "12345", "Chi bộ khu phố 1", ""],          # 12 REJECT
        [8, "Trần Văn Khác", "01/01/1990", "Nam", 1190000222, world.hn_cell.code, ""],  # 13 REJECT
        [9, "Phạm Văn Cường", "1970-01-01", "Nam", None, "Chi bộ khu phố 1", ""],       # 14 REVIEW
        [10, "Vũ Thị Gấm", dt.datetime(1988, 3, 4), "Nữ", "001188000555",  # noqa: DTZ001
         "Đảng ủy phường Ba Đình > Chi bộ khu phố 1", ""],                              # 15 CREATE
    ]


def messy_file(world) -> bytes:
    return xlsx(messy_rows(world), titles=["DANH SÁCH ĐẢNG VIÊN", "Đảng bộ phường Ba Đình"])


EXPECTED = {5: C, 6: C, 7: R, 9: N, 10: R, 11: U, 12: R, 13: R, 14: V, 15: C}


@pytest.fixture
def cuong(world):
    return make_person(world.admin, world.hn_ward, "Phạm Văn Cường", birth_day=1, birth_month=1,
                       birth_year=1970, cccd="")


def test_messy_xlsx_gets_exact_verdicts(world, cuong):
    item = run(world.officer_a, messy_file(world))
    assert item.status == ImportStatus.ANALYSED, item.error
    assert item.header_row == 4
    assert verdicts(item) == EXPECTED
    assert item.counts == {"CREATE": 3, "UPDATE": 1, "UNCHANGED": 1, "REJECT": 4, "REVIEW": 1}
    reasons = {row.number: row.reasons for row in item.rows.all()}
    assert reasons[7] == [["Ngày sinh", "Ngày “31/02/2024” không có thật (ngày/tháng không hợp lệ)."]]
    assert reasons[10][0][0] == "Đơn vị"
    assert "Không có đơn vị “Chi bộ khu phố 2” trong phạm vi" in reasons[10][0][1]
    assert reasons[12][0][0] == "Số CCCD" and "thiếu so với 12" in reasons[12][0][1]
    assert "dòng 6" in reasons[13][0][1]
    assert "dòng 5" in reasons[9][0][1]
    review = item.rows.get(number=14)
    assert [pk for pk, _label in review.candidates] == [cuong.pk]
    row5 = item.rows.get(number=5)
    assert row5.data["full_name"] == "Nguyễn Văn An"  # NFC
    assert unicodedata.is_normalized("NFC", row5.data["full_name"])
    assert row5.shown["cccd"] == "********2345"  # masked in the table
    assert "001085012345" not in str(row5.data)  # encrypted in the stored row
    assert item.rows.get(number=6).data["birth"] == [14, 11, 1984]  # Excel serial 31000
    assert Person.objects.filter(full_name="Trần Thị Binh").count() == 0  # dry run writes nothing
    assert Person.objects.count() == 5


def test_apply_valid_rows_then_reimport_creates_no_duplicates(world, cuong):
    data = messy_file(world)
    item = run(world.officer_a, data)
    do_resolve_row(actor=world.officer_a, row=item.rows.get(number=14), choice=cuong.pk)
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.VALID_ROWS)
    assert item.status == ImportStatus.APPLIED
    assert item.applied_counts == {"CREATED": 3, "UPDATED": 2, "UNCHANGED": 1, "REJECT": 4}
    an = Person.objects.get(cccd_index=blind_index("001085012345"))
    assert (an.full_name, an.birth_display, an.org_unit, an.post) == (
        "Nguyễn Văn An", "05/09/1985", world.hn_cell, "Bí thư")
    assert Person.objects.get(pk=world.person_a.pk).post == "Đảng viên"
    cuong.refresh_from_db()
    assert cuong.org_unit == world.hn_cell  # the reviewer picked the existing person
    assert AuditEvent.objects.filter(target_type="people.person", action="CREATE",
                                     reason__contains="danh-sach.xlsx").count() == 3
    before = Person.objects.count()
    again = run(world.officer_a, data)
    assert Person.objects.count() == before
    assert verdicts(again) == {5: N, 6: N, 7: R, 9: N, 10: R, 11: N, 12: R, 13: R, 14: N, 15: N}
    again = do_apply_import(actor=world.officer_a, item=again, mode=ApplyMode.VALID_ROWS)
    assert Person.objects.count() == before


def test_all_or_nothing_writes_nothing_when_a_row_is_rejected(world, cuong):
    item = run(world.officer_a, messy_file(world))
    events = AuditEvent.objects.count()
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.ALL_OR_NOTHING)
    assert item.status == ImportStatus.ROLLED_BACK
    assert "dòng 7" in item.error
    assert Person.objects.count() == 5
    assert AuditEvent.objects.count() == events


def test_all_or_nothing_rolls_back_a_late_failure(world, monkeypatch):
    rows = [HEADER, [1, "Mai Văn Một", "01/01/1990", "Nam", "001090000001", "Chi bộ khu phố 1", ""],
            [2, "Mai Văn Hai", "01/01/1991", "Nam", "001090000002", "Chi bộ khu phố 1", ""]]
    item = run(world.officer_a, csv_bytes(rows), "ds.csv")
    assert verdicts(item) == {2: C, 3: C}
    # Someone else takes the second CCCD between the dry run and the apply.
    make_person(world.admin, world.hn_cell, "Người Khác", cccd="001090000002")
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.ALL_OR_NOTHING)
    assert item.status == ImportStatus.ROLLED_BACK and "dòng 3" in item.error
    assert not Person.objects.filter(full_name="Mai Văn Một").exists()


def test_review_row_can_create_new(world, cuong):
    rows = [HEADER, [1, "Phạm Văn Cường", "01/01/1970", "Nam", None, "Chi bộ khu phố 1", ""]]
    item = run(world.officer_a, csv_bytes(rows), "ds.csv")
    assert verdicts(item) == {2: V}
    do_resolve_row(actor=world.officer_a, row=item.rows.get(), choice=0)
    item = do_apply_import(actor=world.officer_a, item=item, mode=ApplyMode.ALL_OR_NOTHING)
    assert item.status == ImportStatus.APPLIED
    assert Person.objects.filter(name_folded="pham van cuong").count() == 2


def test_headers_without_diacritics_and_csv_cp1258(world):
    rows = [["DANH SACH"], [],
            ["Ho ten", "Ngay sinh", "Gioi tinh", "So dinh danh", "Don vi"],
            ["Nguyễn Thị Hoà", "5/9/1985", "Nữ", "001185000777", "Chi bộ khu phố 1"]]
    # Windows-1258 writes Vietnamese with combining tone marks: NFC after reading.
    data = cp1258(csv_bytes(rows, delimiter=",").decode())
    item = run(world.officer_a, data, "ds.csv")
    assert item.status == ImportStatus.ANALYSED, item.error
    assert item.file_format == "csv" and item.header_row == 3
    assert verdicts(item) == {4: C}
    assert item.rows.get().data["full_name"] == "Nguyễn Thị Hoà"


def test_csv_utf8_bom_semicolon(world):
    rows = [["Họ và tên", "Năm sinh", "Giới tính", "CCCD", "Mã đơn vị"],
            ["Lý Văn Mười", "1975", "Nam", "1075000888", world.hn_cell.code]]
    item = run(world.officer_a, csv_bytes(rows, bom=True), "ds.csv")
    assert verdicts(item) == {2: C}
    assert item.rows.get().data["birth"] == [None, None, 1975]


def test_undecodable_csv_is_refused_clearly(world):
    data = "Họ và tên;Đơn vị\n".encode() + b"\x81\x8d\x8f\x90\x9d;x\n"
    item = run(world.officer_a, data, "ds.csv")
    assert item.status == ImportStatus.FAILED
    assert "bảng mã" in item.error


def test_missing_header_is_explained(world):
    item = run(world.officer_a, csv_bytes([["a", "b"], ["1", "2"]]), "ds.csv")
    assert item.status == ImportStatus.FAILED
    assert "Không tìm thấy dòng tiêu đề" in item.error and "“Họ và tên”" in item.error


def test_disguised_executable_is_refused(world):
    from django.core.exceptions import ValidationError

    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
    with pytest.raises(ValidationError, match="không dựa vào đuôi tên tệp"):
        do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                         upload=upload(exe, "danh-sach.xlsx"))
    zipped_text = xlsx([HEADER]).replace(b"xl/workbook.xml", b"xl/workbook.xmX")
    with pytest.raises(ValidationError):
        do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                         upload=upload(zipped_text, "danh-sach.xlsx"))


def test_oversized_file_is_refused_and_leaves_nothing(world, attachments):
    from documents.storage import TooLarge

    data = csv_bytes([HEADER] + [[i, "Tên", "", "", "", "", ""] for i in range(2000)], bom=True)
    with pytest.raises(TooLarge):
        do_upload_import(actor=world.officer_a, kind=ImportKind.PEOPLE,
                         upload=upload(data, "ds.csv"), limit=10_000)
    assert not any(p.is_file() for p in attachments.rglob("*"))


def test_viewer_scope_and_admin_see_the_other_province(world):
    rows = [HEADER, [1, "Hoàng Văn Dũng", "1/2/90", "Nam", "031090000444", "Chi bộ khu phố 2", ""]]
    assert verdicts(run(world.admin, csv_bytes(rows), "a.csv")) == {2: C}
    assert verdicts(run(world.officer_b, csv_bytes(rows), "b.csv")) == {2: C}
    assert verdicts(run(world.officer_a, csv_bytes(rows), "c.csv")) == {2: R}


def test_cccd_of_a_person_out_of_scope_is_rejected(world):
    rows = [HEADER, [1, "Đặng Văn Hòa", "", "Nam", world.person_b.cccd, "Chi bộ khu phố 1", ""]]
    item = run(world.officer_a, csv_bytes(rows), "ds.csv")
    assert verdicts(item) == {2: R}
    assert "ngoài phạm vi" in item.rows.get().reasons[0][1]


def test_a_name_without_marks_keeps_the_stored_spelling(world):
    rows = [HEADER, [1, "Nguyen Van Huy", "", "Nam", world.person_a.cccd, "Chi bộ khu phố 1", ""],
            [2, "NGUYỄN VĂN HUY", "", "Nam", world.person_a.cccd, "Chi bộ khu phố 1", ""]]
    item = run(world.officer_a, csv_bytes(rows[:2]), "ds.csv")
    assert verdicts(item) == {2: N}
    item = run(world.officer_a, csv_bytes([HEADER, rows[2]]), "ds.csv")
    assert verdicts(item) == {2: U}  # a different spelling with marks is a change to review


def test_repeated_cells_are_parsed_once_per_import_and_rows_share_no_value(world):
    from transfer.importing.people import PeopleImporter

    importer = PeopleImporter(world.officer_a)
    calls = []
    parse = importer.parse_birth
    importer.parse_birth = lambda value: calls.append(value) or parse(value)
    cells = {"full_name": "Lê Văn A", "org_unit": world.hn_cell.code}
    births = ["05/09/1985", "05/09/1985", 1985, 1985.0, True, True]
    results = [importer.read(n, {**cells, "birth": b}) for n, b in enumerate(births, start=2)]
    # 1985, 1985.0 and True are equal in Python, not as cells; errors are never remembered.
    assert calls == ["05/09/1985", 1985, 1985.0, True, True]
    assert [r.data.get("birth") for r in results] == [
        [5, 9, 1985], [5, 9, 1985], [None, None, 1985], [None, None, 1985], None, None]
    assert results[0].data["birth"] is not results[1].data["birth"]
    assert [r.verdict for r in results][-2:] == [R, R]
    assert results[-1].reasons == results[-2].reasons
