"""Bad input on the person forms: a Vietnamese error on the right field, the database unchanged."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from people.models import Person

CREATE = reverse("people:create")
NEXT_YEAR = date.today().year + 1  # noqa: DTZ011 - a calendar year
TOMORROW = (date.today() + timedelta(days=1)).strftime("%d/%m/%Y")  # noqa: DTZ011


def new_person(world, **changes) -> dict:
    """A valid create form for province A, with ``changes`` applied."""
    data = {
        "full_name": "Bùi Thị Lan",
        "sex": "NU",
        "cccd": "001190000777",
        "birth_day": "2",
        "birth_month": "9",
        "birth_year": "1990",
        "party_status": "CHINH_THUC",
        "party_admitted_on": "19/05/2015",
        "party_official_on": "19/05/2016",
        "org_unit": world.hn_cell.pk,
        "classification": "0",
        "party_card_number": "",
        "hometown": "",
        "hometown_former": "",
        "birthplace": "",
        "birthplace_former": "",
        "post": "",
    }
    data.update(changes)
    return data


def edit_form(world, **changes) -> dict:
    """The edit form of person_a as loaded, with ``changes`` applied."""
    person = world.person_a
    data = new_person(
        world,
        full_name=person.full_name,
        sex=person.sex,
        cccd=person.cccd,
        birth_day="",
        birth_month="",
        birth_year=person.birth_year,
        party_admitted_on="",
        party_official_on="",
        version=person.version,
    )
    data.update(changes)
    return data


def stored_state():
    """Everything a bad form must leave untouched."""
    rows = list(Person.objects.order_by("pk").values())
    return rows, AuditEvent.objects.count()


# (field posted, value, field that must carry the error, words the error must contain)
BAD_INPUT = [
    ("cccd", "12ab", "cccd", "chỉ gồm chữ số"),
    ("cccd", "00119000077712", "cccd", "14 chữ số, nhiều hơn 12"),
    ("cccd", "12345678", "cccd", "8 chữ số, thiếu"),
    ("birth_day", "31", "birth_day", "31/2 không có thật"),
    ("birth_day", "30", "birth_day", "30/2 không có thật"),
    ("birth_month", "13", "birth_month", "Tháng sinh phải từ 1 đến 12"),
    ("birth_year", str(NEXT_YEAR), "birth_year", "Năm sinh phải từ 1900"),
    ("birth_year", "năm", "birth_year", "Chỉ nhập số"),
    ("party_admitted_on", "32/13/2020", "party_admitted_on", "Ngày không hợp lệ"),
    ("party_official_on", "31/02/2016", "party_official_on", "Ngày không hợp lệ"),
    ("party_official_on", "18/05/2015", "party_official_on", "không thể trước ngày vào Đảng"),
    ("party_admitted_on", TOMORROW, "party_admitted_on", "ở tương lai"),
    ("full_name", "Nguyễn " * 80 + "An", "full_name", "tối đa 120 ký tự"),
    ("full_name", "A" * 500, "full_name", "tối đa 120 ký tự (đang có 500)"),
    ("full_name", "Huy", "full_name", "ít nhất họ và tên"),
    ("full_name", "", "full_name", "bắt buộc"),
    ("hometown", "x" * 500, "hometown", "tối đa 255 ký tự"),
    ("hometown", "Hà\x00Nội", "hometown", "ký tự điều khiển"),
    ("org_unit", "hp_cell", "org_unit", "ngoài phạm vi của bạn"),
    ("org_unit", "987654", "org_unit", "ngoài phạm vi của bạn"),
    ("classification", "2", "classification", "lựa chọn hợp lệ"),  # above officer's clearance
]


def _post_each_bad_input(client, url: str, base: dict):
    """Post every BAD_INPUT case; yield (case, response, state before, state after)."""
    for field, value, error_field, words in BAD_INPUT:
        data = {**base, field: value}
        if value == "hp_cell":
            data[field] = base["_hp_cell"]
        if field == "birth_day":
            data["birth_month"] = "2"
        if field == "party_admitted_on":
            data["party_official_on"] = ""  # else "official before admitted" would fire too
        if field == "party_official_on":
            data["party_admitted_on"] = "19/05/2015"
        data.pop("_hp_cell")
        before = stored_state()
        response = client.post(url, data)
        yield (field, value, error_field, words), response, before, stored_state()


# One test walks every case (the shared world costs seconds to build; 40 builds would be minutes).
def test_create_refuses_each_bad_input_on_its_field(client, world):
    client.force_login(world.officer_a)
    base = {**new_person(world), "_hp_cell": world.hp_cell.pk}
    for case, response, before, after in _post_each_bad_input(client, CREATE, base):
        field, value, error_field, words = case
        assert response.status_code == 200, case
        errors = response.context["form"].errors
        assert list(errors) == [error_field], (case, errors)
        assert words in " ".join(errors[error_field]), (case, errors)
        html = response.content.decode()
        assert words in html, case  # shown to the user, next to the field
        assert f'id="id_{error_field}_error_1"' in html, case
        assert after == before, case


def test_edit_refuses_each_bad_input_and_keeps_the_record(client, world):
    client.force_login(world.officer_a)
    url = reverse("people:edit", kwargs={"person_id": world.person_a.pk})
    base = {**edit_form(world), "_hp_cell": world.hp_cell.pk}
    for case, response, before, after in _post_each_bad_input(client, url, base):
        field, value, error_field, words = case
        assert response.status_code == 200, case
        errors = response.context["form"].errors
        assert list(errors) == [error_field], (case, errors)
        assert words in " ".join(errors[error_field]), (case, errors)
        assert after == before, case


def test_cccd_with_lost_leading_zeros_is_padded(client, world):
    client.force_login(world.officer_a)
    response = client.post(CREATE, new_person(world, cccd="1085012345"))
    assert response.status_code == 302
    assert Person.objects.get(full_name="Bùi Thị Lan").cccd == "001085012345"


def test_cccd_with_spaces_and_dots_is_accepted(client, world):
    client.force_login(world.officer_a)
    client.post(CREATE, new_person(world, cccd="001 085.012 345"))
    assert Person.objects.get(full_name="Bùi Thị Lan").cccd == "001085012345"


def test_create_refuses_cccd_already_on_another_record(client, world):
    client.force_login(world.officer_b)
    before = stored_state()
    # person_a's number, from a province officer_b cannot see: refused, nothing revealed.
    response = client.post(
        CREATE, new_person(world, cccd=world.person_a.cccd, org_unit=world.hp_cell.pk)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["cccd"]
    assert "đã có trong một hồ sơ khác" in errors["cccd"][0]
    assert "Nguyễn Văn Huy" not in response.content.decode()
    assert stored_state() == before


def test_edit_refuses_cccd_already_on_another_record(client, world):
    client.force_login(world.officer_a)
    before = stored_state()
    url = reverse("people:edit", kwargs={"person_id": world.person_a.pk})
    response = client.post(url, edit_form(world, cccd=world.person_b.cccd))
    assert response.status_code == 200
    assert "đã có trong một hồ sơ khác" in response.context["form"].errors["cccd"][0]
    assert stored_state() == before


def test_reason_too_long_is_refused(client, world):
    client.force_login(world.officer_a)
    before = stored_state()
    url = reverse("people:edit", kwargs={"person_id": world.person_a.pk})
    response = client.post(url, edit_form(world, post="Bí thư", change_reason="x" * 501))
    assert response.status_code == 200
    assert "tối đa 500 ký tự" in response.content.decode()
    assert stored_state() == before


@pytest.mark.parametrize("q", ["nguyen\x00van", "a" * 5000, "' OR 1=1 --", "%_\\", "１２３"])
def test_search_survives_odd_queries(client, world, q):
    client.force_login(world.officer_a)
    response = client.get(reverse("people:list"), {"q": q})
    assert response.status_code == 200
    assert "Đặng Văn Hòa" not in response.content.decode()
