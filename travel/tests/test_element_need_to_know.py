"""A declared foreign element is as secret as its person: opening it asks why and is logged."""

from datetime import date

from django.urls import reverse

from audit.choices import AuditAction
from audit.models import AuditEvent
from travel import services


def _element(world, person):
    return services.do_declare_foreign_element(actor=world.admin, data={
        "person": person, "kind": "THAN_NHAN", "details": "Con gái định cư tại Nhật Bản.",
        "declared_on": date(2026, 1, 5)})


def test_element_of_a_classified_person_asks_a_reason_then_logs_the_read(client, world):
    element = _element(world, world.person_a_secret)
    url = reverse("travel:element_detail", kwargs={"foreign_element_id": element.pk})
    client.force_login(world.officer_a)
    asked = client.get(url)
    assert "Lý do xem hồ sơ" in asked.content.decode()
    assert "Nhật Bản" not in asked.content.decode()
    client.post(url, {"ntk-reason": "Thẩm định chuyến đi năm 2026"})
    shown = client.get(url)
    assert "Nhật Bản" in shown.content.decode()
    reads = AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(element.pk),
                                      target_type="travel.foreignelement")
    assert list(reads.values_list("reason", flat=True)) == ["Thẩm định chuyến đi năm 2026"]


def test_element_of_an_unclassified_person_opens_without_a_log(client, world):
    element = _element(world, world.person_a)
    client.force_login(world.officer_a)
    response = client.get(reverse("travel:element_detail",
                                  kwargs={"foreign_element_id": element.pk}))
    assert "Nhật Bản" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.READ,
                                         target_type="travel.foreignelement").exists()
