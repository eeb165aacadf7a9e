"""Browser: an officer signs in, searches a person without diacritics and opens the record."""

import pytest

from accounts.tests.factories import PASSWORD
from core.tests.browser import ARTIFACTS, page  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


def test_officer_finds_person_typed_without_diacritics_and_opens_it(live_server, live_world, page):  # noqa: F811
    page.goto(f"{live_server.url}/")
    assert "/tai-khoan/dang-nhap/" in page.url  # anonymous: sent to sign in
    page.fill("input[name=username]", "officer_a")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    page.goto(f"{live_server.url}/nhan-su/")
    page.fill("input[name=q]", "nguyen van huy")
    page.keyboard.press("Enter")
    row = page.locator("table tbody tr", has_text="Nguyễn Văn Huy")
    row.first.wait_for()
    # Province B's "Đặng Văn Hòa" is out of scope and must not be listed.
    assert page.locator("table", has_text="Đặng Văn Hòa").count() == 0

    row.first.locator("a").first.click()
    page.wait_for_url(f"**/nhan-su/{live_world.person_a.pk}/")
    assert page.locator("h1", has_text="Nguyễn Văn Huy").count() == 1
    page.screenshot(path=str(ARTIFACTS / "person-search-and-detail.png"), full_page=True)
