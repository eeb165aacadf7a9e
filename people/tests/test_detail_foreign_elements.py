"""The person page lists the foreign elements that person declared (travel records)."""

from datetime import date

from django.urls import reverse

from travel import services


def _declare(actor, person, details):
    return services.do_declare_foreign_element(actor=actor, data={
        "person": person, "kind": "THAN_NHAN", "details": details,
        "declared_on": date(2026, 1, 5), "approval_document": "15-CV/TU"})


def test_person_page_lists_the_declared_foreign_elements_of_that_person(client, world):
    element = _declare(world.officer_a, world.person_a, "Con gái định cư tại Nhật Bản.")
    _declare(world.officer_b, world.person_b, "Anh trai định cư tại Úc.")
    client.force_login(world.officer_a)
    html = client.get(reverse("people:detail", kwargs={"person_id": world.person_a.pk}))
    html = html.content.decode()
    assert "Con gái định cư tại Nhật Bản." in html and "05/01/2026" in html
    assert reverse("travel:element_detail", kwargs={"foreign_element_id": element.pk}) in html
    assert "Anh trai định cư tại Úc." not in html


def test_person_page_without_declarations_has_no_foreign_elements_section(client, world):
    client.force_login(world.officer_a)
    html = client.get(reverse("people:detail", kwargs={"person_id": world.person_a.pk}))
    assert "Yếu tố nước ngoài đã kê khai" not in html.content.decode()
