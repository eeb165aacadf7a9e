"""REST API for the org tree: only the caller's subtree, out-of-scope units are 404."""

import pytest

from core.tests.api_client import call


def names(response) -> set[str]:
    return {row["name"] for row in response.json()["results"]}


def test_list_shows_the_callers_subtree_only(client, world):
    response = call(client, "GET", "/orgs", world.officer_a)
    assert response.status_code == 200
    assert names(response) == {"Thành phố Hà Nội", "Đảng ủy phường Ba Đình", "Chi bộ khu phố 1"}
    assert response.json()["count"] == 3


def test_list_filters_by_parent_and_folded_name(client, world):
    by_parent = call(client, "GET", f"/orgs?parent={world.hn.pk}", world.officer_a)
    assert names(by_parent) == {"Đảng ủy phường Ba Đình"}
    by_name = call(client, "GET", "/orgs?q=ba dinh", world.officer_a)
    assert names(by_name) == {"Đảng ủy phường Ba Đình"}


def test_parent_of_other_province_is_404(client, world):
    response = call(client, "GET", f"/orgs?parent={world.hp.pk}", world.officer_a)
    assert response.status_code == 404


def test_detail_stops_ancestors_at_the_scope_root(client, world):
    body = call(client, "GET", f"/orgs/{world.hn_cell.pk}", world.officer_a).json()
    assert [a["name"] for a in body["ancestors"]] == ["Thành phố Hà Nội", "Đảng ủy phường Ba Đình"]
    assert body["children_count"] == 0 and body["parent_id"] == world.hn_ward.pk
    root = call(client, "GET", f"/orgs/{world.hn.pk}", world.officer_a).json()
    assert root["parent_id"] is None and root["ancestors"] == []


def test_officer_cannot_open_unit_of_other_province(client, world):
    for path in (f"/orgs/{world.hp_cell.pk}", f"/orgs/{world.hp.pk}/children"):
        response = call(client, "GET", path, world.officer_a)
        assert response.status_code == 404
        assert "Hải Phòng" not in response.content.decode()


def test_children_lists_direct_children(client, world):
    response = call(client, "GET", f"/orgs/{world.hn_ward.pk}/children", world.officer_a)
    assert names(response) == {"Chi bộ khu phố 1"}


@pytest.mark.parametrize("forged", ["0", "abc", "99999999999999999999999"])
def test_forged_unit_ids_are_404(client, world, forged):
    assert call(client, "GET", f"/orgs/{forged}", world.officer_a).status_code == 404


def test_page_below_one_is_400(client, world):
    response = call(client, "GET", "/orgs?page=0", world.officer_a)
    assert response.status_code == 400 and "page" in response.json()["errors"]
