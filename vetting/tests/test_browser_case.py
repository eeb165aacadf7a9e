"""Browser: a case walked from intake to conclusion by an officer and a leader of Hà Nội."""

import pytest

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification
from core.tests.browser import ARTIFACTS, page, sign_in  # noqa: F401 (fixture)
from vetting.models import VettingCase
from vetting.tests.factories import purpose

pytestmark = pytest.mark.browser


def _act(page, label):  # noqa: F811
    """Click an action of the case and save its form."""
    page.locator("#case-actions").get_by_text(label, exact=True).click()
    page.click("form button[type=submit]")
    page.wait_for_url("**/tham-dinh/*/")


def test_case_from_intake_to_conclusion(live_server, live_world, page):  # noqa: F811
    leader = make_user("leader_a", live_world.hn, Role.LEADER, Classification.MAT)
    server = live_server.url
    sign_in(page, server, "officer_a")
    page.goto(f"{server}/tham-dinh/them/?person={live_world.person_a.pk}")
    page.select_option("#id_purpose", str(purpose("BO_NHIEM").pk))
    page.fill("#id_position", "Phó Chánh Văn phòng Thành ủy")
    page.click("form button[type=submit]")
    page.wait_for_url("**/tham-dinh/*/")
    case = VettingCase.objects.get()
    detail = f"{server}/tham-dinh/{case.pk}/"
    _act(page, "Gửi đề nghị thẩm định")
    assert page.locator("#case-due").inner_text().strip() != "—"

    sign_in(page, server, "leader_a")
    page.goto(detail)
    page.locator("#case-actions").get_by_text("Phân công", exact=True).click()
    page.select_option("#id_officer", str(live_world.officer_a.pk))
    page.click("form button[type=submit]")
    page.wait_for_url(detail)

    sign_in(page, server, "officer_a")
    page.goto(detail)
    _act(page, "Bắt đầu thẩm tra, xác minh")
    page.get_by_text("Thêm thân nhân", exact=True).click()
    page.select_option("#id_relation", "CHA")
    page.fill("#id_full_name", "Nguyễn Văn Cường")
    page.fill("#id_birth_year", "1950")
    page.click("form button[type=submit]")
    page.wait_for_url(detail)
    page.get_by_text("Ghi nội dung xác minh", exact=True).last.click()
    page.select_option("#id_category", label="Lịch sử chính trị")
    page.fill("#id_summary", "Lý lịch rõ ràng, khai đúng sự thật.")
    page.click("form button[type=submit]")
    page.wait_for_url(detail)
    _act(page, "Chuyển thẩm định")
    page.locator("#case-actions").get_by_text("Đề xuất kết luận", exact=True).click()
    assert page.locator("#id_outcome").input_value() == ""  # nothing proposed by the software
    page.select_option("#id_outcome", "DU_TIEU_CHUAN")
    page.fill("#id_reasons", "Đủ tiêu chuẩn chính trị theo Quy định 58-QĐ/TW.")
    page.click("form button[type=submit]")
    page.wait_for_url(detail)

    sign_in(page, server, "leader_a")
    page.goto(detail)
    _act(page, "Kết luận")
    assert page.locator(".badge", has_text="Đã kết luận").count() == 1
    assert page.locator("#conclusions", has_text=leader.username).count() == 1
    assert page.locator("#timeline", has_text="Kết luận → Đã kết luận").count() == 1
    assert page.locator("#timeline li", has_text="Ghi nội dung xác minh").count() == 1
    page.screenshot(path=str(ARTIFACTS / "vetting-case-concluded.png"), full_page=True)
    case.refresh_from_db()
    assert case.status == "CONCLUDED" and case.recheck_on is not None
