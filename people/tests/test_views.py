"""People pages: list and live search, the record (need-to-know for classified), create, edit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.choices import Classification
from core.need_to_know import SESSION_KEY as READ_REASONS_KEY
from people.models import Person
from people.tests.factories import make_person

LIST = reverse("people:list")
REASON = "Thẩm định hồ sơ quy hoạch năm 2026"


def detail_url(person) -> str:
    return reverse("people:detail", kwargs={"person_id": person.pk})


def edit_url(person) -> str:
    return reverse("people:edit", kwargs={"person_id": person.pk})


def signed_in(client, user):
    client.force_login(user)
    return client


def listed_names(response) -> list[str]:
    return [person.full_name for person in response.context["people"]]


def reads_of(person):
    return AuditEvent.objects.filter(
        action=AuditAction.READ, target_type="people.person", target_id=str(person.pk)
    )


def form_data(person, **changes) -> dict:
    """What the edit form posts for ``person`` unchanged, with ``changes`` applied."""
    data = {
        "full_name": person.full_name,
        "sex": person.sex,
        "cccd": person.cccd,
        "birth_day": person.birth_day or "",
        "birth_month": person.birth_month or "",
        "birth_year": person.birth_year or "",
        "party_status": person.party_status,
        "org_unit": person.org_unit_id,
        "classification": person.classification,
        "version": person.version,
        "party_card_number": "",
        "hometown": "",
        "post": "",
        "hometown_former": "",
        "birthplace": "",
        "birthplace_former": "",
        "party_admitted_on": "",
        "party_official_on": "",
    }
    data.update(changes)
    return data


# --- list ------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_officer_lists_only_people_of_own_province(client, world):
    response = signed_in(client, world.officer_a).get(LIST)
    assert response.status_code == 200
    names = listed_names(response)
    assert {"Nguyễn Văn Huy", "Trần Thị Thuỷ"} <= set(names)
    assert "Đặng Văn Hòa" not in names
    assert "Lê Văn Tám" not in names  # Tối mật, above officer_a's clearance
    assert "Đặng Văn Hòa" not in response.content.decode()


def test_viewer_neither_sees_nor_counts_classified_person(client, world):
    response = signed_in(client, world.viewer_a).get(LIST)
    assert listed_names(response) == ["Nguyễn Văn Huy"]
    assert response.context["page"]["has_next"] is False
    html = response.content.decode()
    assert "Trang sau" not in html
    assert "Trần Thị Thuỷ" not in html


def test_list_is_ordered_by_folded_name(client, world):
    make_person(world.admin, world.hn_cell, "Đỗ Thị Bình")
    response = signed_in(client, world.officer_a).get(LIST)
    names = listed_names(response)
    assert names == sorted(names, key=lambda n: Person.objects.get(full_name=n).name_folded)
    assert names[0] == "Đỗ Thị Bình"  # "do thi binh": đ folds to d


def test_list_pages_by_fifty_with_constant_query_count(client, world):
    signed_in(client, world.officer_a)
    client.get(LIST)  # warm-up: session, content types
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for i in range(55):
        make_person(
            world.admin, world.hn_cell, f"Phạm Văn Thử {chr(65 + i % 26)}{chr(65 + i // 26)}"
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(few) <= 10, [q["sql"] for q in few.captured_queries]
    assert len(response.context["people"]) == 50
    # No COUNT(*): the 51st row says a next page exists (55 + person_a + person_a_secret = 57).
    assert response.context["page"]["has_next"] is True
    last_on_first = response.context["people"][-1]
    second = client.get(LIST, {"after": response.context["page"]["next_after"]})
    assert len(second.context["people"]) == 7
    assert second.context["page"]["has_next"] is False
    assert second.context["page"]["has_previous"] is True
    back = client.get(LIST, {"before": second.context["page"]["previous_before"]})
    assert back.context["people"] == response.context["people"]
    assert back.context["people"][-1] == last_on_first


def _counts(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_unit_filter_on_the_scope_root_reads_like_the_plain_list(client, world, monkeypatch):
    monkeypatch.setattr("people.views.SORTED_SCOPE_PEOPLE", -1)  # the name walk, as a province
    signed_in(client, world.officer_a)
    with CaptureQueriesContext(connection) as plain:
        listed = listed_names(client.get(LIST))
    with CaptureQueriesContext(connection) as root:
        assert listed_names(client.get(LIST, {"unit": world.officer_a.org_unit_id})) == listed
    people_sql = [[q["sql"] for q in queries.captured_queries if "people_person" in q["sql"]
                   and "COUNT(" not in q["sql"]] for queries in (plain, root)]
    assert people_sql[0] == people_sql[1]


@pytest.mark.parametrize("params", [{}, {"q": "nguyen van huy"}], ids=["list", "search"])
def test_list_and_search_remember_the_size_of_the_scope(client, world, params):
    signed_in(client, world.officer_a)
    with CaptureQueriesContext(connection) as first:
        client.get(LIST, params)
    with CaptureQueriesContext(connection) as second:
        response = client.get(LIST, params)
    # The size only picks how the scope is read: counted once, then remembered a while.
    assert len(_counts(first)) == 1 and _counts(second) == []
    assert "Nguyễn Văn Huy" in listed_names(response)


@pytest.mark.parametrize("sorted_scope_people", [0, 20000], ids=["name-walk", "unit-list"])
def test_list_pages_forward_and_back_the_same_on_both_plans(client, world, monkeypatch,
                                                             sorted_scope_people):
    monkeypatch.setattr("people.views.SORTED_SCOPE_PEOPLE", sorted_scope_people)
    monkeypatch.setattr("people.views.PAGE_SIZE", 2)
    for name in ("An", "Bình", "Cường", "Dũng"):
        make_person(world.admin, world.hn_cell, f"Nguyễn Văn {name}")
    signed_in(client, world.officer_a)
    seen, after, pages = [], None, []
    while True:
        response = client.get(LIST, {"after": after} if after else {})
        pages.append(listed_names(response))
        seen += pages[-1]
        if not response.context["page"]["has_next"]:
            break
        after = response.context["page"]["next_after"]
    expected = sorted(Person.objects.visible_to(world.officer_a), key=lambda p: (p.name_folded, p.pk))
    assert seen == [p.full_name for p in expected]  # 6 people, none twice, none above clearance
    back = client.get(LIST, {"before": response.context["page"]["previous_before"]})
    assert listed_names(back) == pages[-2]


def test_list_cursor_out_of_scope_gives_the_first_page(client, world):
    signed_in(client, world.officer_a)
    first = listed_names(client.get(LIST))
    for key in ("after", "before"):
        response = client.get(LIST, {key: world.person_b.pk})  # a Hải Phòng person
        assert listed_names(response) == first
        assert response.context["page"]["has_previous"] is False
    response = client.get(LIST, {"after": world.person_a_top.pk})  # above clearance
    assert listed_names(response) == first


@pytest.mark.parametrize("value", ["²", "9" * 30, "-1", "abc", "", "1.5", "٣"])
def test_list_odd_cursor_gives_the_first_page(client, world, value):
    signed_in(client, world.officer_a)
    first = listed_names(client.get(LIST))
    for key in ("after", "before"):
        response = client.get(LIST, {key: value})
        assert response.status_code == 200
        assert listed_names(response) == first


def test_unit_filter_keeps_the_unit_subtree(client, world):
    response = signed_in(client, world.admin).get(LIST, {"unit": world.hp.pk})
    assert listed_names(response) == ["Đặng Văn Hòa"]
    assert response.context["unit"] == world.hp


@pytest.mark.parametrize("unit", ["hp", "forged", "text"])
def test_officer_cannot_filter_by_unit_outside_scope(client, world, unit):
    value = {"hp": world.hp.pk, "forged": 987654, "text": "abc"}[unit]
    response = signed_in(client, world.officer_a).get(LIST, {"unit": value})
    assert response.status_code == 404


def test_search_finds_person_typed_without_diacritics_in_scope_only(client, world):
    signed_in(client, world.officer_a)
    assert "Nguyễn Văn Huy" in listed_names(client.get(LIST, {"q": "nguyen van huy"}))
    assert listed_names(client.get(LIST, {"q": "dang van hoa"})) == []


def test_search_hides_classified_person_from_viewer(client, world):
    response = signed_in(client, world.viewer_a).get(LIST, {"q": "tran thi thuy"})
    assert listed_names(response) == []
    assert "Trần Thị Thuỷ" not in response.content.decode()


def test_search_query_count_does_not_grow_with_matches(client, world):
    signed_in(client, world.officer_a)
    client.get(LIST, {"q": "nguyen van huy"})
    with CaptureQueriesContext(connection) as few:
        one = client.get(LIST, {"q": "nguyen van huy"})
    for unit in (world.hn_cell, world.hn_ward, world.hn):
        for _ in range(4):
            make_person(world.admin, unit, "Nguyễn Văn Huy")
    with CaptureQueriesContext(connection) as many:
        thirteen = client.get(LIST, {"q": "nguyen van huy"})
    assert len(listed_names(one)) == 1
    assert len(listed_names(thirteen)) == 13
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_live_search_answers_htmx_with_the_results_fragment(client, world):
    response = signed_in(client, world.officer_a).get(
        LIST, {"q": "nguyen van huy"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<table" in html
    assert "Nguyễn Văn Huy" in html
    assert "HX-Request" in response["Vary"]
    full = client.get(LIST, {"q": "nguyen van huy"}).content.decode()
    assert "<html" in full and 'hx-target="#people-results"' in full


def test_corrected_search_asks_did_you_mean(client, world):
    response = signed_in(client, world.officer_a).get(LIST, {"q": "nguyen van hui"})
    assert listed_names(response) == ["Nguyễn Văn Huy"]
    assert "Có phải bạn tìm: nguyen van huy?" in response.content.decode()


def test_exact_search_does_not_ask_did_you_mean(client, world):
    response = signed_in(client, world.officer_a).get(LIST, {"q": "nguyen van huy"})
    assert "Có phải bạn tìm" not in response.content.decode()


def test_birth_date_shows_unknown_parts(client, world):
    make_person(
        world.admin, world.hn_cell, "Hoàng Văn Đủ", birth_day=5, birth_month=3, birth_year=1975
    )
    html = signed_in(client, world.officer_a).get(LIST).content.decode()
    assert "05/03/1975" in html
    assert "../../1980" in html  # person_a: year only


# --- detail ----------------------------------------------------------------------------------


def test_officer_opens_person_of_own_province_without_read_event(client, world):
    response = signed_in(client, world.officer_a).get(detail_url(world.person_a))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and "Nguyễn Văn Huy" in html
    cccd = world.person_a.cccd
    assert cccd[-4:] in html
    assert "Thành phố Hà Nội" in html and "Chi bộ khu phố 1" in html  # breadcrumb
    assert "Trung ương" not in html  # above the officer's scope
    assert not reads_of(world.person_a).exists()


def test_officer_cannot_open_person_of_other_province(client, world):
    assert signed_in(client, world.officer_a).get(detail_url(world.person_b)).status_code == 404


@pytest.mark.parametrize(
    ("user", "person"), [("viewer_a", "person_a_secret"), ("officer_a", "person_a_top")]
)
def test_user_cannot_open_person_above_clearance(client, world, user, person):
    response = signed_in(client, getattr(world, user)).get(detail_url(getattr(world, person)))
    assert response.status_code == 404


def test_classified_person_asks_reason_before_showing(client, world):
    response = signed_in(client, world.officer_a).get(detail_url(world.person_a_secret))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lý do xem hồ sơ" in html
    assert "Trần Thị Thuỷ" not in html
    assert world.person_a_secret.cccd[-4:] not in html
    assert not reads_of(world.person_a_secret).exists()


def test_classified_person_refuses_short_reason(client, world):
    url = detail_url(world.person_a_secret)
    response = signed_in(client, world.officer_a).post(url, {"ntk-reason": "xem thử"})
    assert response.status_code == 200
    assert "ít nhất 10 ký tự" in response.content.decode()
    assert "Trần Thị Thuỷ" not in response.content.decode()
    assert not reads_of(world.person_a_secret).exists()
    assert READ_REASONS_KEY not in client.session


def test_classified_person_shown_after_reason_with_one_read_event(client, world):
    url = detail_url(world.person_a_secret)
    response = signed_in(client, world.officer_a).post(url, {"ntk-reason": REASON}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert "Trần Thị Thuỷ" in response.content.decode()
    event = reads_of(world.person_a_secret).get()
    assert (event.reason, event.actor, event.classification) == (
        REASON,
        world.officer_a,
        Classification.MAT,
    )


def test_classified_person_logs_every_later_view_with_remembered_reason(client, world):
    url = detail_url(world.person_a_secret)
    signed_in(client, world.officer_a).post(url, {"ntk-reason": REASON}, follow=True)
    response = client.get(url)
    assert "Trần Thị Thuỷ" in response.content.decode()
    assert list(reads_of(world.person_a_secret).values_list("reason", flat=True)) == [REASON] * 2


def test_reason_opens_only_the_person_it_was_given_for(client, world):
    other = make_person(world.admin, world.hn_cell, "Vũ Thị Mai", classification=Classification.MAT)
    signed_in(client, world.officer_a).post(detail_url(world.person_a_secret), {"ntk-reason": REASON})
    response = client.get(detail_url(other))
    assert "Vũ Thị Mai" not in response.content.decode()
    assert not reads_of(other).exists()


def test_new_session_asks_reason_again(client, world):
    url = detail_url(world.person_a_secret)
    signed_in(client, world.officer_a).post(url, {"ntk-reason": REASON})
    client.logout()
    response = signed_in(client, world.officer_a).get(url)
    assert "Trần Thị Thuỷ" not in response.content.decode()


def test_detail_shows_change_history(client, world):
    signed_in(client, world.officer_a).post(
        edit_url(world.person_a),
        form_data(world.person_a, post="Bí thư chi bộ", change_reason="Cập nhật chức vụ mới"),
    )
    html = client.get(detail_url(world.person_a)).content.decode()
    assert "Lịch sử thay đổi" in html
    assert "Cập nhật chức vụ mới" in html and "Chức vụ" in html


# --- create / edit ---------------------------------------------------------------------------


def test_officer_creates_person_with_create_event(client, world):
    data = form_data(
        world.person_a,
        full_name="Bùi Thị Lan",
        sex="NU",
        cccd="001190000777",
        birth_day=2,
        birth_month=9,
        birth_year=1990,
        version="",
    )
    response = signed_in(client, world.officer_a).post(reverse("people:create"), data)
    person = Person.objects.get(full_name="Bùi Thị Lan")
    assert response.status_code == 302
    assert response["Location"] == detail_url(person)
    assert (person.cccd, person.birth_display, person.org_unit) == (
        "001190000777",
        "02/09/1990",
        world.hn_cell,
    )
    event = AuditEvent.objects.get(
        action=AuditAction.CREATE, target_type="people.person", target_id=str(person.pk)
    )
    assert event.actor == world.officer_a


def test_create_form_renders_for_officer(client, world):
    response = signed_in(client, world.officer_a).get(reverse("people:create"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="full_name"' in html and "Chi bộ khu phố 1" in html
    assert "Chi bộ khu phố 2" not in html  # province B's unit is not offered


def test_officer_edits_person_with_reason_in_audit(client, world):
    data = form_data(world.person_a, post="Bí thư chi bộ", change_reason="Bầu bí thư mới")
    response = signed_in(client, world.officer_a).post(edit_url(world.person_a), data)
    assert response.status_code == 302
    person = Person.objects.get(pk=world.person_a.pk)
    assert (person.post, person.version) == ("Bí thư chi bộ", 2)
    event = AuditEvent.objects.get(
        action=AuditAction.UPDATE, target_type="people.person", target_id=str(person.pk)
    )
    assert event.reason == "Bầu bí thư mới"
    assert (event.before["post"], event.after["post"]) == ("", "Bí thư chi bộ")


def test_edit_form_shows_current_values_and_version(client, world):
    response = signed_in(client, world.officer_a).get(edit_url(world.person_a))
    html = response.content.decode()
    assert 'value="Nguyễn Văn Huy"' in html
    assert 'name="version" value="1"' in html
    assert world.person_a.cccd in html


# Session, user, two-factor devices, scope unit, the person, the unit list (one query, however
# many units), the session's save (SAVEPOINT, UPDATE, RELEASE inside the test's transaction).
EDIT_FORM_QUERIES = 9


def test_edit_form_lists_the_units_in_one_query(client, world, django_assert_num_queries):
    signed_in(client, world.officer_a)
    client.get(edit_url(world.person_a))  # warm-up: content types
    with django_assert_num_queries(EDIT_FORM_QUERIES):
        response = client.get(edit_url(world.person_a))
    html = response.content.decode()
    assert f'<option value="{world.person_a.org_unit_id}" selected>' in html
    assert f'<option value="{world.hp_cell.pk}"' not in html  # another province's unit


def test_edit_of_classified_person_asks_reason_first(client, world):
    url = edit_url(world.person_a_secret)
    response = signed_in(client, world.officer_a).get(url)
    assert response.status_code == 302
    assert response["Location"] == detail_url(world.person_a_secret) + "?next=edit"
    response = client.post(detail_url(world.person_a_secret), {"ntk-reason": REASON, "next": "edit"})
    assert response["Location"] == url
    assert "Trần Thị Thuỷ" in client.get(url).content.decode()
    assert reads_of(world.person_a_secret).count() == 1  # the edit form is a read too


@pytest.mark.parametrize("user", ["viewer_a", "auditor"])
def test_non_writer_gets_403_on_create_and_edit(client, world, user):
    signed_in(client, getattr(world, user))
    assert client.get(reverse("people:create")).status_code == 403
    assert client.get(edit_url(world.person_a)).status_code == 403
    response = client.post(edit_url(world.person_a), form_data(world.person_a, post="X"))
    assert response.status_code == 403
    assert Person.objects.get(pk=world.person_a.pk).post == ""


def test_officer_of_other_province_gets_404_editing_person(client, world):
    signed_in(client, world.officer_b)
    assert client.get(edit_url(world.person_a)).status_code == 404
    response = client.post(edit_url(world.person_a), form_data(world.person_a, post="X"))
    assert response.status_code == 404
    assert Person.objects.get(pk=world.person_a.pk).version == 1


# --- admin -----------------------------------------------------------------------------------


def test_admin_site_lists_people_read_only_and_never_opens_a_classified_one(client, world):
    signed_in(client, world.admin)
    listing = client.get("/quan-tri/people/person/", {"q": "nguyen van huy"})
    assert "Nguyễn Văn Huy" in listing.content.decode()
    assert client.get(f"/quan-tri/people/person/{world.person_a.pk}/change/").status_code == 200
    # A classified record opens only through people:detail, which asks why and logs the read.
    secret = f"/quan-tri/people/person/{world.person_a_secret.pk}/change/"
    assert client.get(secret).status_code == 403
    assert client.get("/quan-tri/people/person/add/").status_code == 403
