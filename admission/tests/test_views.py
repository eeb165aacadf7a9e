"""Admission pages: list filters, detail with papers (expired in red), moves with Vietnamese
guard messages, scoping 404s, edit conflict, bad input."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from admission.choices import Status
from admission.models import AdmissionDossier
from admission.services import do_add_document
from admission.tests.factories import expired_course, kind, make_candidate, make_dossier
from coordination.choices import RequestKind
from coordination.tests.factories import make_request
from core.choices import Classification

REASON = "Thẩm định hồ sơ kết nạp đảng viên 2026"


@pytest.fixture
def candidate(world):
    return make_candidate(world.admin, world.hn_cell)


def _url(name, dossier=None):
    if dossier is None:
        return reverse(f"admission:{name}")
    return reverse(f"admission:{name}", kwargs={"admission_dossier_id": dossier.pk})


def test_list_filters_by_status_and_overdue_clock(client, world, candidate):
    resolved = make_dossier(world.officer_a, world.hn_cell, candidate, moves=3)
    other = make_candidate(world.admin, world.hn_cell, "Võ Minh Khôi")
    make_dossier(world.officer_a, world.hn_cell, other)
    client.force_login(world.officer_a)
    page = client.get(_url("list"), {"status": Status.COLLECTING}).content.decode()
    assert "Võ Minh Khôi" in page and "Phạm Thị Lan" not in page
    # The clock of the resolved dossier ran out on 06/05/2026: today is after it.
    page = client.get(_url("list"), {"overdue": "on"}).content.decode()
    assert "Phạm Thị Lan" in page and "Võ Minh Khôi" not in page
    assert resolved.decision_due_on == date(2026, 5, 6)


def test_list_filters_papers_expiring_within_30_days(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, papers_issued=None)
    do_add_document(actor=world.officer_a, dossier=dossier, data={
        "kind": kind("DON_XIN_VAO_DANG"), "issued_on": date(2020, 1, 1)})
    other = make_candidate(world.admin, world.hn_cell, "Võ Minh Khôi")
    make_dossier(world.officer_a, world.hn_cell, other, papers_issued=timezone.localdate())
    client.force_login(world.officer_a)
    page = client.get(_url("list"), {"expiring": "on"}).content.decode()
    assert "Phạm Thị Lan" in page and "Võ Minh Khôi" not in page


def test_detail_shows_expired_papers_in_red(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, papers_issued=None)
    do_add_document(actor=world.officer_a, dossier=dossier, data={
        "kind": kind("GIAY_CHUNG_NHAN_LOP_BOI_DUONG"), "issued_on": date(2020, 1, 1)})
    client.force_login(world.officer_a)
    page = client.get(_url("detail", dossier)).content.decode()
    assert 'class="table-danger"' in page and "01/01/2025" in page and "đã hết hạn" in page


def test_cell_resolution_page_refuses_with_the_expired_paper_message(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate, moves=2,
                           papers_issued=date(2025, 9, 1))
    expired_course(world.officer_a, dossier)
    dossier.refresh_from_db()
    client.force_login(world.officer_a)
    response = client.post(_url("transition", dossier), {
        "action": "CELL_RESOLVE", "on": "30/01/2026", "number": "05-NQ/CB",
        "version": dossier.version})
    assert response.status_code == 200
    assert ("Giấy chứng nhận lớp bồi dưỡng đã hết hạn ngày 01/12/2025: cần bổ sung trước khi "
            "chi bộ xét.") in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.RESULTS_IN


def test_moves_through_the_pages_and_show_on_the_timeline(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    client.force_login(world.officer_a)
    response = client.post(_url("transition", dossier), {
        "action": "SEND_VERIFICATION", "on": "01/10/2025", "version": dossier.version})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.VERIFICATION_SENT
    page = client.get(_url("detail", dossier)).content.decode()
    assert "Đã gửi thẩm tra lý lịch → Đã gửi thẩm tra lý lịch" in page


def test_impossible_date_is_refused_with_nothing_saved(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    client.force_login(world.officer_a)
    response = client.post(_url("transition", dossier), {
        "action": "SEND_VERIFICATION", "on": "31/02/2026", "version": dossier.version})
    assert "Ngày không hợp lệ hoặc không có thật" in response.content.decode()
    response = client.post(_url("document_add", dossier), {
        "kind": kind("LY_LICH").pk, "issued_on": "2025-13-01"})
    assert "Ngày không hợp lệ hoặc không có thật" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.COLLECTING and dossier.documents.count() == 6


def test_create_refuses_a_party_member_and_a_forged_person_of_other_province(client, world):
    client.force_login(world.officer_a)
    count = AdmissionDossier.objects.count()
    response = client.post(_url("create"), {"person": world.person_a.pk,
                                            "org_unit": world.hn_cell.pk, "classification": 0,
                                            "opened_on": "01/09/2025"})
    assert "chỉ lập hồ sơ kết nạp cho quần chúng" in response.content.decode()
    response = client.post(_url("create"), {"person": world.person_b.pk,
                                            "org_unit": world.hp_cell.pk, "classification": 0,
                                            "opened_on": "01/09/2025"})
    assert "ngoài phạm vi của bạn" in response.content.decode()
    assert AdmissionDossier.objects.count() == count


def test_create_and_add_a_paper(client, world, candidate):
    client.force_login(world.officer_a)
    response = client.post(_url("create"), {"person": candidate.pk, "org_unit": world.hn_cell.pk,
                                            "classification": 0, "opened_on": "01/09/2025"})
    dossier = AdmissionDossier.objects.get(person=candidate)
    assert response.status_code == 302
    client.post(_url("document_add", dossier), {"kind": kind("GIAY_CHUNG_NHAN_LOP_BOI_DUONG").pk,
                                                "issued_on": "15/08/2025"})
    paper = dossier.documents.get()
    assert paper.expires_on == date(2030, 8, 15)


def test_second_editor_gets_a_conflict_message(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    client.force_login(world.officer_a)
    form = {"org_unit": world.hn_cell.pk, "classification": 0, "opened_on": "15/09/2025",
            "special_case": "on", "special_case_reason": "Vùng sâu", "version": dossier.version}
    assert client.post(_url("edit", dossier), form).status_code == 302
    form["special_case_reason"] = "Khác"
    response = client.post(_url("edit", dossier), form)
    assert "vừa được người khác cập nhật" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.special_case_reason == "Vùng sâu"


def test_special_case_needs_a_reason(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    client.force_login(world.officer_a)
    response = client.post(_url("edit", dossier), {
        "org_unit": world.hn_cell.pk, "classification": 0, "opened_on": "15/09/2025",
        "special_case": "on", "version": dossier.version})
    assert "Trường hợp đặc biệt cần ghi rõ lý do." in response.content.decode()


def test_officer_of_other_province_gets_404(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    client.force_login(world.officer_b)
    for name in ("detail", "edit", "document_add", "letter_link", "transition"):
        assert client.get(_url(name, dossier)).status_code == 404
    assert "Phạm Thị Lan" not in client.get(_url("list")).content.decode()


def test_viewer_does_not_see_a_classified_dossier(client, world):
    secret = make_candidate(world.admin, world.hn_cell, "Đỗ Thị Mật",
                            classification=Classification.MAT)
    dossier = make_dossier(world.admin, world.hn_cell, secret, classification=Classification.MAT)
    client.force_login(world.viewer_a)
    assert client.get(_url("detail", dossier)).status_code == 404
    assert "Đỗ Thị Mật" not in client.get(_url("list")).content.decode()


def test_classified_dossier_asks_why_once_then_logs_each_view(client, world):
    from audit.models import AuditEvent

    secret = make_candidate(world.admin, world.hn_cell, "Đỗ Thị Mật",
                            classification=Classification.MAT)
    dossier = make_dossier(world.admin, world.hn_cell, secret, classification=Classification.MAT)
    reads = AuditEvent.objects.filter(action="READ", target_type="admission.admissiondossier",
                                      target_id=str(dossier.pk))
    client.force_login(world.officer_a)
    detail = client.get(_url("detail", dossier)).content.decode()
    assert "Lý do xem hồ sơ" in detail and "Đỗ Thị Mật" not in detail
    edit = client.get(_url("edit", dossier)).content.decode()
    assert "Lý do xem hồ sơ" in edit and 'name="version"' not in edit
    assert not reads.exists()
    response = client.post(_url("edit", dossier), {"ntk-reason": REASON})
    assert response.status_code == 302 and response["Location"] == _url("edit", dossier)
    assert 'name="version"' in client.get(_url("edit", dossier)).content.decode()
    assert "Đỗ Thị Mật" in client.get(_url("detail", dossier)).content.decode()
    assert list(reads.values_list("reason", flat=True)) == [REASON] * 2


def test_link_a_verification_letter_of_the_ledger(client, world, candidate):
    dossier = make_dossier(world.officer_a, world.hn_cell, candidate)
    letter = make_request(world.admin, world.hn_ward, kind=RequestKind.XAC_MINH,
                          subject_person=candidate, opened=date(2025, 10, 1),
                          letter_number="20-CV/ĐU")
    client.force_login(world.officer_a)
    response = client.post(_url("letter_link", dossier), {"request": letter.pk})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.admission_dossier_id == dossier.pk
    page = client.get(_url("detail", dossier)).content.decode()
    assert "20-CV/ĐU" in page
    assert reverse("coordination:letter", kwargs={"coordination_request_id": letter.pk}) in page


def test_list_reads_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for index in range(8):
        person = make_candidate(world.admin, world.hn_cell, f"Người thứ {index}")
        make_dossier(world.officer_a, world.hn_cell, person, papers_issued=None)
    client.force_login(world.officer_a)
    with django_assert_max_num_queries(12):
        response = client.get(_url("list"), {"status": Status.COLLECTING})
    assert response.content.decode().count("Người thứ") == 8
