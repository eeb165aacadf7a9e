"""Travel API for incoming visits, contact reports and declared foreign elements: scope (404,
lists), create with its audit event, Vietnamese field errors, reasons for classified reads."""

from datetime import date

from audit.choices import AuditAction
from audit.models import AuditEvent
from travel import services
from travel.models import IncomingVisit
from travel.tests.factories import matrix_records

BASE = "/api/v1/travel"
PATHS = {"visit_id": "visits", "contact_report_id": "contact-reports",
         "foreign_element_id": "foreign-elements"}


def _visit(world, **extra):
    return {"org_unit": world.hn.pk, "delegation": "Đoàn Bộ Ngoại giao Lào", "country": "LA",
            "purpose": "Trao đổi kinh nghiệm", "arrived_on": "2026-05-04",
            "left_on": "2026-05-06", **extra}


def test_officer_of_other_province_neither_opens_nor_lists_ha_noi_records(client, world):
    records = matrix_records(world.officer_a, world.hn, world.person_a)
    client.force_login(world.officer_b)
    for kwarg, path in PATHS.items():
        assert client.get(f"{BASE}/{path}/{records[kwarg]}").status_code == 404
        assert client.get(f"{BASE}/{path}").json()["count"] == 0
    client.force_login(world.officer_a)
    for kwarg, path in PATHS.items():
        listed = client.get(f"{BASE}/{path}").json()["results"]
        assert [r["id"] for r in listed] == [records[kwarg]]


def test_lists_filter_by_year_country_and_unit(client, world):
    records = matrix_records(world.officer_a, world.hn, world.person_a)
    client.force_login(world.officer_a)
    assert client.get(f"{BASE}/visits?year=2026&country=la").json()["count"] == 1
    assert client.get(f"{BASE}/visits?year=2025").json()["count"] == 0
    assert client.get(f"{BASE}/contact-reports?country=LA").json()["count"] == 0
    assert client.get(f"{BASE}/contact-reports?unit={world.hn.pk}").json()["count"] == 1
    assert client.get(f"{BASE}/contact-reports?unit={world.hp.pk}").json()["count"] == 0
    elements = client.get(f"{BASE}/foreign-elements?year=2026&unit={world.person_a.org_unit_id}")
    assert [r["id"] for r in elements.json()["results"]] == [records["foreign_element_id"]]


def test_create_visit_answers_201_and_writes_an_audit_event(client, world):
    client.force_login(world.officer_a)
    response = client.post(f"{BASE}/visits", _visit(world), content_type="application/json")
    assert response.status_code == 201
    visit_id = response.json()["id"]
    assert response.json()["delegation"] == "Đoàn Bộ Ngoại giao Lào"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, target_type="travel.incomingvisit",
                                     target_id=str(visit_id)).exists()


def test_create_contact_report_and_foreign_element_answer_201(client, world):
    client.force_login(world.officer_a)
    report = client.post(f"{BASE}/contact-reports", {
        "org_unit": world.hn.pk, "person": world.person_a.pk, "contacted_on": "2026-06-01",
        "counterpart": "Đại sứ quán Nhật Bản", "country": "JP", "purpose": "Làm việc"},
        content_type="application/json")
    element = client.post(f"{BASE}/foreign-elements", {
        "person": world.person_a.pk, "kind": "THAN_NHAN", "details": "Con gái ở Nhật Bản.",
        "declared_on": "2026-01-05"}, content_type="application/json")
    assert report.status_code == 201 and element.status_code == 201
    assert element.json()["person_id"] == world.person_a.pk
    assert AuditEvent.objects.filter(action=AuditAction.CREATE,
                                     target_id=str(element.json()["id"])).exists()


def test_bad_dates_are_refused_with_the_vietnamese_field_message(client, world):
    client.force_login(world.officer_a)
    response = client.post(f"{BASE}/visits", _visit(world, left_on="2026-05-01"),
                           content_type="application/json")
    assert response.status_code == 400
    assert "Ngày kết thúc trước ngày đến" in response.json()["errors"]["left_on"][0]
    assert not IncomingVisit.objects.exists()


def test_person_of_other_province_is_refused_as_a_field_error(client, world):
    client.force_login(world.officer_a)
    response = client.post(f"{BASE}/foreign-elements", {
        "person": world.person_b.pk, "kind": "THAN_NHAN", "details": "Anh trai ở Úc.",
        "declared_on": "2026-01-05"}, content_type="application/json")
    assert response.status_code == 400
    assert "phạm vi của bạn" in response.json()["errors"]["person"][0]


def test_viewer_cannot_create_a_visit(client, world):
    client.force_login(world.viewer_a)
    response = client.post(f"{BASE}/visits", _visit(world), content_type="application/json")
    assert response.status_code == 403 and not IncomingVisit.objects.exists()


def test_classified_visit_needs_a_reason_and_the_read_is_logged(client, world):
    visit = services.do_record_incoming_visit(actor=world.officer_a, data={
        "org_unit": world.hn, "classification": 1, "delegation": "Đoàn mật", "country": "CN",
        "purpose": "Làm việc", "arrived_on": date(2026, 5, 4), "left_on": date(2026, 5, 5)})
    client.force_login(world.officer_a)
    url = f"{BASE}/visits/{visit.pk}"
    refused = client.get(url)
    assert refused.status_code == 400 and "reason" in refused.json()["errors"]
    assert not AuditEvent.objects.filter(action=AuditAction.READ).exists()
    response = client.get(url, {"reason": "Thẩm định đoàn vào"})
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditAction.READ, target_id=str(visit.pk))
    assert event.reason == "Thẩm định đoàn vào"


def test_element_of_a_secret_person_needs_a_reason(client, world):
    records = matrix_records(world.officer_a, world.hn, world.person_a_secret)
    client.force_login(world.officer_a)
    url = f"{BASE}/foreign-elements/{records['foreign_element_id']}"
    assert client.get(url).status_code == 400
    assert client.get(url, {"reason": "Thẩm định kê khai"}).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.READ,
                                     target_id=str(records["foreign_element_id"])).exists()
