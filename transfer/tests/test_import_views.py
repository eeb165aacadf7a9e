"""Import pages: upload → dry-run table → resolve a review → apply → outcome; owner only."""

import pytest
from django.urls import reverse

from people.models import Person
from people.tests.factories import make_person
from transfer.models import Import, ImportStatus
from transfer.tests.importfiles import csv_bytes, upload, xlsx

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Đơn vị"]


@pytest.fixture(autouse=True)
def attachments(settings, tmp_path):
    settings.HOSO_ATTACHMENT_DIR = tmp_path / "attachments"


def test_upload_dry_run_resolve_apply(client, world):
    twin = make_person(world.admin, world.hn_ward, "Phạm Văn Cường", birth_day=1, birth_month=1,
                       birth_year=1970, cccd="")
    rows = [HEADER, ["Mai Thị Lan", "02/03/1990", "Nữ", "001190000123", "Chi bộ khu phố 1"],
            ["Phạm Văn Cường", "01/01/1970", "Nam", "", "Chi bộ khu phố 1"],
            ["Sai", "31/02/2024", "Nam", "", "Chi bộ khu phố 1"]]
    client.force_login(world.officer_a)
    page = client.get(reverse("transfer:import_list"))
    assert page.status_code == 200 and "Tải lên và chạy thử" in page.content.decode()
    response = client.post(reverse("transfer:import_list"), {
        "kind": "people", "file": upload(xlsx(rows, titles=["DANH SÁCH"]), "ds.xlsx")})
    item = Import.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer:import_detail", kwargs={"import_id": item.pk})
    item.refresh_from_db()
    assert item.status == ImportStatus.ANALYSED and item.job_id
    html = client.get(response["Location"]).content.decode()
    assert "Mai Thị Lan" in html and "********0123" in html and "001190000123" not in html
    assert "Ngày “31/02/2024” không có thật" in html
    assert 'data-verdict="REVIEW"' in html and "Là người đã có: Phạm Văn Cường" in html
    rejected = client.get(response["Location"] + "?ket_qua=REJECT").content.decode()
    assert "Mai Thị Lan" not in rejected and "31/02/2024" in rejected
    review = item.rows.get(verdict="REVIEW")
    client.post(reverse("transfer:import_resolve",
                        kwargs={"import_id": item.pk, "import_row_id": review.pk}),
                {"choice": str(twin.pk)})
    review.refresh_from_db()
    assert review.resolution == twin.pk
    client.post(reverse("transfer:import_apply", kwargs={"import_id": item.pk}),
                {"mode": "VALID_ROWS"})
    item.refresh_from_db()
    assert item.status == ImportStatus.APPLIED, item.error
    html = client.get(response["Location"]).content.decode()
    assert "Kết quả nhập" in html and "Đã thêm: 1" in html
    assert Person.objects.filter(full_name="Mai Thị Lan", org_unit=world.hn_cell).exists()
    twin.refresh_from_db()
    assert twin.org_unit == world.hn_cell


def test_disguised_file_is_refused_on_the_page(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("transfer:import_list"), {
        "kind": "people", "file": upload(b"MZ\x90\x00" + b"\x00" * 100, "ds.xlsx")})
    assert response.status_code == 200
    assert "không dựa vào đuôi tên tệp" in response.content.decode()
    assert not Import.objects.exists()


def test_only_the_owner_sees_an_import(client, world):
    client.force_login(world.officer_a)
    client.post(reverse("transfer:import_list"), {
        "kind": "people", "file": upload(csv_bytes([HEADER]), "ds.csv")})
    item = Import.objects.get()
    url = reverse("transfer:import_detail", kwargs={"import_id": item.pk})
    client.force_login(world.admin)
    assert client.get(url).status_code == 404
    assert client.post(reverse("transfer:import_apply", kwargs={"import_id": item.pk}),
                       {"mode": "VALID_ROWS"}).status_code == 404
    client.force_login(world.viewer_a)
    assert client.get(reverse("transfer:import_list")).status_code == 403
