from django.urls import reverse

from orgs.choices import OrgKind
from orgs.tests.factories import make_unit
from people.tests.factories import make_person

# 7 for every signed-in page (see test_tree) + unit, ancestors, predecessors, successors,
# children; + the people counts when not cached (core.counting): the subtree's unit ids, the
# unit's own people, the subtree's people.
DETAIL_QUERIES_CACHED = 12
DETAIL_QUERIES = DETAIL_QUERIES_CACHED + 3


def _detail(client, user, unit):
    client.force_login(user)
    return client.get(reverse("orgs:detail", args=[unit.pk]))


def test_detail_shows_name_code_kind_and_people_link(client, world):
    response = _detail(client, world.officer_a, world.hn_ward)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đảng ủy phường Ba Đình" in body and world.hn_ward.code in body
    assert "Đảng ủy xã, phường, đặc khu" in body
    assert f'{reverse("people:list")}?unit={world.hn_ward.pk}' in body


def test_detail_of_other_province_is_404(client, world):
    assert _detail(client, world.officer_a, world.hp).status_code == 404
    assert _detail(client, world.officer_a, world.hp_cell).status_code == 404
    assert _detail(client, world.officer_b, world.hn_cell).status_code == 404


def test_unknown_unit_is_404(client, world):
    client.force_login(world.admin)
    assert client.get(reverse("orgs:detail", args=[999_999])).status_code == 404


def test_breadcrumb_stops_at_the_scope_root(client, world):
    response = _detail(client, world.officer_a, world.hn_cell)
    assert [u.pk for u in response.context["ancestors"]] == [world.hn.pk, world.hn_ward.pk]
    assert "Trung ương" not in response.content.decode()


def test_admin_breadcrumb_starts_at_the_centre(client, world):
    response = _detail(client, world.admin, world.hn_cell)
    assert [u.pk for u in response.context["ancestors"]] == [
        world.tw.pk, world.hn.pk, world.hn_ward.pk]


def test_merged_province_shows_its_predecessors(client, world, merged):
    response = _detail(client, world.officer_b, world.hp)
    body = response.content.decode()
    assert "Tiền thân" in body
    assert [u.name for u in response.context["predecessors"]] == ["Hải Phòng (cũ)",
                                                                  "Hải Dương (cũ)"]


def test_former_unit_shows_its_successor_and_end_date(client, world, merged):
    _old_hp, old_hd, _district = merged
    response = _detail(client, world.officer_b, old_hd)
    body = response.content.decode()
    assert [u.pk for u in response.context["successors"]] == [world.hp.pk]
    assert "Sáp nhập vào" in body and "30/06/2025" in body and "đã sáp nhập" in body


def test_predecessors_outside_scope_are_not_named(client, world):
    gone = make_unit("Tỉnh Hà Tây (cũ)", OrgKind.TINH_THANH, world.tw)
    successor = make_unit("Đảng ủy phường Hà Đông", OrgKind.XA_PHUONG, world.hn,
                          predecessors=[gone])
    response = _detail(client, world.officer_a, successor)
    assert response.context["predecessors"] == []
    assert "Hà Tây" not in response.content.decode()
    assert [u.pk for u in _detail(client, world.admin, successor).context["predecessors"]] == [
        gone.pk]


def test_people_counts_follow_scope_and_clearance(client, world):
    people = _detail(client, world.officer_a, world.hn).context["people"]
    assert people == {"direct": 0, "subtree": 2}
    people = _detail(client, world.viewer_a, world.hn_cell).context["people"]
    assert people == {"direct": 1, "subtree": 1}


def test_people_counts_are_the_same_when_the_subtree_is_too_big_to_list(client, world,
                                                                          monkeypatch):
    monkeypatch.setattr("people.models.LISTED_SUBTREE_UNITS", 0)  # the path-prefix join instead
    assert _detail(client, world.officer_a, world.hn).context["people"] == {
        "direct": 0, "subtree": 2}
    assert _detail(client, world.admin, world.tw).context["people"] == {
        "direct": 0, "subtree": 4}


def test_unit_page_counts_are_not_shared_across_clearances(client, world):
    assert _detail(client, world.officer_a, world.hn_cell).context["people"]["direct"] == 2
    response = _detail(client, world.viewer_a, world.hn_cell)
    assert response.context["people"] == {"direct": 1, "subtree": 1}
    assert "Số liệu cập nhật lúc" in response.content.decode()


def test_detail_queries_do_not_grow_with_the_unit(client, world, django_assert_num_queries):
    _detail(client, world.officer_a, world.hn_ward)  # the counts are now cached
    with django_assert_num_queries(DETAIL_QUERIES_CACHED):
        client.get(reverse("orgs:detail", args=[world.hn_ward.pk]))
    for i in range(4):  # these writes make the cached counts stale: they are counted again
        cell = make_unit(f"Chi bộ số {i}", OrgKind.CHI_BO, world.hn_ward)
        make_person(world.admin, cell, f"Phạm Văn Số {i}")
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(reverse("orgs:detail", args=[world.hn_ward.pk]))
