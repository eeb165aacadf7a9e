"""Export of the people list: the page's rows (all pages, same filters), scoped, masked, audited."""

import datetime as dt

import pytest
from django.urls import reverse

from audit.choices import AuditAction
from audit.models import AuditEvent
from people.tests.factories import make_person
from transfer.tests.export_utils import column, csv_table, download, xlsx_sheet, xlsx_table

pytestmark = pytest.mark.django_db

NAME = "Họ và tên"


def _page_names(client, **params) -> list[str]:
    """Names of the list page, following "Trang sau" to the end."""
    names, query = [], dict(params)
    while True:
        response = client.get(reverse("people:list"), query)
        names += [p.full_name for p in response.context["people"]]
        page = response.context["page"]
        if not page or not page["has_next"]:
            return names
        query = {**params, "after": page["next_after"]}


def test_officer_exports_exactly_the_people_of_all_pages(client, world):
    for i in range(55):  # more than one page of 50
        make_person(world.admin, world.hn_ward, f"Phạm Văn Số {i:02d}")
    client.force_login(world.officer_a)
    exported = column(csv_table(download(client, "people")), NAME)
    assert len(exported) == 57  # 55 + Huy + Thuỷ (Mật); not Tám (Tối mật), not Hải Phòng
    assert exported == _page_names(client)
    assert world.person_b.full_name not in exported


def test_export_keeps_the_unit_filter_and_the_search(client, world):
    make_person(world.admin, world.hn_ward, "Vũ Thị Lan")
    client.force_login(world.officer_a)
    by_unit = column(csv_table(download(client, "people", unit=world.hn_cell.pk)), NAME)
    assert sorted(by_unit) == sorted(_page_names(client, unit=world.hn_cell.pk))
    assert "Vũ Thị Lan" not in by_unit and "Nguyễn Văn Huy" in by_unit
    found = column(csv_table(download(client, "people", q="nguyen van huy")), NAME)
    page = client.get(reverse("people:list"), {"q": "nguyen van huy"}).context["people"]
    assert found == [p.full_name for p in page] == ["Nguyễn Văn Huy"]


def test_viewer_export_has_no_classified_person(client, world):
    client.force_login(world.viewer_a)
    for fmt, table in (("csv", csv_table), ("xlsx", xlsx_table)):
        names = column(table(download(client, "people", fmt)), NAME)
        assert names == ["Nguyễn Văn Huy"]


def test_officer_cannot_export_other_province_by_forged_unit(client, world):
    client.force_login(world.officer_a)
    response = download(client, "people", unit=world.hp_cell.pk)
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_xlsx_has_title_filters_date_cells_and_masked_cccd(client, world):
    make_person(world.admin, world.hn_cell, "Hoàng Văn Nam", birth_day=9, birth_month=2,
                birth_year=1975, cccd="001075001234", party_admitted_on=dt.date(2001, 5, 19))
    client.force_login(world.officer_a)
    response = download(client, "people", "xlsx", unit=world.hn_cell.pk)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = xlsx_sheet(response)
    assert sheet["A1"].value == "Cán bộ, đảng viên"
    assert sheet["A2"].value == f"Điều kiện lọc: Đơn vị: Chi bộ khu phố 1 ({world.hn_cell.pk})"
    assert sheet["A3"].value.startswith("Xuất lúc ") and "officer_a; 3 dòng." in sheet["A3"].value
    headers, rows = xlsx_table(response)
    nam = next(r for r in rows if r[0] == "Hoàng Văn Nam")
    birth = nam[headers.index("Ngày sinh")]
    assert isinstance(birth, dt.datetime) and birth.date() == dt.date(1975, 2, 9)  # a date cell
    cells = {c.value: c for row in sheet.iter_rows() for c in row}
    assert cells[birth].number_format == "DD/MM/YYYY"
    assert nam[headers.index("Ngày vào Đảng")].date() == dt.date(2001, 5, 19)
    assert nam[headers.index("Số CCCD (che bớt)")] == "********1234"
    assert "001075001234" not in str(rows)
    # An unknown day stays as the page shows it.
    huy = next(r for r in rows if r[0] == "Nguyễn Văn Huy")
    assert huy[headers.index("Ngày sinh")] == "../../1980"


def test_csv_dates_are_dd_mm_yyyy_and_cccd_masked(client, world):
    make_person(world.admin, world.hn_cell, "Hoàng Văn Nam", birth_day=9, birth_month=2,
                birth_year=1975, cccd="001075001234")
    client.force_login(world.officer_a)
    response = download(client, "people")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    headers, rows = csv_table(response)
    nam = next(r for r in rows if r[0] == "Hoàng Văn Nam")
    assert nam[headers.index("Ngày sinh")] == "09/02/1975"
    assert nam[headers.index("Số CCCD (che bớt)")] == "********1234"


def test_each_export_is_audited_with_list_filters_and_row_count(client, world):
    client.force_login(world.officer_a)
    download(client, "people", "xlsx", unit=world.hn_cell.pk)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor_name == "officer_a"
    assert event.target_id == "people" and event.after["format"] == "xlsx"
    assert event.after["rows"] == 2
    assert event.after["filters"] == {"Đơn vị": str(world.hn_cell.pk)}
    assert event.org_path == world.hn.path


def test_bad_format_is_a_clear_400(client, world):
    client.force_login(world.officer_a)
    response = client.get(reverse("transfer:export_people"), {"format": "pdf"})
    assert response.status_code == 400
    assert "csv hoặc xlsx" in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(reverse("transfer:export_people"))
    assert response.status_code == 302


def test_list_page_offers_both_exports_with_its_filters(client, world):
    client.force_login(world.officer_a)
    page = client.get(reverse("people:list"), {"unit": world.hn_cell.pk}).content.decode()
    assert f"/du-lieu/xuat/nhan-su/?unit={world.hn_cell.pk}&amp;format=xlsx" in page
    assert "Xuất Excel" in page and "Xuất CSV" in page
