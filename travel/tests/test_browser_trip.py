"""Browser: a trip walked from the request to the closed report by an officer and a leader."""

import pytest

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification
from core.tests.browser import page, sign_in  # noqa: F401 (fixture)
from travel.models import Trip

pytestmark = pytest.mark.browser


def _act(page, detail, label, text=""):  # noqa: F811
    """Click an action of the trip, fill its text if any, and confirm."""
    page.locator("#trip-actions").get_by_text(label, exact=True).click()
    if text:
        page.fill("#id_text", text)
    page.click("form button[type=submit]")
    page.wait_for_url(detail)


def test_trip_from_request_to_closed_report(live_server, live_world, page):  # noqa: F811
    make_user("leader_a", live_world.hn, Role.LEADER, Classification.MAT)
    server = live_server.url
    sign_in(page, server, "officer_a")
    page.goto(f"{server}/di-nuoc-ngoai/them/")
    page.fill("#id_title", "Đoàn học tập kinh nghiệm tại Lào")
    page.select_option("#id_org_unit", str(live_world.hn.pk))
    page.select_option("#id_purpose", "CONG_TAC")
    page.select_option("#id_funding", "NGAN_SACH")
    page.select_option("#id_countries", ["LA"])
    page.fill("#id_planned_departure_on", "02/03/2026")
    page.fill("#id_planned_return_on", "09/03/2026")
    page.fill("#id_leader", str(live_world.person_a.pk))
    page.select_option("#id_management_level", "TINH")
    page.click("form button[type=submit]")
    page.wait_for_url("**/di-nuoc-ngoai/*/")
    trip = Trip.objects.get()
    detail = f"{server}/di-nuoc-ngoai/{trip.pk}/"
    _act(page, detail, "Gửi chi bộ xem xét")
    _act(page, detail, "Trình cấp ủy có thẩm quyền")
    assert page.locator("#trip-status").inner_text() == "Đã trình cấp có thẩm quyền"

    sign_in(page, server, "leader_a")
    page.goto(detail)
    page.get_by_text("Ghi ý kiến", exact=True).click()
    page.select_option("#id_decision", "APPROVED")
    page.fill("#id_document_number", "125-CV/TU")
    page.click("form button[type=submit]")
    page.wait_for_url(detail)
    assert page.locator("#trip-status").inner_text() == "Đã đồng ý"

    sign_in(page, server, "officer_a")
    page.goto(detail)
    _act(page, detail, "Ghi ngày xuất cảnh")
    _act(page, detail, "Ghi ngày về nước")
    assert page.locator("#report-due").inner_text().strip()
    page.locator("#trip-actions").get_by_text("Ghi nộp lại hộ chiếu", exact=True).click()
    page.click("form button[type=submit]")
    page.wait_for_url(detail)
    _act(page, detail, "Ghi nhận báo cáo sau chuyến đi", "Đoàn làm việc đúng chương trình.")

    sign_in(page, server, "leader_a")
    page.goto(detail)
    _act(page, detail, "Xem xét báo cáo", "Báo cáo đạt yêu cầu.")
    _act(page, detail, "Kết thúc hồ sơ chuyến đi")
    assert page.locator("#trip-status").inner_text() == "Kết thúc"
    assert page.locator("#timeline", has_text="Các cấp ủy đồng ý → Đã đồng ý").count() == 1
    trip.refresh_from_db()
    assert trip.passport_returned_on and trip.reported_on and trip.reviewed_on
