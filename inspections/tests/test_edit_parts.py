"""Correcting a remediation item or a document of an inspection (API PATCH and the edit pages):
the row changes and the inspection's timeline records before/after; a stale version is a
conflict that changes nothing; another province's part is a 404, a viewer is refused, bad input
names its field; a done item and a closed inspection's documents stay as they are."""

from datetime import date

import pytest
from django.urls import reverse

from audit.choices import AuditAction
from audit.models import AuditEvent
from core.tests.api_client import call
from inspections import services
from inspections.models import Document, Inspection, RemediationItem
from inspections.tests.factories import matrix_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def parts_a(world, leader_a):
    """A concluded inspection of Hà Nội with a remediation item and a document."""
    return matrix_records(leader_a, world.hn, world.hn_ward, world.person_a)


@pytest.fixture
def parts_b(world, leader_b):
    return matrix_records(leader_b, world.hp, world.hp_ward, world.person_b)


def _updates(inspection_id):
    return AuditEvent.objects.filter(target_type="inspections.inspection",
                                     target_id=str(inspection_id), action=AuditAction.UPDATE,
                                     before__isnull=False)


def _item(parts) -> RemediationItem:
    return RemediationItem.objects.get(pk=parts["remediation_item_id"])


def _doc(parts) -> Document:
    return Document.objects.get(pk=parts["inspection_document_id"])


# --- remediation items -------------------------------------------------------------------------


def test_remediation_patch_changes_the_row_and_audits(client, world, parts_a):
    item = _item(parts_a)
    response = call(client, "PATCH", f"/inspections/remediation/{item.pk}", world.officer_a,
                    {"deadline": "2025-07-31", "owner_unit": world.hn_ward.pk,
                     "version": item.version, "reason": "Gia hạn theo đề nghị"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["deadline"] == "2025-07-31" and body["owner_unit_id"] == world.hn_ward.pk
    assert body["content"] == "Bổ sung hồ sơ" and body["version"] == item.version + 1
    item.refresh_from_db()
    assert item.deadline == date(2025, 7, 31)
    event = _updates(parts_a["inspection_id"]).get()
    assert event.before["deadline"] == "2025-06-30" and event.after["deadline"] == "2025-07-31"
    assert event.reason == "Gia hạn theo đề nghị"


def test_remediation_stale_version_is_409_and_changes_nothing(client, world, parts_a):
    item = _item(parts_a)
    url = f"/inspections/remediation/{item.pk}"
    assert call(client, "PATCH", url, world.officer_a,
                {"content": "Lần một", "version": item.version}).status_code == 200
    stale = call(client, "PATCH", url, world.officer_a,
                 {"content": "Lần hai", "version": item.version})
    assert stale.status_code == 409 and stale.json()["detail"]
    assert RemediationItem.objects.get(pk=item.pk).content == "Lần một"


def test_remediation_of_other_province_is_404_and_viewer_is_403(client, world, parts_a,
                                                                 parts_b):
    theirs = _item(parts_b)
    assert call(client, "PATCH", f"/inspections/remediation/{theirs.pk}", world.officer_a,
                {"content": "Sửa trộm", "version": 1}).status_code == 404
    assert call(client, "PATCH", f"/inspections/remediation/{_item(parts_a).pk}",
                world.viewer_a, {"content": "Sửa trộm", "version": 1}).status_code == 403
    assert not RemediationItem.objects.filter(content="Sửa trộm").exists()


def test_remediation_bad_input_names_the_field(client, world, parts_a):
    item = _item(parts_a)
    url = f"/inspections/remediation/{item.pk}"
    early = call(client, "PATCH", url, world.officer_a, {"deadline": "2025-01-01", "version": 1})
    assert early.status_code == 400 and "deadline" in early.json()["errors"]
    nobody = call(client, "PATCH", url, world.officer_a, {"owner_text": "", "version": 1})
    assert nobody.status_code == 400 and "owner_text" in nobody.json()["errors"]
    forged = call(client, "PATCH", url, world.officer_a,
                  {"owner_unit": world.hp.pk, "version": 1})
    assert forged.status_code == 400 and "owner_unit" in forged.json()["errors"]
    assert RemediationItem.objects.get(pk=item.pk).version == 1


def test_a_done_item_is_not_edited(client, world, parts_a):
    item = _item(parts_a)
    services.do_complete_remediation(actor=world.officer_a, item=item, data={
        "done_on": date(2025, 5, 5)}, expected_version=item.version)
    item.refresh_from_db()
    response = call(client, "PATCH", f"/inspections/remediation/{item.pk}", world.officer_a,
                    {"content": "Muộn", "version": item.version})
    assert response.status_code == 400 and "hoàn thành" in response.json()["errors"]["__all__"][0]
    assert RemediationItem.objects.get(pk=item.pk).content == "Bổ sung hồ sơ"


# --- documents ---------------------------------------------------------------------------------


def test_document_patch_changes_the_row_and_audits(client, world, parts_a):
    document = _doc(parts_a)
    response = call(client, "PATCH", f"/inspections/documents/{document.pk}", world.officer_a,
                    {"number": "10-KL/UBKT", "title": "Kết luận kiểm tra chuyên đề",
                     "version": document.version})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == "10-KL/UBKT" and body["doc_type"] == "KL"
    assert body["version"] == document.version + 1
    document.refresh_from_db()
    assert document.title == "Kết luận kiểm tra chuyên đề"
    event = _updates(parts_a["inspection_id"]).get()
    assert event.before["number"] == "9-KL/UBKT" and event.after["number"] == "10-KL/UBKT"


def test_document_stale_version_is_409_and_changes_nothing(client, world, parts_a):
    document = _doc(parts_a)
    url = f"/inspections/documents/{document.pk}"
    assert call(client, "PATCH", url, world.officer_a,
                {"title": "Lần một", "version": 1}).status_code == 200
    assert call(client, "PATCH", url, world.officer_a,
                {"title": "Lần hai", "version": 1}).status_code == 409
    assert Document.objects.get(pk=document.pk).title == "Lần một"


def test_document_of_other_province_is_404_and_viewer_is_403(client, world, parts_a, parts_b):
    assert call(client, "PATCH", f"/inspections/documents/{_doc(parts_b).pk}", world.officer_a,
                {"title": "Sửa trộm", "version": 1}).status_code == 404
    assert call(client, "PATCH", f"/inspections/documents/{_doc(parts_a).pk}", world.viewer_a,
                {"title": "Sửa trộm", "version": 1}).status_code == 403
    assert not Document.objects.filter(title="Sửa trộm").exists()


def test_document_bad_input_names_the_field(client, world, parts_a, parts_b):
    document = _doc(parts_a)
    url = f"/inspections/documents/{document.pk}"
    bad_type = call(client, "PATCH", url, world.officer_a, {"doc_type": "XX", "version": 1})
    assert bad_type.status_code == 400 and "doc_type" in bad_type.json()["errors"]
    future = call(client, "PATCH", url, world.officer_a, {"issued_on": "2999-01-01",
                                                         "version": 1})
    assert future.status_code == 400 and "issued_on" in future.json()["errors"]
    other_subject = Inspection.objects.get(pk=parts_b["inspection_id"]).subjects.first()
    forged = call(client, "PATCH", url, world.officer_a,
                  {"subject": other_subject.pk, "version": 1})
    assert forged.status_code == 400 and "subject" in forged.json()["errors"]
    assert Document.objects.get(pk=document.pk).version == 1


# --- the edit pages ----------------------------------------------------------------------------


def test_remediation_edit_page_saves_through_the_service(client, world, parts_a):
    item = _item(parts_a)
    url = reverse("inspections:remediation_edit", kwargs={
        "inspection_id": parts_a["inspection_id"], "remediation_item_id": item.pk})
    client.force_login(world.officer_a)
    detail = client.get(reverse("inspections:detail",
                                kwargs={"inspection_id": parts_a["inspection_id"]}))
    assert url in detail.content.decode()
    page = client.get(url).content.decode()
    assert "30/06/2025" in page and 'name="version"' in page
    response = client.post(url, {"content": "Bổ sung hồ sơ, lý lịch", "owner_text": "Chi bộ",
                                 "deadline": "15/07/2025", "version": 1,
                                 "change_reason": "Theo kết luận bổ sung"})
    assert response.status_code == 302
    assert RemediationItem.objects.get(pk=item.pk).deadline == date(2025, 7, 15)
    timeline = client.get(reverse("inspections:detail",
                                  kwargs={"inspection_id": parts_a["inspection_id"]}))
    assert "Sửa việc khắc phục" in timeline.content.decode()
    stale = client.post(url, {"content": "Khác", "owner_text": "Chi bộ",
                              "deadline": "16/07/2025", "version": 1})
    assert stale.status_code == 400 and "vừa được người khác cập nhật" in stale.content.decode()
    bad = client.post(url, {"content": "Khác", "owner_text": "Chi bộ", "deadline": "31/02/2025",
                            "version": 2})
    assert bad.status_code == 400 and "Ngày không hợp lệ" in bad.content.decode()
    assert RemediationItem.objects.get(pk=item.pk).content == "Bổ sung hồ sơ, lý lịch"


def test_document_edit_page_is_scoped_and_closed_to_viewers(client, world, parts_a, parts_b):
    theirs = reverse("inspections:document_edit", kwargs={
        "inspection_id": parts_b["inspection_id"],
        "inspection_document_id": parts_b["inspection_document_id"]})
    mine = reverse("inspections:document_edit", kwargs={
        "inspection_id": parts_a["inspection_id"],
        "inspection_document_id": parts_a["inspection_document_id"]})
    client.force_login(world.officer_a)
    assert client.post(theirs, {"doc_type": "KL", "number": "1", "issued_on": "20/03/2025",
                                "title": "Sửa trộm", "version": 1}).status_code == 404
    response = client.post(mine, {"doc_type": "KL", "number": "9-KL/UBKT",
                                  "issued_on": "21/03/2025", "title": "Kết luận (bản sửa)",
                                  "version": 1})
    assert response.status_code == 302
    client.force_login(world.viewer_a)
    assert client.get(mine).status_code == 403
    assert _doc(parts_a).issued_on == date(2025, 3, 21)
    assert _doc(parts_b).title == "Kết luận kiểm tra"


def test_edit_page_of_a_classified_inspection_asks_why_first(client, world, leader_a):
    parts = matrix_records(leader_a, world.hn, world.hn_ward, world.person_a_secret,
                           classification=1)
    url = reverse("inspections:remediation_edit", kwargs={
        "inspection_id": parts["inspection_id"],
        "remediation_item_id": parts["remediation_item_id"]})
    client.force_login(world.officer_a)
    asked = client.get(url).content.decode()
    assert "Lý do xem hồ sơ" in asked and 'name="version"' not in asked
    posted = client.post(url, {"content": "Đổi", "owner_text": "Chi bộ",
                               "deadline": "15/07/2025", "version": 1})
    assert posted.status_code == 302
    assert _item(parts).content == "Bổ sung hồ sơ"
    client.post(url, {"ntk-reason": "Theo dõi khắc phục sau kiểm tra"})
    assert 'name="version"' in client.get(url).content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(parts["inspection_id"]),
                                     reason="Theo dõi khắc phục sau kiểm tra").exists()


# --- programmes --------------------------------------------------------------------------------


def _programme_url(parts) -> str:
    return f"/inspections/programmes/{parts['programme_id']}"


def test_programme_patch_changes_the_row_and_audits(client, world, parts_a):
    from inspections.models import Programme

    programme = Programme.objects.get(pk=parts_a["programme_id"])
    response = call(client, "PATCH", _programme_url(parts_a), world.officer_a,
                    {"number": "15-KH/TU", "place": "Hà Nội", "version": programme.version,
                     "reason": "Sai số kế hoạch"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["number"] == "15-KH/TU" and body["org_unit_id"] == world.hn.pk
    assert body["version"] == programme.version + 1 and body["inspections"]
    event = AuditEvent.objects.get(target_type="inspections.programme",
                                   target_id=str(programme.pk), action=AuditAction.UPDATE)
    assert event.before["number"] == "12-KH/TU" and event.after["number"] == "15-KH/TU"
    assert event.reason == "Sai số kế hoạch"


def test_programme_stale_version_is_409_and_changes_nothing(client, world, parts_a):
    from inspections.models import Programme

    url = _programme_url(parts_a)
    assert call(client, "PATCH", url, world.officer_a,
                {"title": "Lần một", "version": 1}).status_code == 200
    assert call(client, "PATCH", url, world.officer_a,
                {"title": "Lần hai", "version": 1}).status_code == 409
    assert Programme.objects.get(pk=parts_a["programme_id"]).title == "Lần một"


def test_programme_of_other_province_is_404_and_viewer_is_403(client, world, parts_a, parts_b):
    from inspections.models import Programme

    assert call(client, "PATCH", _programme_url(parts_b), world.officer_a,
                {"title": "Sửa trộm", "version": 1}).status_code == 404
    assert call(client, "PATCH", _programme_url(parts_a), world.viewer_a,
                {"title": "Sửa trộm", "version": 1}).status_code == 403
    assert not Programme.objects.filter(title="Sửa trộm").exists()


def test_programme_bad_input_names_the_field(client, world, parts_a):
    from inspections.models import Programme

    url = _programme_url(parts_a)
    bad_year = call(client, "PATCH", url, world.officer_a, {"year": 1500, "version": 1})
    assert bad_year.status_code == 400 and "year" in bad_year.json()["errors"]
    wrong_date = call(client, "PATCH", url, world.officer_a,
                      {"issued_on": "2020-01-01", "version": 1})
    assert wrong_date.status_code == 400 and "issued_on" in wrong_date.json()["errors"]
    raised = call(client, "PATCH", url, world.officer_a, {"classification": 1, "version": 1})
    assert raised.status_code == 400  # its inspection is Thường: the programme may not be Mật
    assert Programme.objects.get(pk=parts_a["programme_id"]).version == 1


def test_programme_edit_page_saves_through_the_service(client, world, parts_a, parts_b):
    from inspections.models import Programme

    url = reverse("inspections:programme_edit", kwargs={"programme_id": parts_a["programme_id"]})
    client.force_login(world.officer_a)
    assert url in client.get(reverse("inspections:programme_detail", kwargs={
        "programme_id": parts_a["programme_id"]})).content.decode()
    page = client.get(url).content.decode()
    assert "29/12/2024" in page and 'name="version"' in page
    response = client.post(url, {"year": 2025, "title": "Chương trình kiểm tra năm 2025",
                                 "number": "12-KH/TU", "issued_on": "30/12/2024",
                                 "place": "Hà Nội", "classification": 0, "version": 1,
                                 "org_unit": world.hp.pk})
    assert response.status_code == 302
    programme = Programme.objects.get(pk=parts_a["programme_id"])
    assert programme.issued_on == date(2024, 12, 30) and programme.org_unit_id == world.hn.pk
    stale = client.post(url, {"year": 2025, "title": "Khác", "classification": 0, "version": 1})
    assert stale.status_code == 400 and "vừa được người khác cập nhật" in stale.content.decode()
    assert client.get(reverse("inspections:programme_edit", kwargs={
        "programme_id": parts_b["programme_id"]})).status_code == 404
    client.force_login(world.viewer_a)
    assert client.get(url).status_code == 403
