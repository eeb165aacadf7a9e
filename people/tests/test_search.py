"""People search: every way Vietnamese users type a name or a CCCD finds the person, in scope only."""

import unicodedata
from types import SimpleNamespace

import hypothesis
import pytest

from people import search
from people.search import search_people
from people.tests.factories import make_person

CCCD_KHOA = "001085012345"


@pytest.fixture(autouse=True, params=["scope", "units", "index"])
def strategy(request, monkeypatch):
    """Run every test on each path: a ward's scope ranked in Python, a province's read through
    its unit list, the whole country through the name and token indexes."""
    if request.param == "units":
        monkeypatch.setattr(search, "SMALL_SCOPE_PEOPLE", -1)
    if request.param == "index":
        monkeypatch.setattr(search, "LISTED_SCOPE_UNITS", -1)
    return request.param


@pytest.fixture
def people(world):
    """The world's people plus names that exercise each search case, all in Hà Nội."""
    cell = world.hn_cell
    names = {
        "hoa_new": "Nguyễn Văn Hòa", "hoa_sac": "Nguyễn Văn Hóa", "hoa_old": "Vũ Thị Hoà",
        "thuy_new": "Phạm Thị Thủy", "minh": "Đỗ Đức Minh", "anh": "Hoàng Thị Ngọc Ánh",
        "le_minh_anh": "Lê Minh Anh", "minh_anh_le": "Minh Anh Lê", "huynh": "Nguyễn Văn Huỳnh",
        "khoa": "Bùi Văn Khoa",
    }
    made = {key: make_person(world.admin, cell, name) for key, name in names.items() if key != "khoa"}
    made["khoa"] = make_person(world.admin, cell, names["khoa"], cccd=CCCD_KHOA)
    made.update(huy=world.person_a, thuy_old=world.person_a_secret, tam=world.person_a_top,
                dang_hoa=world.person_b)
    return SimpleNamespace(**made)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# (query, key of the person expected first, mode)
FIRST = [
    ("Nguyễn Văn Huy", "huy", "name"),
    ("nguyen van huy", "huy", "name"),                        # no diacritics
    ("NGUYỄN VĂN HUY", "huy", "name"),                        # capitals
    ("NGUYEN VAN HUY", "huy", "name"),
    ("do duc minh", "minh", "name"),                          # đ typed as d
    ("DO DUC MINH", "minh", "name"),
    ("Đỗ Đức Minh", "minh", "name"),
    (nfd("Đỗ Đức Minh"), "minh", "name"),                     # decomposed input
    (nfd("Hoàng Thị Ngọc Ánh"), "anh", "name"),
    ("Nguyễn Văn Hoà", "hoa_new", "name"),                    # old placement finds new
    ("Vũ Thị Hòa", "hoa_old", "name"),                        # new placement finds old
    ("Trần Thị Thủy", "thuy_old", "name"),                    # new finds old (Thuỷ)
    ("Phạm Thị Thuỷ", "thuy_new", "name"),                    # old finds new (Thủy)
    ("Nguyễn Văn Hóa", "hoa_sac", "name"),                    # exact accents first
    ("anh ngoc hoang thi", "anh", "name"),                    # any word order
    ("Huy Nguyễn Văn", "huy", "name"),
    ("  nguyen   van  huy ", "huy", "name"),                  # extra spaces
    ("nguyen\tvan\u00a0huy", "huy", "name"),
    (CCCD_KHOA, "khoa", "cccd"),                              # CCCD
    ("1085012345", "khoa", "cccd"),                           # two zeros lost by Excel
    ("01085012345", "khoa", "cccd"),                          # one zero lost
    ("001 085 012 345", "khoa", "cccd"),                      # spaces
    ("001.085.012.345", "khoa", "cccd"),                      # dots
    ("huy", "huy", "partial"),                                # one syllable
    ("van huy", "huy", "partial"),                            # two syllables
    ("ngoc anh", "anh", "partial"),
    ("nguyen van hu", "huy", "partial"),                      # typing the last syllable
    ("Nguyen Van Hyu", "huy", "corrected"),                   # transposition
    ("Bui Van Khoe", "khoa", "corrected"),                    # substitution
    ("Do Duc Mnh", "minh", "corrected"),                      # missing letter
    ("Nguyen Vann Huy", "huy", "corrected"),                  # extra letter
    ("hoang thi ngoc anhh", "anh", "corrected"),
]


@pytest.mark.parametrize(("query", "key", "mode"), FIRST)
def test_query_finds_person_first(people, world, query, key, mode):
    result = search_people(world.officer_a, query)
    assert result.people, query
    assert result.people[0] == getattr(people, key)
    assert result.mode == mode


# (query, keys that must all be found, keys that must not)
FOUND = [
    ("nguyen van h", {"huy", "hoa_new", "hoa_sac", "huynh"}, {"minh", "anh"}),
    ("nguyen van ho", {"hoa_new", "hoa_sac"}, {"huy", "huynh"}),
    ("hoa", {"hoa_new", "hoa_sac", "hoa_old"}, {"dang_hoa", "huy"}),
    ("thuy", {"thuy_old", "thuy_new"}, {"tam"}),
    ("minh anh", {"le_minh_anh", "minh_anh_le"}, {"minh"}),
]


@pytest.mark.parametrize(("query", "wanted", "unwanted"), FOUND)
def test_partial_query_finds_every_match(people, world, query, wanted, unwanted):
    found = set(search_people(world.officer_a, query).people)
    assert {getattr(people, k) for k in wanted} <= found
    assert not {getattr(people, k) for k in unwanted} & found


def test_exact_accent_match_ranks_before_same_letters(people, world):
    assert search_people(world.officer_a, "Nguyễn Văn Hóa").people[:2] == [people.hoa_sac, people.hoa_new]
    assert search_people(world.officer_a, "Nguyễn Văn Hòa").people[:2] == [people.hoa_new, people.hoa_sac]


def test_unaccented_query_finds_both_accent_variants(people, world):
    result = search_people(world.officer_a, "nguyen van hoa")
    assert set(result.people[:2]) == {people.hoa_new, people.hoa_sac}
    assert result.mode == "name"


def test_same_order_ranks_before_other_order(people, world):
    assert search_people(world.officer_a, "le minh anh").people[:2] == [
        people.le_minh_anh, people.minh_anh_le]
    assert search_people(world.officer_a, "minh anh le").people[:2] == [
        people.minh_anh_le, people.le_minh_anh]


def test_whole_name_ranks_before_prefix(people, world):
    result = search_people(world.officer_a, "nguyen van huy")
    assert result.people[:2] == [people.huy, people.huynh]
    assert result.mode == "name"


def test_whole_syllable_ranks_before_syllable_prefix(people, world):
    result = search_people(world.officer_a, "huy")
    assert result.people.index(people.huy) < result.people.index(people.huynh)


def test_corrected_query_is_reported(people, world):
    result = search_people(world.officer_a, "Nguyen Van Hyu")
    assert result.corrected_query == "nguyen van huy"
    assert search_people(world.officer_a, "nguyen van huy").corrected_query is None


def test_correction_is_not_tried_when_something_matches(people, world):
    result = search_people(world.officer_a, "nguyen van hoa")
    assert result.corrected_query is None
    assert people.huy not in result.people


def test_two_slips_find_nothing(people, world):
    assert search_people(world.officer_a, "Nguyn Van Hyu").people == []


@pytest.mark.parametrize("query", ["", "   ", "...", "-"])
def test_blank_query_is_empty(people, world, query):
    assert search_people(world.officer_a, query) == search_people(world.officer_a, "")
    assert search_people(world.officer_a, query).mode == "empty"
    assert search_people(world.officer_a, query).people == []


@pytest.mark.parametrize("query", ["12345", "0010850123456", "001085012346"])
def test_wrong_cccd_finds_nobody(people, world, query):
    result = search_people(world.officer_a, query)
    assert result.mode == "cccd"
    assert result.people == []


def test_limit_bounds_the_result(people, world):
    assert len(search_people(world.officer_a, "nguyen van", limit=2).people) == 2


# Scope and clearance: every path (name, partial, corrected, CCCD) goes through visible_to.
@pytest.mark.parametrize("query", ["Đặng Văn Hòa", "dang van hoa", "hoa dang", "dang",
                                   "dang van hao", "dang van h"])
def test_officer_never_finds_person_of_other_province(people, world, query):
    assert people.dang_hoa not in search_people(world.officer_a, query).people
    assert search_people(world.officer_b, query).people[0] == people.dang_hoa


def test_officer_never_finds_other_province_by_cccd(world):
    other = make_person(world.admin, world.hp_cell, "Ngô Văn Bình", cccd="031090000123")
    assert search_people(world.officer_a, "031090000123").people == []
    assert search_people(world.officer_b, "31090000123").people == [other]


@pytest.mark.parametrize("query", ["Lê Văn Tám", "le van tam", "tam", "le van ta", "le van tma"])
def test_officer_never_finds_person_above_clearance(people, world, query):
    assert people.tam not in search_people(world.officer_a, query).people
    assert people.tam in search_people(world.admin, query).people


@pytest.mark.parametrize("query", ["Trần Thị Thuỷ", "tran thi thuy", "thuy", "tran thi thyu"])
def test_viewer_never_finds_confidential_person(people, world, query):
    assert people.thuy_old not in search_people(world.viewer_a, query).people
    assert people.thuy_old in search_people(world.officer_a, query).people


def test_anonymous_finds_nobody(people):
    from django.contrib.auth.models import AnonymousUser

    assert search_people(AnonymousUser(), "nguyen van huy").people == []


def test_person_renamed_is_found_by_new_name_only(people, world):
    # The token index follows updates made by any writer (SQLite triggers / PostgreSQL index).
    from people.models import Person

    Person.objects.filter(pk=people.huy.pk).update(name_folded="tran van quang")
    assert people.huy in search_people(world.officer_a, "quang").people
    assert people.huy not in search_people(world.officer_a, "huy").people


def test_result_list_costs_constant_queries(people, world, strategy,
                                            django_assert_max_num_queries):
    for query in ["nguyen van h", "huy", "Nguyen Van Hyu", CCCD_KHOA]:
        with django_assert_max_num_queries(5 if strategy == "scope" else 9):
            result = search_people(world.officer_a, query)
            assert [p.org_unit.name for p in result.people]


@hypothesis.settings(max_examples=40, deadline=None,
                     suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture])
@hypothesis.given(query=hypothesis.strategies.text(max_size=30))
def test_any_typed_text_is_answered_without_error(people, world, query):
    result = search_people(world.officer_a, query)
    assert result.mode in {"cccd", "name", "partial", "corrected", "empty"}
    assert people.dang_hoa not in result.people and people.tam not in result.people


def test_prefix_matches_come_in_name_order_whatever_the_plan(people, world, monkeypatch):
    """The database may read the prefix range in any order (a scan of a small table follows the
    heap, where a vacuumed, reused or updated row lands anywhere): the tier is put in name order."""
    prefix = search._with_prefix
    monkeypatch.setattr(search, "_with_prefix",
                        lambda visible, folded: prefix(visible, folded).order_by("-name_folded"))
    result = search_people(world.officer_a, "nguyen van hu")
    assert result.people.index(people.huy) < result.people.index(people.huynh)
