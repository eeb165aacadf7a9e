from django.urls import reverse

from accounts.tests.factories import make_user
from orgs.choices import OrgKind
from orgs.tests.factories import make_unit


def _tree(client, user, **params):
    client.force_login(user)
    return client.get(reverse("orgs:tree"), params)


def _children(client, unit, **params):
    return client.get(reverse("orgs:children", args=[unit.pk]), params, HTTP_HX_REQUEST="true")


def test_officer_sees_own_province_as_the_root(client, world):
    response = _tree(client, world.officer_a)
    assert [u.pk for u in response.context["roots"]] == [world.hn.pk]
    body = response.content.decode()
    assert "Thành phố Hà Nội" in body
    assert "Hải Phòng" not in body and "Trung ương" not in body


def test_national_admin_sees_the_centre_as_the_root(client, world):
    response = _tree(client, world.admin)
    assert [u.pk for u in response.context["roots"]] == [world.tw.pk]
    assert response.context["roots"][0].child_count == 2


def test_root_row_loads_its_children_with_htmx(client, world):
    body = _tree(client, world.officer_a).content.decode()
    assert f'hx-get="{reverse("orgs:children", args=[world.hn.pk])}"' in body


def test_children_partial_lists_direct_children_with_kind_and_count(client, world):
    client.force_login(world.officer_a)
    response = _children(client, world.hn)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert [u.pk for u in response.context["units"]] == [world.hn_ward.pk]
    assert response.context["units"][0].child_count == 1
    assert "Đảng ủy xã, phường, đặc khu" in body and "1 đơn vị trực thuộc" in body
    assert "Chi bộ khu phố 1" not in body


def test_plain_visit_of_the_children_partial_gets_the_unit_page(client, world):
    client.force_login(world.officer_a)
    response = client.get(reverse("orgs:children", args=[world.hn.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:detail", args=[world.hn.pk])


def test_children_of_other_province_are_404(client, world):
    client.force_login(world.officer_a)
    assert _children(client, world.hp).status_code == 404
    assert _children(client, world.tw).status_code == 404


def test_unit_only_scope_has_no_children_to_expand(client, world):
    user = make_user("cell_only", world.hn_ward, include_subunits=False)
    response = _tree(client, user)
    assert [u.pk for u in response.context["roots"]] == [world.hn_ward.pk]
    assert response.context["roots"][0].child_count == 0
    assert _children(client, world.hn_cell).status_code == 404


def test_merged_units_are_greyed_and_can_be_hidden(client, world, merged):
    old_hp, old_hd, _district = merged
    client.force_login(world.officer_b)
    shown = _children(client, world.hp)
    body = shown.content.decode()
    assert {old_hp.pk, old_hd.pk} <= {u.pk for u in shown.context["units"]}
    assert "đã sáp nhập" in body and "hoso-unit-merged" in body
    hidden = _children(client, world.hp, hide_merged="1")
    assert [u.pk for u in hidden.context["units"]] == [world.hp_ward.pk]
    assert "đã sáp nhập" not in hidden.content.decode()


def test_hiding_merged_units_also_drops_them_from_child_counts(client, world, merged):
    roots = _tree(client, world.officer_b, hide_merged="1").context["roots"]
    assert roots[0].child_count == 1
    roots = _tree(client, world.officer_b).context["roots"]
    assert roots[0].child_count == 3


def test_unit_search_folds_marks_and_stays_in_scope(client, world):
    response = _tree(client, world.officer_a, q="phuong ba dinh")
    assert [u.pk for u in response.context["results"]] == [world.hn_ward.pk]
    assert _tree(client, world.officer_a, q="ĐẢNG ỦY").context["results"][0] == world.hn_ward
    assert list(_tree(client, world.officer_a, q="Hồng Bàng").context["results"]) == []
    assert "Không tìm thấy đơn vị nào" in _tree(client, world.officer_a, q="hong bang").content.decode()


def test_search_does_not_name_the_parent_above_the_scope(client, world):
    body = _tree(client, world.officer_a, q="ha noi").content.decode()
    assert "Trung ương" not in body


def test_tree_queries_do_not_grow_with_the_tree(client, world, django_assert_num_queries):
    client.force_login(world.officer_a)
    client.get(reverse("orgs:tree"))
    with django_assert_num_queries(TREE_QUERIES):
        client.get(reverse("orgs:tree"))
    for i in range(5):
        make_unit(f"Đảng ủy phường số {i}", OrgKind.XA_PHUONG, world.hn)
    with django_assert_num_queries(TREE_QUERIES):
        client.get(reverse("orgs:tree"))
    with django_assert_num_queries(TREE_QUERIES + 1):
        client.get(reverse("orgs:tree"), {"q": "phuong"})
    with django_assert_num_queries(CHILDREN_QUERIES):
        _children(client, world.hn)


# Every signed-in page: session, user, 2FA device check, the footer's scope unit, and the
# session save (savepoint, update, release): 7. The tree adds its roots (search adds one more).
TREE_QUERIES = 8
CHILDREN_QUERIES = 9


def test_anonymous_is_sent_to_sign_in(client, world):
    for url in (reverse("orgs:tree"), reverse("orgs:children", args=[world.hn.pk]),
                reverse("orgs:detail", args=[world.hn.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
