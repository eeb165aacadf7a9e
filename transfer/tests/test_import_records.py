"""Org units, key positions, trips and inspections from files: exact verdicts, then apply."""

import datetime as dt

import pytest

from inspections.models import Inspection, Programme
from orgs.models import OrgUnit
from positions.models import Holding, Position
from positions.tests.factories import make_catalogue
from transfer.importing.engine import analyse, do_apply_import, do_upload_import
from transfer.models import ApplyMode, ImportKind, ImportStatus, Verdict
from transfer.tests.importfiles import csv_bytes, upload, verdicts, xlsx
from travel.models import Trip

C, U, N, R = Verdict.CREATE, Verdict.UPDATE, Verdict.UNCHANGED, Verdict.REJECT


@pytest.fixture(autouse=True)
def attachments(settings, tmp_path):
    settings.HOSO_ATTACHMENT_DIR = tmp_path / "attachments"


def run(actor, kind, data: bytes, name="tep.xlsx"):
    return analyse(do_upload_import(actor=actor, kind=kind, upload=upload(data, name)))


def apply(actor, item, mode=ApplyMode.VALID_ROWS):
    return do_apply_import(actor=actor, item=item, mode=mode)


def test_units_with_parent_by_code_name_path_and_earlier_row(world):
    rows = [["Mã", "Tên đơn vị", "Loại", "Trực thuộc"],
            ["HN-X1", "Đảng ủy xã Một", "Đảng ủy xã, phường, đặc khu", world.hn.code],  # 2 C
            ["HN-X1-C1", "Chi bộ thôn Đông", "Chi bộ", "HN-X1"],  # 3 C (parent from row 2)
            ["HN-X2", "Chi bộ Hai", "CHI_BO", "Thành phố Hà Nội > Đảng ủy phường Ba Đình"],  # 4 C
            [world.hn_cell.code, "Chi bộ khu phố 1", "Chi bộ", world.hn_ward.code],  # 5 UNCHANGED
            [world.hn_cell.code, "Tên khác", "Chi bộ", world.hn_ward.code],  # 6 dup differs: R
            ["HN-X3", "Chi bộ Ba", "Hội đồng", world.hn.code],  # 7 R (kind)
            ["HN-X4", "Chi bộ Bốn", "Chi bộ", "Không có"]]  # 8 R (parent)
    item = run(world.admin, ImportKind.UNITS, csv_bytes(rows), "dv.csv")
    assert verdicts(item) == {2: C, 3: C, 4: C, 5: N, 6: R, 7: R, 8: R}
    item = apply(world.admin, item)
    assert item.status == ImportStatus.APPLIED, item.error
    child = OrgUnit.objects.get(code="HN-X1-C1")
    assert child.parent.code == "HN-X1" and child.path.startswith(world.hn.path)
    assert OrgUnit.objects.get(code="HN-X2").parent == world.hn_ward
    # Officers do not import units.
    officer = run(world.officer_a, ImportKind.UNITS, csv_bytes(rows[:2]), "dv.csv")
    assert verdicts(officer) == {2: R}


def test_key_positions_lines_and_holders(world):
    make_catalogue(world.admin, world.hn)
    rows = [["Đơn vị", "Bộ phận", "Chức danh, vị trí", "Cấp độ", "CCCD người đảm nhiệm",
             "Từ ngày"],
            [world.hn.code, "Văn phòng", "Chánh Văn phòng", "Trọng yếu", None, None],  # 2 N
            [world.hn.code, "Văn phòng", "Chánh văn phòng", "Cơ mật", None, None],  # 3 R (level)
            [world.hn.code, "Ban Tổ chức", "Trưởng ban", "Trọng yếu", None, None],  # 4 C
            [world.hn_ward.code, "Văn phòng", "Văn thư", "Cơ mật", None, None],  # 5 R (no catalogue)
            [world.hn.code, "Văn phòng", "Chánh Văn phòng", "Trọng yếu",
             world.person_a.cccd, "02/01/2026"],  # 6 U (adds holder)
            [world.hp.code, "Văn phòng", "Chánh Văn phòng", "Trọng yếu", None, None]]  # 7 R scope
    item = run(world.officer_a, ImportKind.POSITIONS, xlsx(rows, titles=["DANH MỤC"]))
    assert verdicts(item) == {4: N, 5: R, 6: C, 7: R, 8: U, 9: R}  # header on row 3
    item = apply(world.officer_a, item)
    assert Position.objects.filter(title="Trưởng ban", catalogue__org_unit=world.hn).exists()
    # The holder has no fitting conclusion: refused at apply, told on the row.
    row = item.rows.get(number=8)
    assert row.outcome == "FAILED" and "kết luận" in row.outcome_message
    assert not Holding.objects.filter(person=world.person_a, position__title="Chánh Văn phòng",
                                      override_reason="").exists()


def test_trips_open_drafts_and_do_not_repeat(world):
    rows = [["Số CCCD", "Họ và tên", "Tên đoàn, chuyến đi", "Mục đích", "Loại việc riêng",
             "Nước đến", "Kinh phí", "Ngày đi", "Ngày về"],
            [world.person_a.cccd, "Nguyễn Văn Huy", "Dự hội thảo", "Công tác", None,
             "Nhật Bản, KR", "Ngân sách nhà nước", "10/03/2026", "15/03/2026"],  # 2 C
            [world.person_a.cccd, "Nguyễn Văn Huy", "Du lịch", "Việc riêng", "Du lịch",
             "Thái Lan", "Tự túc", "01/05/2026", "05/05/2026"],  # 3 C
            [world.person_a.cccd, "", "Sai ngày", "Công tác", None, "Lào", "Tự túc",
             "10/03/2026", "01/03/2026"],  # 4 R
            [world.person_b.cccd, "", "Ngoài phạm vi", "Công tác", None, "Lào", "Tự túc",
             "10/03/2026", "11/03/2026"],  # 5 R
            [world.person_a.cccd, "", "Đi đâu", "Công tác", None, "Atlantis", "Tự túc",
             "10/03/2026", "11/03/2026"]]  # 6 R
    item = run(world.officer_a, ImportKind.TRIPS, csv_bytes(rows), "cd.csv")
    assert verdicts(item) == {2: C, 3: C, 4: R, 5: R, 6: R}
    item = apply(world.officer_a, item)
    trip = Trip.objects.get(title="Dự hội thảo")
    assert trip.status == "DRAFT" and trip.countries() == ["JP", "KR"]
    assert trip.members.get().person == world.person_a
    again = run(world.officer_a, ImportKind.TRIPS, csv_bytes(rows), "cd.csv")
    assert verdicts(again) == {2: N, 3: N, 4: R, 5: R, 6: R}


def test_inspections_create_programme_and_subject(world):
    rows = [["Năm", "Cơ quan kiểm tra", "Kiểm tra / giám sát", "Loại", "Nội dung", "Thời kỳ từ",
             "Thời kỳ đến", "Tháng dự kiến", "Tổ chức đảng được kiểm tra"],
            [2026, world.hn.code, "Kiểm tra", "Chuyên đề", "Công tác bảo vệ chính trị nội bộ",
             "01/01/2021", "31/12/2025", 5, world.hn_ward.code],  # 2 C
            [2026, world.hn.code, "Giám sát", "Khi có dấu hiệu vi phạm", "Sai loại",
             "01/01/2024", "31/12/2025", None, None],  # 3 R
            [2026, world.hn.code, "Giám sát", "Thường xuyên", "Quá dài", "01/01/2015",
             "31/12/2025", None, None],  # 4 R (look-back > 5 years)
            [2026, world.hn.code, "Giám sát", "Thường xuyên", "Việc thực hiện Quy định 58",
             dt.date(2025, 1, 1), 46022, None, None]]  # 5 C (date cell, Excel serial)
    item = run(world.officer_a, ImportKind.INSPECTIONS, xlsx(rows))
    assert verdicts(item) == {2: C, 3: R, 4: R, 5: C}
    item = apply(world.officer_a, item)
    assert item.applied_counts == {"CREATED": 2, "REJECT": 2}
    assert Programme.objects.filter(org_unit=world.hn, year=2026).count() == 1
    inspection = Inspection.objects.get(title="Công tác bảo vệ chính trị nội bộ")
    assert inspection.subjects.get().org_unit == world.hn_ward
    assert Inspection.objects.get(title="Việc thực hiện Quy định 58").look_back_to == dt.date(
        2025, 12, 31)
    again = run(world.officer_a, ImportKind.INSPECTIONS, xlsx(rows))
    assert verdicts(again) == {2: N, 3: R, 4: R, 5: N}
