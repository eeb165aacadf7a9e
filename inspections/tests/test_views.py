"""Pages: lists and filters, the detail page with its timeline, actions from the page, bad input
and forged ids answered with Vietnamese errors and nothing saved, conflicts, query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.choices import Classification
from inspections.choices import Status
from inspections.models import Inspection, Programme, Subject
from inspections.tests.factories import make_inspection, make_programme, run_to_draft


@pytest.fixture
def inspection(world, leader_a):
    return make_inspection(leader_a, world.hn, title="Kiểm tra Đảng ủy phường Ba Đình")


def test_list_shows_own_province_only(client, world, leader_a, leader_b, inspection):
    make_inspection(leader_b, world.hp, title="Kiểm tra ở Hải Phòng")
    client.force_login(world.officer_a)
    page = client.get("/kiem-tra/").content.decode()
    assert "Kiểm tra Đảng ủy phường Ba Đình" in page and "Hải Phòng" not in page


def test_list_filters_by_kind_status_and_overdue(client, world, leader_a, inspection):
    running = run_to_draft(leader_a, make_inspection(leader_a, world.hn, title="Đang chạy"),
                           units=[world.hn_ward], start=date(2025, 1, 6))
    client.force_login(world.officer_a)
    page = client.get("/kiem-tra/?status=DRAFT_REPORT").content.decode()
    assert "Đang chạy" in page and "Kiểm tra Đảng ủy phường Ba Đình" not in page
    assert "Đang chạy" not in client.get("/kiem-tra/?kind=GIAM_SAT").content.decode()
    assert "Đang chạy" in client.get("/kiem-tra/?overdue=1").content.decode()
    assert running.is_overdue(date.today())  # noqa: DTZ011
    # Unknown filter values are ignored, never a 500.
    assert client.get("/kiem-tra/?status=XYZ&year=abc&kind=%00").status_code == 200


def test_list_query_count_does_not_grow_with_rows(client, world, leader_a):
    programme = make_programme(leader_a, world.hn)
    for n in range(3):
        make_inspection(leader_a, world.hn, programme=programme, title=f"Cuộc {n}")
    client.force_login(world.officer_a)
    with CaptureQueriesContext(connection) as few:
        client.get("/kiem-tra/")
    for n in range(10):
        make_inspection(leader_a, world.hn, programme=programme, title=f"Cuộc thêm {n}")
    with CaptureQueriesContext(connection) as many:
        client.get("/kiem-tra/")
    assert len(many) == len(few)


def test_viewer_cannot_see_a_classified_inspection(client, world, leader_a):
    secret = make_inspection(leader_a, world.hn, title="Cuộc mật",
                             classification=Classification.MAT)
    client.force_login(world.viewer_a)
    assert client.get(f"/kiem-tra/{secret.pk}/").status_code == 404
    assert "Cuộc mật" not in client.get("/kiem-tra/").content.decode()


def test_a_classified_inspection_asks_why_then_logs_each_read(client, world, leader_a):
    from audit.models import AuditEvent

    secret = make_inspection(leader_a, world.hn, title="Cuộc kiểm tra mật",
                             classification=Classification.MAT)
    reads = AuditEvent.objects.filter(action="READ", target_id=str(secret.pk),
                                      target_type="inspections.inspection")
    client.force_login(world.officer_a)
    first = client.get(f"/kiem-tra/{secret.pk}/").content.decode()
    assert "Lý do xem hồ sơ" in first and "Cuộc kiểm tra mật" not in first
    assert not reads.exists()
    short = client.post(f"/kiem-tra/{secret.pk}/", {"ntk-reason": "xem"}).content.decode()
    assert "Lý do quá ngắn" in short
    client.post(f"/kiem-tra/{secret.pk}/", {"ntk-reason": "Theo dõi việc khắc phục năm 2025"})
    assert "Cuộc kiểm tra mật" in client.get(f"/kiem-tra/{secret.pk}/").content.decode()
    client.get(f"/kiem-tra/{secret.pk}/")
    assert list(reads.values_list("reason", flat=True)) == [
        "Theo dõi việc khắc phục năm 2025"] * 2


def test_programme_is_created_from_the_page(client, world, leader_a):
    client.force_login(leader_a)
    response = client.post("/kiem-tra/chuong-trinh/them/", {
        "year": "2026", "org_unit": world.hn.pk, "title": "Chương trình kiểm tra năm 2026",
        "number": "15-KH/TU", "issued_on": "29/12/2025", "place": "Hà Nội",
        "classification": "0"})
    programme = Programme.objects.get(number="15-KH/TU")
    assert response.status_code == 302
    assert programme.org_unit == world.hn and programme.issued_on == date(2025, 12, 29)


def test_forged_unit_of_other_province_is_refused_and_nothing_saved(client, world, leader_a):
    client.force_login(leader_a)
    response = client.post("/kiem-tra/chuong-trinh/them/", {
        "year": "2026", "org_unit": world.hp.pk, "title": "Giả mạo", "classification": "0"})
    assert response.status_code == 200
    assert "ngoài phạm vi" in response.content.decode()
    assert not Programme.objects.filter(title="Giả mạo").exists()


def test_impossible_date_on_the_page_is_a_vietnamese_error(client, world, leader_a):
    client.force_login(leader_a)
    response = client.post("/kiem-tra/chuong-trinh/them/", {
        "year": "2026", "org_unit": world.hn.pk, "title": "Ngày sai", "issued_on": "31/02/2026",
        "classification": "0"})
    assert "ngày/tháng/năm" in response.content.decode()
    assert not Programme.objects.filter(title="Ngày sai").exists()


def test_subject_of_other_province_is_refused(client, world, leader_a, inspection):
    client.force_login(leader_a)
    response = client.post(f"/kiem-tra/{inspection.pk}/doi-tuong/",
                           {"person": world.person_b.pk})
    assert response.status_code == 400
    assert "ngoài phạm vi" in response.content.decode()
    assert not Subject.objects.filter(inspection=inspection).exists()


def test_transition_from_the_page_shows_the_guard_in_vietnamese(client, world, leader_a,
                                                                inspection):
    client.force_login(leader_a)
    response = client.post(f"/kiem-tra/{inspection.pk}/chuyen-buoc/", {
        "target": "DECIDED", "on": "01/03/2025", "version": inspection.version})
    assert response.status_code == 400
    assert "Cần có văn bản" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == Status.PLANNED


def test_second_editor_on_the_page_gets_a_conflict(client, world, leader_a, inspection):
    client.force_login(leader_a)
    stale = inspection.version
    client.post(f"/kiem-tra/{inspection.pk}/van-ban/", {
        "doc_type": "QD", "number": "1-QĐ/UBKT", "issued_on": "01/03/2025", "title": "QĐ"})
    response = client.post(f"/kiem-tra/{inspection.pk}/sua/", {
        "kind": "KIEM_TRA", "type": "CHUYEN_DE", "title": "Sửa đè", "look_back_from": "01/01/2023",
        "look_back_to": "31/12/2024", "classification": "0", "version": stale})
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert Inspection.objects.get(pk=inspection.pk).title != "Sửa đè"


def test_viewer_cannot_post_actions(client, world, inspection):
    client.force_login(world.viewer_a)
    response = client.post(f"/kiem-tra/{inspection.pk}/doi-tuong/",
                           {"org_unit": world.hn_ward.pk})
    assert response.status_code == 403
    assert not Subject.objects.exists()


def test_detail_shows_timeline_with_who_and_the_status_reached(client, world, leader_a):
    inspection = run_to_draft(leader_a, make_inspection(leader_a, world.hn),
                              units=[world.hn_ward])
    client.force_login(world.officer_a)
    page = client.get(f"/kiem-tra/{inspection.pk}/").content.decode()
    assert "leader_a" in page and "Dự thảo báo cáo" in page and "Đã công bố quyết định" in page
    assert "Ghi văn bản" in page and "Thêm đối tượng" in page


def test_list_filters_by_inspecting_body_and_refuses_a_forged_one(client, world, leader_a,
                                                                 inspection):
    from accounts.choices import Role
    from accounts.tests.factories import make_user

    ward_leader = make_user("leader_ward", world.hn_ward, Role.LEADER)
    make_inspection(ward_leader, world.hn_ward, title="Cuộc của phường")
    client.force_login(world.officer_a)
    page = client.get(f"/kiem-tra/?unit={world.hn_ward.pk}").content.decode()
    assert "Cuộc của phường" in page and "Kiểm tra Đảng ủy phường Ba Đình" not in page
    assert client.get(f"/kiem-tra/?unit={world.hp.pk}").status_code == 404


def test_detail_flags_an_inspection_past_its_deadline(client, world, leader_a):
    late = run_to_draft(leader_a, make_inspection(leader_a, world.hn), units=[world.hn_ward],
                        start=date(2025, 1, 6))
    client.force_login(world.officer_a)
    page = client.get(f"/kiem-tra/{late.pk}/").content.decode()
    assert 'id="overdue-flag"' in page and late.deadline.strftime("%d/%m/%Y") in page


def _concluded_with_discipline(leader, world):
    from inspections.tests.factories import conclude

    inspection = run_to_draft(leader, make_inspection(leader, world.hn), people=[world.person_a])
    subject = inspection.subjects.get()
    conclude(leader, inspection, date(2025, 4, 1), {subject: {
        "violation": True, "applied_discipline": "CANH_CAO", "recommended_discipline": "CANH_CAO",
        "discipline_decision": "3-QĐ/UBKT", "discipline_decided_on": date(2025, 4, 10)}})
    return inspection, subject


def test_late_appeal_on_the_page_is_refused_in_vietnamese(client, world, leader_a):
    inspection, subject = _concluded_with_discipline(leader_a, world)
    client.force_login(leader_a)
    url = f"/kiem-tra/{inspection.pk}/doi-tuong/{subject.pk}/khieu-nai/"
    assert "10/05/2025" in client.get(url).content.decode()  # the deadline is shown
    response = client.post(url, {"filed_on": "11/05/2025", "content": "Xin xem xét lại"})
    assert response.status_code == 400
    assert "Quá thời hạn khiếu nại" in response.content.decode()
    assert not subject.conclusion.appeals.exists()
    client.post(url, {"filed_on": "09/05/2025", "content": "Xin xem xét lại"})
    assert subject.conclusion.appeals.get().result == "PENDING"


def test_two_editors_of_one_conclusion_the_second_gets_a_conflict(client, world, leader_a):
    inspection, subject = _concluded_with_discipline(leader_a, world)
    client.force_login(leader_a)
    url = f"/kiem-tra/{inspection.pk}/doi-tuong/{subject.pk}/ket-luan/"
    version = subject.conclusion.version
    form = {"violation": "1", "summary": "Lần một", "applied_discipline": "CANH_CAO",
            "discipline_decision": "3-QĐ/UBKT", "discipline_decided_on": "10/04/2025",
            "version": version}
    assert client.post(url, form).status_code == 302
    second = client.post(url, {**form, "summary": "Lần hai"})
    assert "vừa được người khác cập nhật" in second.content.decode()
    subject.conclusion.refresh_from_db()
    assert subject.conclusion.summary == "Lần một"
