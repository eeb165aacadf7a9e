"""Browser: an officer of Hà Nội enters a catalogue, assigns a holder without a conclusion
(the page warns, the override needs a reason) and finds the holder on the compliance list."""

import pytest

from core.tests.browser import page, sign_in  # noqa: F401 (fixture)
from positions.models import Catalogue, Holding

pytestmark = pytest.mark.browser


def test_catalogue_assign_with_override_and_compliance(live_server, live_world, page):  # noqa: F811
    server = live_server.url
    sign_in(page, server, "officer_a")

    page.goto(f"{server}/vi-tri/them/")
    page.select_option("#id_org_unit", str(live_world.hn.pk))
    page.fill("#id_decision_number", "21-QĐ/TU")
    page.fill("#id_decided_on", "02/01/2025")
    page.fill("#id_valid_from", "02/01/2025")
    page.fill("#id_positions", "Văn phòng | Cán bộ văn thư, lưu trữ mật | cơ mật")
    page.click("form button[type=submit]")
    page.wait_for_url("**/vi-tri/*/")
    position = Catalogue.objects.get().positions.get()

    page.goto(f"{server}/vi-tri/vi-tri/{position.pk}/bo-tri/")
    page.fill("#id_person", str(live_world.person_a.pk))
    page.fill("#id_started_on", "01/03/2025")
    page.click("form button[type=submit]")
    assert page.get_by_text("Chưa có kết luận thẩm định").first.is_visible()
    page.check("#id_override")
    page.fill("#id_override_reason", "Bố trí tạm thời chờ kết luận thẩm định")
    page.click("form button[type=submit]")
    page.wait_for_url(f"**/vi-tri/vi-tri/{position.pk}/")
    assert Holding.objects.get().override_by == live_world.officer_a

    page.goto(f"{server}/vi-tri/doi-chieu/")
    assert page.get_by_text(live_world.person_a.full_name).first.is_visible()
