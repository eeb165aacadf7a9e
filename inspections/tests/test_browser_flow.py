"""Browser: a leader takes an inspection from the decision to closed remediation, on the pages."""

from datetime import date

import pytest

from accounts.choices import Role
from accounts.tests.factories import PASSWORD, make_user
from core.choices import Classification
from core.tests.browser import ARTIFACTS, page  # noqa: F401 (fixture)
from inspections.choices import Status, TeamRole
from inspections.models import Inspection
from inspections.services import do_add_subject, do_add_team_member
from inspections.tests.factories import make_inspection

pytestmark = pytest.mark.browser
TODAY = date.today().strftime("%d/%m/%Y")  # noqa: DTZ011


def _document(tab, doc_type: str, number: str):
    tab.click("#act-document summary")
    tab.select_option("#act-document [name=doc_type]", doc_type)
    tab.fill("#act-document [name=number]", number)
    tab.fill("#act-document [name=issued_on]", TODAY)
    tab.fill("#act-document [name=title]", f"Văn bản {number}")
    tab.click("#act-document button[type=submit]")
    tab.locator("#documents", has_text=number).wait_for()


def _step(tab, target: str, label: str):
    tab.click("#act-transition summary")
    tab.select_option("#act-transition [name=target]", target)
    tab.fill("#act-transition [name=reason]", f"Bước {label}")
    tab.click("#act-transition button[type=submit]")
    tab.locator("#inspection-status", has_text=label).wait_for()


def test_leader_runs_an_inspection_from_decision_to_closed_remediation(live_server, live_world,
                                                                       page):  # noqa: F811
    world = live_world
    leader = make_user("leader_a", world.hn, Role.LEADER, Classification.MAT)
    inspection = make_inspection(leader, world.hn, title="Kiểm tra công tác BVCTNB phường Ba Đình")
    do_add_subject(actor=leader, inspection=inspection, data={"org_unit": world.hn_ward})
    do_add_subject(actor=leader, inspection=inspection, data={"person": world.person_a})
    do_add_team_member(actor=leader, inspection=inspection,
                       data={"user": leader, "role": TeamRole.TRUONG_DOAN})

    page.goto(f"{live_server.url}/kiem-tra/")
    page.fill("input[name=username]", "leader_a")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/kiem-tra/")
    page.click(f"text={inspection.title}")
    page.wait_for_url(f"**/kiem-tra/{inspection.pk}/")

    # The decision needs its document: the guard speaks first, in Vietnamese.
    page.click("#act-transition summary")
    page.select_option("#act-transition [name=target]", Status.DECIDED)
    page.click("#act-transition button[type=submit]")
    page.locator("#act-transition .alert-danger", has_text="Cần có văn bản").wait_for()

    _document(page, "QD", "25-QĐ/UBKTTU")
    _step(page, Status.DECIDED, "Đã có quyết định")
    _document(page, "KH", "26-KH/ĐKT")
    _document(page, "DC", "27-ĐC/ĐKT")
    _step(page, Status.ANNOUNCED, "Đã công bố quyết định")
    assert page.locator("#deadline").inner_text() != "—"
    _step(page, Status.SELF_REPORT, "Đối tượng tự kiểm tra")
    _document(page, "BC", "05-BC/ĐU")
    _step(page, Status.VERIFYING, "Thẩm tra, xác minh")
    _step(page, Status.DRAFT_REPORT, "Dự thảo báo cáo")

    # One conclusion per subject: the ward without violation, the member disciplined.
    for row, violation in ((0, "0"), (1, "1")):
        page.locator("#subjects tbody tr").nth(row).locator("a", has_text="Kết luận").click()
        page.select_option("[name=violation]", violation)
        page.fill("[name=findings]", "Hồ sơ lưu trữ chưa đầy đủ" if violation == "1" else "")
        if violation == "1":
            page.select_option("[name=recommended_discipline]", "KHIEN_TRACH")
            page.select_option("[name=applied_discipline]", "KHIEN_TRACH")
            page.fill("[name=discipline_decision]", "12-QĐ/UBKTTU")
            page.fill("[name=discipline_decided_on]", TODAY)
        page.click("button[type=submit]")
        page.wait_for_url(f"**/kiem-tra/{inspection.pk}/")
    assert page.locator("#subjects", has_text="Hồ sơ lưu trữ chưa đầy đủ").count() == 1

    _document(page, "KL", "30-KL/UBKTTU")
    _step(page, Status.CONCLUDED, "Đã kết luận")
    page.click("#act-remediation summary")
    page.fill("#act-remediation [name=content]", "Bổ sung hồ sơ đảng viên")
    page.fill("#act-remediation [name=owner_text]", "Đảng ủy phường Ba Đình")
    page.fill("#act-remediation [name=deadline]", "31/12/2099")
    page.click("#act-remediation button[type=submit]")
    page.locator("#remediation", has_text="Bổ sung hồ sơ đảng viên").wait_for()
    _step(page, Status.REMEDIATION, "Theo dõi khắc phục")

    page.click("#remediation a:has-text('Ghi hoàn thành')")
    page.fill("[name=done_note]", "Đã bổ sung đủ")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/kiem-tra/{inspection.pk}/")
    _step(page, Status.CLOSED, "Kết thúc")
    page.screenshot(path=str(ARTIFACTS / "inspection-decision-to-closed.png"), full_page=True)

    inspection.refresh_from_db()
    assert inspection.status == Status.CLOSED
    assert inspection.remediation_items.get().done_on == date.today()  # noqa: DTZ011
    assert page.locator("#timeline li").count() >= 10
    assert Inspection.objects.get(pk=inspection.pk).subjects.filter(
        conclusion__violation=True).count() == 1
