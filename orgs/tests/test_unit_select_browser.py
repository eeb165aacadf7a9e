"""Browser: a national administrator finds a far-away unit by typing its name without marks,
picks it and saves; the person lands in that unit."""

import pytest

from core.tests.browser import ARTIFACTS, page, sign_in  # noqa: F401 (fixture)
from orgs.choices import OrgKind
from orgs.tests.factories import make_unit
from people.models import Person

pytestmark = pytest.mark.browser


def test_admin_searches_a_far_unit_and_saves_a_person_in_it(live_server, live_world, page,  # noqa: F811
                                                              settings):
    settings.HOSO_UNIT_SELECT_LIMIT = 3
    far = make_unit("Chi bộ thôn Xa Xôi", OrgKind.CHI_BO, live_world.hp_ward)
    server = live_server.url
    sign_in(page, server, "admin")
    page.goto(f"{server}/nhan-su/them/")
    options = page.locator("#id_org_unit option")
    assert options.filter(has_text="Xa Xôi").count() == 0  # not near: not listed at first
    page.fill("input[name=org_unit__tim]", "xa xoi")
    options.filter(has_text="Xa Xôi").first.wait_for(state="attached", timeout=15_000)
    page.screenshot(path=str(ARTIFACTS / "unit-select-search.png"), full_page=True)
    page.select_option("#id_org_unit", str(far.pk))
    page.fill("#id_full_name", "Phạm Thị Xa")
    page.fill("#id_birth_year", "1985")
    page.select_option("#id_sex", "NU")
    page.click("form button[type=submit]")
    page.wait_for_url("**/nhan-su/*/")
    assert Person.objects.get(full_name="Phạm Thị Xa").org_unit_id == far.pk
