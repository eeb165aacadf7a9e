"""Incoming visits, contact reports and declared foreign elements: pages, validation, scope."""

from django.urls import reverse

from travel.models import ContactReport, ForeignElement, IncomingVisit
from travel.tests.factories import matrix_records


def test_officer_records_an_incoming_visit(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("travel:visit_create"), {
        "org_unit": world.hn.pk, "classification": 0, "delegation": "Đoàn Thành ủy Viêng Chăn",
        "country": "LA", "purpose": "Trao đổi kinh nghiệm", "arrived_on": "04/05/2026",
        "left_on": "06/05/2026", "approval_document": "45-CV/TU"})
    visit = IncomingVisit.objects.get()
    assert response.status_code == 302
    body = client.get(reverse("travel:visit_detail", kwargs={"visit_id": visit.pk})).content
    assert "Đoàn Thành ủy Viêng Chăn" in body.decode() and "04/05/2026" in body.decode()


def test_visit_ending_before_it_starts_is_refused(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("travel:visit_create"), {
        "org_unit": world.hn.pk, "classification": 0, "delegation": "Đoàn",
        "country": "LA", "purpose": "Trao đổi", "arrived_on": "06/05/2026",
        "left_on": "04/05/2026"})
    assert response.status_code == 200 and not IncomingVisit.objects.exists()
    assert "Ngày kết thúc trước ngày đến" in response.content.decode()


def test_contact_report_for_a_person_of_another_province_is_refused(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("travel:contact_create"), {
        "org_unit": world.hn.pk, "classification": 0, "person": world.person_b.pk,
        "contacted_on": "01/06/2026", "counterpart": "Đại sứ quán", "country": "JP",
        "purpose": "Làm việc"})
    assert response.status_code == 200 and not ContactReport.objects.exists()


def test_declared_foreign_element_is_recorded_with_its_approval(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("travel:element_create"), {
        "person": world.person_a.pk, "kind": "VO_CHONG", "details": "Vợ quốc tịch Lào.",
        "declared_on": "05/01/2026", "approved_by": "Ban Thường vụ Thành ủy",
        "approval_document": "15-CV/TU", "approved_on": "20/01/2026"})
    element = ForeignElement.objects.get()
    assert response.status_code == 302 and element.approval_document == "15-CV/TU"
    listing = client.get(reverse("travel:element_list")).content.decode()
    assert "Vợ hoặc chồng là người nước ngoài" in listing


def test_records_of_other_province_are_404(client, world):
    records = matrix_records(world.admin, world.hp, world.person_b)
    client.force_login(world.officer_a)
    for name, kwarg in (("visit_detail", "visit_id"), ("contact_detail", "contact_report_id"),
                        ("element_detail", "foreign_element_id")):
        url = reverse(f"travel:{name}", kwargs={kwarg: records[kwarg]})
        assert client.get(url).status_code == 404
    assert "Đoàn ma trận" not in client.get(reverse("travel:visit_list")).content.decode()
