"""Browser: an officer uploads a messy sheet, reads the dry run, applies it, sees the result."""

import pytest

from accounts.tests.factories import PASSWORD
from core.tests.browser import ARTIFACTS, page  # noqa: F401 (fixture)
from people.models import Person
from transfer.tests.importfiles import xlsx

pytestmark = pytest.mark.browser


def test_officer_imports_people_after_a_dry_run(live_server, live_world, page, settings,  # noqa: F811
                                                tmp_path):
    settings.HOSO_ATTACHMENT_DIR = tmp_path / "attachments"
    sheet = tmp_path / "danh-sach.xlsx"
    sheet.write_bytes(xlsx([
        ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Đơn vị"],
        [1, "Mai Thị Lan", "02/03/1990", "Nữ", 1190000123, "Chi bộ khu phố 1"],
        [2, "Nguyen Van Huy", "", "Nam", live_world.person_a.cccd, "Chi bộ khu phố 1"],
        [3, "Trần Văn Sai", "31/02/2024", "Nam", "", "Chi bộ khu phố 1"],
        [4, "Hoàng Văn Xa", "01/01/1980", "Nam", "", "Chi bộ khu phố 2"],
    ], titles=["DANH SÁCH ĐẢNG VIÊN", "Chi bộ khu phố 1"]))

    page.set_default_timeout(90_000)  # a shared, loaded machine: be patient, not flaky
    page.goto(f"{live_server.url}/")
    page.fill("input[name=username]", "officer_a")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.click("text=Nhập dữ liệu")
    page.select_option("select[name=kind]", "people")
    page.set_input_files("input[name=file]", str(sheet))
    page.click("text=Tải lên và chạy thử")

    table = page.locator("#import-rows")
    table.wait_for()
    assert page.locator("#import-rows tr[data-row='5'][data-verdict='CREATE']").count() == 1
    assert page.locator("#import-rows tr[data-row='6'][data-verdict='UNCHANGED']").count() == 1
    assert page.locator("#import-rows tr[data-row='7'][data-verdict='REJECT']").count() == 1
    assert page.locator("#import-rows tr[data-row='8'][data-verdict='REJECT']").count() == 1
    assert "không có thật" in table.inner_text()
    assert "********0123" in table.inner_text()
    page.screenshot(path=str(ARTIFACTS / "import-dry-run.png"), full_page=True)

    page.check("input[name=mode][value=VALID_ROWS]")
    page.click("#import-apply button[type=submit]")
    page.locator("#import-outcome").wait_for()
    assert "Đã thêm: 1" in page.locator("#import-outcome").inner_text()
    page.screenshot(path=str(ARTIFACTS / "import-applied.png"), full_page=True)
    assert Person.objects.filter(full_name="Mai Thị Lan").count() == 1
