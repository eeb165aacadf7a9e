"""REST API for people: scoping, classified reads, create/edit through the form and services."""

import pytest

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.tests.api_client import call
from people.models import Person


def names(response) -> set[str]:
    return {row["full_name"] for row in response.json()["results"]}


def new_person(unit, **extra) -> dict:
    body = {"full_name": "Phạm Thị Lan", "sex": "NU", "org_unit": unit.pk, "birth_year": 1990,
            "party_status": "CHINH_THUC", "cccd": "001190001234"}
    body.update(extra)
    return body


def test_list_shows_only_people_in_scope_and_clearance(client, world):
    response = call(client, "GET", "/people", world.officer_a)
    assert response.status_code == 200
    assert names(response) == {"Nguyễn Văn Huy", "Trần Thị Thuỷ"}
    assert response.json()["count"] == 2


def test_viewer_does_not_see_classified_people_in_list(client, world):
    response = call(client, "GET", "/people", world.viewer_a)
    assert names(response) == {"Nguyễn Văn Huy"} and response.json()["count"] == 1


def test_unit_filter_of_other_province_is_404(client, world):
    response = call(client, "GET", f"/people?unit={world.hp_cell.pk}", world.officer_a)
    assert response.status_code == 404


def test_unit_filter_keeps_the_subtree(client, world):
    response = call(client, "GET", f"/people?unit={world.hn_ward.pk}", world.officer_a)
    assert names(response) == {"Nguyễn Văn Huy", "Trần Thị Thuỷ"}


def test_cccd_lookup_finds_a_visible_person_only(client, world):
    number = world.person_b.cccd
    assert call(client, "GET", f"/people?cccd={number}", world.officer_b).json()["count"] == 1
    assert call(client, "GET", f"/people?cccd={number}", world.officer_a).json()["count"] == 0


def test_invalid_query_values_are_400_with_field_names(client, world):
    response = call(client, "GET", "/people?unit=abc&page=0", world.officer_a)
    assert response.status_code == 400
    assert "unit" in response.json()["errors"]


def test_detail_masks_the_cccd_and_hides_its_storage(client, world):
    body = call(client, "GET", f"/people/{world.person_a.pk}", world.officer_a).json()
    assert body["cccd_masked"] == "********" + world.person_a.cccd[-4:]
    assert world.person_a.cccd not in str(body)
    assert "cccd_encrypted" not in body and "cccd_index" not in body


def test_officer_cannot_open_person_of_other_province(client, world):
    response = call(client, "GET", f"/people/{world.person_b.pk}", world.officer_a)
    assert response.status_code == 404
    assert world.person_b.full_name not in response.content.decode()


@pytest.mark.parametrize("forged", ["999999", "-1", "abc", "99999999999999999999999", "1.5"])
def test_forged_person_ids_are_404(client, world, forged):
    assert call(client, "GET", f"/people/{forged}", world.officer_a).status_code == 404


def test_viewer_cannot_open_classified_person(client, world):
    response = call(client, "GET", f"/people/{world.person_a_secret.pk}?reason=Thẩm định",
                    world.viewer_a)
    assert response.status_code == 404


def test_classified_detail_without_reason_is_400(client, world):
    before = AuditEvent.objects.count()
    response = call(client, "GET", f"/people/{world.person_a_secret.pk}", world.officer_a)
    assert response.status_code == 400
    assert "lý do" in response.json()["errors"]["reason"][0]
    assert AuditEvent.objects.count() == before


def test_classified_detail_with_reason_is_logged(client, world):
    response = call(client, "GET",
                    f"/people/{world.person_a_secret.pk}?reason=Thẩm định bổ nhiệm",
                    world.officer_a)
    assert response.status_code == 200
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditAction.READ and event.target_id == str(world.person_a_secret.pk)
    assert event.reason == "Thẩm định bổ nhiệm" and event.actor == world.officer_a


def test_unclassified_detail_needs_no_reason(client, world):
    assert call(client, "GET", f"/people/{world.person_a.pk}", world.officer_a).status_code == 200


def test_officer_creates_person_with_audit_event(client, world):
    response = call(client, "POST", "/people", world.officer_a, new_person(world.hn_cell))
    assert response.status_code == 201, response.content
    person = Person.objects.get(pk=response.json()["id"])
    assert person.cccd == "001190001234" and response.json()["cccd_masked"] == "********1234"
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditAction.CREATE and event.target_id == str(person.pk)
    assert event.actor == world.officer_a


def test_create_accepts_dates_as_dd_mm_yyyy(client, world):
    body = new_person(world.hn_cell, party_admitted_on="29/12/2013")
    response = call(client, "POST", "/people", world.officer_a, body)
    assert response.status_code == 201, response.content
    assert response.json()["party_admitted_on"] == "2013-12-29"


def test_invalid_cccd_is_400_with_field_and_vietnamese_message(client, world):
    body = new_person(world.hn_cell, cccd="12AB")
    response = call(client, "POST", "/people", world.officer_a, body)
    assert response.status_code == 400
    assert "chữ số" in response.json()["errors"]["cccd"][0]
    assert not Person.objects.filter(full_name="Phạm Thị Lan").exists()


def test_duplicate_cccd_is_400_not_500(client, world):
    body = new_person(world.hn_cell, cccd=world.person_b.cccd)
    response = call(client, "POST", "/people", world.officer_a, body)
    assert response.status_code == 400
    assert "cccd" in response.json()["errors"]
    assert world.person_b.full_name not in response.content.decode()


def test_missing_and_mistyped_fields_are_400_with_names(client, world):
    response = call(client, "POST", "/people", world.officer_a, {"birth_year": "năm"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"full_name", "sex", "org_unit", "birth_year"} <= set(errors)
    assert errors["full_name"] == ["Trường này là bắt buộc."]


def test_malformed_json_is_400(client, world):
    from core.tests.api_client import API, auth

    response = client.post(API + "/people", data="{nope", content_type="application/json",
                           headers=auth(world.officer_a))
    assert response.status_code == 400


def test_create_in_other_province_is_refused(client, world):
    response = call(client, "POST", "/people", world.officer_a, new_person(world.hp_cell))
    assert response.status_code == 400
    assert "org_unit" in response.json()["errors"]
    assert not Person.objects.filter(full_name="Phạm Thị Lan").exists()


def test_create_above_own_clearance_is_refused(client, world):
    body = new_person(world.hn_cell, classification=2)
    response = call(client, "POST", "/people", world.officer_a, body)
    assert response.status_code == 400 and "classification" in response.json()["errors"]


def test_viewer_cannot_create(client, world):
    response = call(client, "POST", "/people", world.viewer_a, new_person(world.hn_cell))
    assert response.status_code == 403
    assert not Person.objects.filter(full_name="Phạm Thị Lan").exists()


def test_patch_changes_only_the_fields_sent(client, world):
    person = world.person_a
    body = {"version": person.version, "post": "Bí thư chi bộ"}
    response = call(client, "PATCH", f"/people/{person.pk}", world.officer_a, body)
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.post == "Bí thư chi bộ" and person.version == 2
    assert person.full_name == "Nguyễn Văn Huy" and person.cccd == world.person_a.cccd
    assert AuditEvent.objects.order_by("-id").first().action == AuditAction.UPDATE


def test_patch_with_stale_version_is_409(client, world):
    person = world.person_a
    stale = person.version
    call(client, "PATCH", f"/people/{person.pk}", world.officer_a, {"version": stale, "post": "A"})
    response = call(client, "PATCH", f"/people/{person.pk}", world.officer_a,
                    {"version": stale, "post": "B"})
    assert response.status_code == 409
    assert "người khác" in response.json()["detail"]
    person.refresh_from_db()
    assert person.post == "A"


def test_put_replaces_fields_and_keeps_cccd_when_omitted(client, world):
    person = world.person_a
    body = {"version": person.version, "full_name": "Nguyễn Văn Huy", "sex": "NAM",
            "org_unit": world.hn_ward.pk, "party_status": "DU_BI"}
    response = call(client, "PUT", f"/people/{person.pk}", world.officer_a, body)
    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert person.org_unit == world.hn_ward and person.birth_year is None
    assert person.cccd == world.person_a.cccd


def test_patch_of_other_province_is_404_and_changes_nothing(client, world):
    person = world.person_b
    before = AuditEvent.objects.count()
    response = call(client, "PATCH", f"/people/{person.pk}", world.officer_a,
                    {"version": person.version, "post": "Bị sửa"})
    assert response.status_code == 404
    person.refresh_from_db()
    assert person.post == "" and person.version == 1 and AuditEvent.objects.count() == before


def test_patch_moving_person_out_of_scope_is_refused(client, world):
    person = world.person_a
    response = call(client, "PATCH", f"/people/{person.pk}", world.officer_a,
                    {"version": person.version, "org_unit": world.hp_cell.pk})
    assert response.status_code == 400 and "org_unit" in response.json()["errors"]
    person.refresh_from_db()
    assert person.org_unit == world.hn_cell


def test_viewer_cannot_patch(client, world):
    response = call(client, "PATCH", f"/people/{world.person_a.pk}", world.viewer_a,
                    {"version": 1, "post": "X"})
    assert response.status_code == 403


def test_search_finds_by_folded_name_within_scope(client, world):
    response = call(client, "GET", "/people?q=nguyen van huy", world.officer_a)
    assert response.status_code == 200, response.content
    assert names(response) == {"Nguyễn Văn Huy"}
    assert response.json()["search"]["mode"]


def test_search_never_returns_other_province(client, world):
    response = call(client, "GET", "/people?q=Đặng Văn Hòa", world.officer_a)
    assert names(response) == set() and response.json()["count"] == 0


def test_viewer_search_never_returns_classified_person(client, world):
    response = call(client, "GET", "/people?q=Trần Thị Thuỷ", world.viewer_a)
    assert names(response) == set() and response.json()["count"] == 0


@pytest.mark.parametrize("odd", ["\x00", "a\x00b", "%", "_", "' or 1=1 --", "Nguyễn" * 200,
                                 "0011\x00", "\u202enguyen"])
def test_odd_query_strings_never_fail(client, world, odd):
    from urllib.parse import urlencode

    for params in ({"q": odd}, {"cccd": odd}):
        response = call(client, "GET", "/people?" + urlencode(params), world.officer_a)
        assert response.status_code in {200, 400}, (params, response.status_code)
    response = call(client, "GET", "/orgs?" + urlencode({"q": odd}), world.officer_a)
    assert response.status_code == 200


@pytest.mark.parametrize("field", ["full_name", "hometown", "post", "party_card_number"])
def test_control_characters_in_text_fields_are_400(client, world, field):
    body = new_person(world.hn_cell, **{field: "Phạm Thị\x00 Lan"})
    response = call(client, "POST", "/people", world.officer_a, body)
    assert response.status_code == 400 and field in response.json()["errors"]
