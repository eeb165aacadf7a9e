"""Choosing a unit at national scale: short lists near the record, a search that fills them
(orgs.widgets.UnitSelect and the orgs:choose view), and any unit of the scope still accepted."""

import re

import pytest
from django.urls import reverse

from orgs.choices import OrgKind
from orgs.tests.factories import make_unit

CHOOSE = "/to-chuc/chon/"


def _choose(client, user, **params):
    client.force_login(user)
    return client.get(reverse("orgs:choose"), {"field": "org_unit", **params},
                      HTTP_HX_REQUEST="true")


def test_search_finds_units_of_the_scope_typed_without_marks(client, world):
    body = _choose(client, world.officer_a, org_unit__tim="ba dinh").content.decode()
    assert f'<option value="{world.hn_ward.pk}"' in body and "Đảng ủy phường Ba Đình" in body
    assert "Thành phố Hà Nội" in body  # the parent tells two units of the same name apart


def test_search_never_finds_a_unit_of_another_province(client, world):
    response = _choose(client, world.officer_a, org_unit__tim="hồng bàng")
    body = response.content.decode()
    assert response.status_code == 200
    assert str(world.hp_ward.pk) not in body and "Hồng Bàng" not in body
    assert "Không tìm thấy đơn vị nào" in body


def test_the_unit_chosen_now_stays_first_and_selected(client, world):
    body = _choose(client, world.officer_a, org_unit__tim="chi bo",
                   org_unit=world.hn_ward.pk, blank="1").content.decode()
    options = body.split("<option")[1:]
    assert options[0].startswith(' value=""')  # the empty choice, as in the list
    assert options[1].startswith(f' value="{world.hn_ward.pk}" selected')
    assert f'value="{world.hn_cell.pk}"' in options[2]


def test_a_forged_chosen_id_is_ignored(client, world):
    for forged in (world.hp_ward.pk, "99999999999999999999", "1 OR 1=1"):
        response = _choose(client, world.officer_a, org_unit__tim="phuong", org_unit=forged)
        assert response.status_code == 200
        assert "Hồng Bàng" not in response.content.decode()


def test_search_keeps_to_the_kind_the_field_takes(client, world):
    body = _choose(client, world.admin, org_unit__tim="khu pho",
                   kind=OrgKind.CHI_BO).content.decode()
    assert str(world.hn_cell.pk) in body and str(world.hp_cell.pk) in body
    body = _choose(client, world.admin, org_unit__tim="phuong",
                   kind=OrgKind.CHI_BO).content.decode()
    assert "Ba Đình" not in body


def test_an_empty_search_leaves_the_list_as_it_is(client, world):
    assert _choose(client, world.officer_a, org_unit__tim="  ").status_code == 204


def test_search_needs_a_signed_in_user(client, world):
    response = client.get(CHOOSE, {"field": "org_unit", "org_unit__tim": "ba dinh"})
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def _listed(body: str, name: str = "org_unit") -> set[int]:
    """The unit ids offered by the <select> of the field ``name`` on a page."""
    select = re.search(rf'<select name="{name}".*?</select>', body, re.S).group(0)
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select)}


# Every form that picks a unit: the page of a national administrator, with the limit lowered.
CREATE_PAGES = ["people:create", "vetting:create", "travel:create", "coordination:create",
                "positions:catalogue_create", "documents:create",
                "inspections:programme_create"]


@pytest.mark.parametrize("page", CREATE_PAGES)
def test_large_scope_forms_list_units_near_the_user_and_offer_the_search(client, world,
                                                                         settings, page):
    settings.HOSO_UNIT_SELECT_LIMIT = 3
    far = make_unit("Chi bộ thôn Xa Xôi", OrgKind.CHI_BO, world.hp_ward)
    client.force_login(world.admin)
    body = client.get(reverse(page)).content.decode()
    assert f'hx-get="{CHOOSE}"' in body
    listed = _listed(body)
    assert far.pk not in listed and world.hp_cell.pk not in listed and "Xa Xôi" not in body
    assert {world.hn.pk, world.hp.pk} <= listed  # the units under the admin's own unit


@pytest.mark.parametrize("page", CREATE_PAGES)
def test_small_scope_forms_keep_the_plain_list(client, world, page):
    client.force_login(world.admin)
    body = client.get(reverse(page)).content.decode()
    assert f'hx-get="{CHOOSE}"' not in body
    assert world.hp_ward.pk in _listed(body)


def test_admission_form_searches_party_cells_only(client, world, settings):
    settings.HOSO_UNIT_SELECT_LIMIT = 1
    client.force_login(world.admin)
    body = client.get(reverse("admission:create")).content.decode()
    assert f'hx-get="{CHOOSE}"' in body and '"kind": "CHI_BO"' in body


def test_a_posted_form_is_checked_without_listing_the_units(world, settings):
    """The API and every save validate the unit against the queryset only: the list of units is
    read when the form is drawn, never when it is only checked."""
    from people.forms import PersonForm

    settings.HOSO_UNIT_SELECT_LIMIT = 3
    form = PersonForm({"full_name": "Lê Thị Lan", "sex": "NU", "party_status": "QUAN_CHUNG",
                       "classification": 0, "org_unit": world.hp_cell.pk}, user=world.admin)
    assert form.is_valid(), form.errors
    assert list(form.fields["org_unit"].widget.choices) == []
