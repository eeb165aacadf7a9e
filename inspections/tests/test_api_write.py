"""REST API writes of inspections: programme, inspection (create, edit with 409), subjects,
team, documents, conclusions, appeals, remediation — scoped, audited, errors in Vietnamese."""

from datetime import date

from audit.models import AuditEvent
from core.tests.api_client import call
from inspections.choices import DocType, Status
from inspections.models import Inspection, Programme
from inspections.tests.factories import (
    add_doc,
    conclude,
    make_inspection,
    make_programme,
    run_to_draft,
)


def new_inspection(programme, **extra) -> dict:
    body = {"programme": programme.pk, "kind": "KIEM_TRA", "type": "CHUYEN_DE",
            "title": "Kiểm tra công tác bảo vệ chính trị nội bộ",
            "look_back_from": "2022-01-01", "look_back_to": "2024-12-31", "planned_month": 5}
    body.update(extra)
    return body


def test_create_programme_and_inspection_then_read_them(client, world, leader_a):
    response = call(client, "POST", "/inspections/programmes", leader_a, {
        "year": 2025, "org_unit": world.hn.pk, "title": "Chương trình kiểm tra năm 2025",
        "number": "12-KH/TU", "issued_on": "2024-12-29"})
    assert response.status_code == 201, response.content
    programme = Programme.objects.get(pk=response.json()["id"])
    assert AuditEvent.objects.filter(target_id=str(programme.pk), action="CREATE").exists()
    response = call(client, "POST", "/inspections", leader_a, new_inspection(programme))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "PLANNED" and body["programme_id"] == programme.pk
    detail = call(client, "GET", f"/inspections/programmes/{programme.pk}", world.officer_a)
    assert [row["id"] for row in detail.json()["inspections"]] == [body["id"]]
    listed = call(client, "GET", f"/inspections?programme={programme.pk}", world.officer_a)
    assert listed.json()["count"] == 1


def test_create_refuses_bad_fields_with_vietnamese_messages(client, world, leader_a):
    programme = make_programme(leader_a, world.hn)
    response = call(client, "POST", "/inspections", leader_a, new_inspection(
        programme, kind="GIAM_SAT", type="DAU_HIEU_VI_PHAM", look_back_from="2010-01-01"))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "Giám sát chỉ có" in errors["type"][0] and "tối đa" in errors["look_back_from"][0]
    bad_date = call(client, "POST", "/inspections", leader_a,
                    new_inspection(programme, look_back_to="31/02/2024"))
    assert bad_date.status_code == 400 and "Ngày không hợp lệ" in bad_date.json()[
        "errors"]["look_back_to"][0]
    missing = call(client, "POST", "/inspections", leader_a, {"programme": programme.pk})
    assert missing.status_code == 400 and "title" in missing.json()["errors"]


def test_programme_of_another_province_is_refused(client, world, leader_a, leader_b):
    theirs = make_programme(leader_b, world.hp)
    response = call(client, "POST", "/inspections", leader_a, new_inspection(theirs))
    assert response.status_code == 400 and "programme" in response.json()["errors"]
    assert call(client, "GET", f"/inspections/programmes/{theirs.pk}",
                world.officer_a).status_code == 404
    listed = call(client, "GET", "/inspections/programmes", world.officer_a).json()
    assert theirs.pk not in [row["id"] for row in listed]
    response = call(client, "POST", "/inspections/programmes", leader_a, {
        "year": 2025, "org_unit": world.hp.pk, "title": "Chương trình của tỉnh khác"})
    assert response.status_code == 400 and "org_unit" in response.json()["errors"]


def test_viewer_may_read_but_not_write(client, world, leader_a):
    programme = make_programme(leader_a, world.hn)
    response = call(client, "POST", "/inspections", world.viewer_a, new_inspection(programme))
    assert response.status_code == 403
    secret = make_inspection(leader_a, world.hn, classification=1)
    assert call(client, "GET", f"/inspections/{secret.pk}?reason=Kiểm tra hồ sơ",
                world.viewer_a).status_code == 404


def test_update_changes_only_sent_fields_and_stale_version_is_409(client, world, leader_a):
    inspection = make_inspection(leader_a, world.hn)
    response = call(client, "PATCH", f"/inspections/{inspection.pk}", leader_a,
                    {"title": "Nội dung mới", "version": inspection.version})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Nội dung mới" and body["type"] == "CHUYEN_DE"
    assert body["version"] == inspection.version + 1
    stale = call(client, "PATCH", f"/inspections/{inspection.pk}", leader_a,
                 {"title": "Sửa muộn", "version": inspection.version})
    assert stale.status_code == 409 and stale.json()["detail"]
    inspection.refresh_from_db()
    assert inspection.title == "Nội dung mới"


def test_update_of_another_province_is_404(client, world, leader_b):
    theirs = make_inspection(leader_b, world.hp)
    response = call(client, "PATCH", f"/inspections/{theirs.pk}", world.officer_a,
                    {"title": "Sửa trộm", "version": theirs.version})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title != "Sửa trộm"


def test_subjects_team_documents_then_the_decision(client, world, leader_a):
    inspection = make_inspection(leader_a, world.hn)
    url = f"/inspections/{inspection.pk}"
    assert call(client, "POST", f"{url}/subjects", leader_a,
                {"org_unit": world.hn_ward.pk}).status_code == 201
    both = call(client, "POST", f"{url}/subjects", leader_a,
                {"org_unit": world.hn_cell.pk, "person": world.person_a.pk})
    assert both.status_code == 400 and "đúng một" in both.json()["errors"]["__all__"][0]
    other = call(client, "POST", f"{url}/subjects", leader_a, {"person": world.person_b.pk})
    assert other.status_code == 400 and "person" in other.json()["errors"]
    assert call(client, "POST", f"{url}/team", leader_a,
                {"user": leader_a.pk, "role": "TRUONG_DOAN"}).status_code == 201
    refused = call(client, "POST", f"{url}/transition", leader_a,
                   {"target": "DECIDED", "on": "03/03/2025",
                    "version": Inspection.objects.get(pk=inspection.pk).version})
    assert refused.status_code == 400 and "Quyết định" in refused.json()["errors"]["target"][0]
    response = call(client, "POST", f"{url}/documents", leader_a, {
        "doc_type": "QD", "number": "25-QĐ/UBKTTU", "issued_on": "2025-03-03",
        "title": "Quyết định kiểm tra"})
    assert response.status_code == 201
    body = response.json()
    assert [d["number"] for d in body["documents"]] == ["25-QĐ/UBKTTU"]
    assert [m["role"] for m in body["team"]] == ["TRUONG_DOAN"]
    moved = call(client, "POST", f"{url}/transition", leader_a,
                 {"target": "DECIDED", "on": "03/03/2025", "version": body["version"]})
    assert moved.status_code == 200 and moved.json()["status"] == "DECIDED"


def test_conclusion_appeal_and_remediation(client, world, leader_a):
    inspection = run_to_draft(leader_a, make_inspection(leader_a, world.hn),
                              people=[world.person_a], start=date(2025, 3, 3))
    subject = inspection.subjects.get()
    url = f"/inspections/subjects/{subject.pk}/conclusion"
    assert call(client, "GET", url, leader_a).status_code == 404
    wrong = call(client, "PUT", url, leader_a, {"violation": False,
                                                "applied_discipline": "KHIEN_TRACH"})
    assert wrong.status_code == 400 and "applied_discipline" in wrong.json()["errors"]
    response = call(client, "PUT", url, leader_a, {
        "violation": True, "findings": ["Kê khai chưa đầy đủ"], "recommended_discipline":
        "KHIEN_TRACH", "applied_discipline": "KHIEN_TRACH", "discipline_decision": "5-QĐ/UBKT",
        "discipline_decided_on": "2025-03-25"})
    assert response.status_code == 200, response.content
    conclusion = response.json()
    assert conclusion["findings"] == ["Kê khai chưa đầy đủ"]
    stale = call(client, "PUT", url, leader_a, {"violation": True, "version": 99,
                                                "findings": ["Khác"]})
    assert stale.status_code == 409
    assert call(client, "GET", url, world.officer_a).json()["findings"] == ["Kê khai chưa đầy đủ"]
    late = call(client, "POST", f"/inspections/subjects/{subject.pk}/appeals", leader_a,
                {"filed_on": "2025-12-01", "content": "Đề nghị xem xét lại"})
    assert late.status_code == 400 and "Quá thời hạn" in late.json()["errors"]["filed_on"][0]
    appeal = call(client, "POST", f"/inspections/subjects/{subject.pk}/appeals", leader_a,
                  {"filed_on": "2025-04-01", "content": "Đề nghị xem xét lại"})
    assert appeal.status_code == 201, appeal.content
    decided = call(client, "POST", f"/inspections/appeals/{appeal.json()['id']}/decision",
                   leader_a, {"result": "ANNULLED", "decided_on": "2025-04-20"})
    assert decided.status_code == 200 and decided.json()["result"] == "ANNULLED"
    early = call(client, "POST", f"/inspections/{inspection.pk}/remediation", leader_a,
                 {"content": "Bổ sung hồ sơ", "owner_text": "Chi bộ", "deadline": "2025-06-30"})
    assert early.status_code == 400 and "sau khi có kết luận" in early.json()["errors"][
        "__all__"][0]
    inspection.refresh_from_db()
    add_doc(leader_a, inspection, DocType.KL, date(2025, 4, 25))
    inspection.refresh_from_db()
    assert call(client, "POST", f"/inspections/{inspection.pk}/transition", leader_a, {
        "target": "CONCLUDED", "on": "25/04/2025",
        "version": inspection.version}).status_code == 200
    item = call(client, "POST", f"/inspections/{inspection.pk}/remediation", leader_a,
                {"content": "Bổ sung hồ sơ", "owner_text": "Chi bộ", "deadline": "2025-06-30"})
    assert item.status_code == 201, item.content
    item = item.json()
    done_url = f"/inspections/remediation/{item['id']}/done"
    assert call(client, "POST", done_url, leader_a, {
        "done_on": "2025-06-01", "version": item["version"] + 1}).status_code == 409
    done = call(client, "POST", done_url, leader_a, {"done_on": "2025-06-01",
                                                    "version": item["version"]})
    assert done.status_code == 200 and done.json()["done_on"] == "2025-06-01"


def test_parts_of_another_province_are_404(client, world, leader_b):
    theirs = run_to_draft(leader_b, make_inspection(leader_b, world.hp),
                          people=[world.person_b], start=date(2025, 3, 3))
    conclude(leader_b, theirs, date(2025, 4, 1), {theirs.subjects.get(): {"violation": False}})
    subject = theirs.subjects.get()
    for method, path, body in [
        ("GET", f"/inspections/subjects/{subject.pk}/conclusion", None),
        ("PUT", f"/inspections/subjects/{subject.pk}/conclusion", {"violation": False}),
        ("POST", f"/inspections/{theirs.pk}/documents", {
            "doc_type": "BC", "number": "1", "issued_on": "2025-03-03", "title": "x"}),
        ("POST", f"/inspections/{theirs.pk}/remediation", {
            "content": "x", "owner_text": "y", "deadline": "2025-06-30"}),
    ]:
        assert call(client, method, path, world.officer_a, body).status_code == 404, path
    assert theirs.status == Status.CONCLUDED


def test_conclusion_of_a_classified_inspection_needs_a_reason(client, world, leader_a):
    inspection = run_to_draft(leader_a, make_inspection(leader_a, world.hn, classification=1),
                              units=[world.hn_ward], start=date(2025, 3, 3))
    subject = inspection.subjects.get()
    conclude(leader_a, inspection, date(2025, 4, 1), {subject: {"violation": False}})
    url = f"/inspections/subjects/{subject.pk}/conclusion"
    missing = call(client, "GET", url, world.officer_a)
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    assert call(client, "GET", url + "?reason=Rà soát kết luận", world.officer_a
                ).status_code == 200
    assert AuditEvent.objects.filter(action="READ", reason="Rà soát kết luận",
                                     target_id=str(inspection.pk)).exists()
    assert call(client, "GET", url + "?reason=Rà soát kết luận", world.viewer_a
                ).status_code == 404
