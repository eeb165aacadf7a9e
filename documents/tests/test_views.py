"""Pages and API of documents: scope, filters, bad input, the edit conflict, links."""

from datetime import date

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from core.choices import Classification
from core.errors import NotAllowed
from documents import services
from documents.choices import Direction
from documents.models import Document
from documents.tests.factories import doc_type, make_document

REASON = "Thẩm định hồ sơ quy hoạch 2026"


def form_data(world, **changes):
    data = {"direction": "OUT", "org_unit": world.hn.pk, "doc_type": doc_type("KL").pk,
            "issuer_code": "btctu", "place": "Hà Nội", "issued_on": "29/12/2023",
            "subject": "Kết luận thẩm định tiêu chuẩn chính trị", "signer": "Nguyễn Văn Ký",
            "classification": "0", "urgency": "THUONG", "copies": "2"}
    data.update(changes)
    return data


def test_officer_registers_a_document_numbered_by_the_server(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("documents:create"), form_data(world))
    document = Document.objects.get()
    assert response.status_code == 302
    assert document.number_display == "Số 1-KL/BTCTU"
    assert document.issued_on == date(2023, 12, 29) and document.created_by == world.officer_a
    page = client.get(reverse("documents:detail", kwargs={"document_id": document.pk}))
    assert "Số 1-KL/BTCTU" in page.content.decode()
    assert "ngày 29 tháng 12 năm 2023" in page.content.decode()


@pytest.mark.parametrize(("changes", "message"), [
    ({"issued_on": "31/02/2024"}, "Ngày không hợp lệ"),
    ({"issued_on": "2099-01-01"}, "tương lai"),
    ({"org_unit": "__b__"}, "nằm ngoài phạm vi"),
    ({"direction": "IN"}, "hãy nhập số"),
    ({"number": "7"}, "cấp số tự động"),
    ({"issuer_code": "BTC/TU"}, "viết liền"),
    ({"classification": "1", "protect_until": "01/01/2020"}, "sau ngày ban hành"),
    ({"classification": "3"}, "nằm ngoài phạm vi"),
])
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_saved(client, world, changes, message):
    if changes.get("org_unit") == "__b__":
        changes["org_unit"] = world.hp.pk
    client.force_login(world.officer_a)
    response = client.post(reverse("documents:create"), form_data(world, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.exists()


def test_list_filters_and_stays_in_scope(client, world, django_assert_max_num_queries):
    make_document(world.officer_a, world.hn, code="BC", subject="Báo cáo năm 2025")
    make_document(world.officer_a, world.hn, code="KH", subject="Kế hoạch năm 2024",
                  issued_on=date(2024, 5, 2))
    make_document(world.officer_a, world.hn, code="BC", subject="Báo cáo mật",
                  classification=Classification.MAT)
    make_document(world.officer_b, world.hp, code="BC", subject="Báo cáo Hải Phòng")
    client.force_login(world.officer_a)
    url = reverse("documents:list")
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert "Báo cáo năm 2025" in page and "Báo cáo mật" in page and "Hải Phòng" not in page
    by_type = client.get(url, {"type": doc_type("KH").pk}).content.decode()
    assert "Kế hoạch năm 2024" in by_type and "Báo cáo năm 2025" not in by_type
    by_year = client.get(url, {"year": "2025", "classification": "1"}).content.decode()
    assert "Báo cáo mật" in by_year and "Báo cáo năm 2025" not in by_year
    assert "Kế hoạch năm 2024" not in client.get(url, {"direction": "IN"}).content.decode()
    client.force_login(world.viewer_a)
    assert "Báo cáo mật" not in client.get(url).content.decode()


def test_out_of_scope_documents_are_404(client, world):
    document_b = make_document(world.officer_b, world.hp)
    secret = make_document(world.officer_a, world.hn, classification=Classification.MAT)
    client.force_login(world.officer_a)
    for name in ("detail", "edit", "upload", "register"):
        assert client.get(reverse(f"documents:{name}", kwargs={"document_id": document_b.pk})) \
            .status_code == 404
    client.force_login(world.viewer_a)
    assert client.get(reverse("documents:detail", kwargs={"document_id": secret.pk})) \
        .status_code == 404


def test_classified_document_asks_why_and_logs_each_view(client, world):
    secret = make_document(world.officer_a, world.hn, classification=Classification.MAT,
                           subject="Danh sách quy hoạch mật")
    url = reverse("documents:detail", kwargs={"document_id": secret.pk})
    client.force_login(world.officer_a)
    assert "Danh sách quy hoạch mật" not in client.get(url).content.decode()
    client.post(url, {"ntk-reason": REASON})
    assert "Danh sách quy hoạch mật" in client.get(url).content.decode()
    assert AuditEvent.objects.get(action="READ", target_type="documents.document").reason == REASON


def test_second_editor_gets_a_conflict_and_nothing_is_overwritten(client, world):
    document = make_document(world.officer_a, world.hn)
    url = reverse("documents:edit", kwargs={"document_id": document.pk})
    client.force_login(world.officer_a)
    base = {"place": "Hà Nội", "issued_on": "10/03/2025", "classification": "0",
            "urgency": "THUONG", "copies": "3", "version": str(document.version)}
    first = client.post(url, {**base, "subject": "Trích yếu của người thứ nhất"})
    assert first.status_code == 302
    second = client.post(url, {**base, "subject": "Trích yếu của người thứ hai"})
    assert "vừa được người khác cập nhật" in second.content.decode()
    document.refresh_from_db()
    assert document.subject == "Trích yếu của người thứ nhất" and document.version == 2


def test_viewer_cannot_create_or_edit(client, world):
    document = make_document(world.officer_a, world.hn)
    client.force_login(world.viewer_a)
    assert client.post(reverse("documents:create"), form_data(world)).status_code == 403
    assert client.get(reverse("documents:edit", kwargs={"document_id": document.pk})) \
        .status_code == 403
    assert Document.objects.count() == 1


def test_link_to_another_record_needs_it_visible(world):
    document = make_document(world.officer_a, world.hn)
    services.do_link_document(actor=world.officer_a, document=document, target=world.person_a)
    assert list(services.documents_of(world.officer_a, world.person_a)) == [document]
    assert list(services.documents_of(world.officer_b, world.person_a)) == []
    with pytest.raises(NotAllowed):
        services.do_link_document(actor=world.officer_a, document=document, target=world.person_b)


# --- API ------------------------------------------------------------------------------------------


def test_api_creates_lists_and_reads_documents(client, world):
    client.force_login(world.officer_a)
    payload = {"org_unit": world.hn.pk, "doc_type": doc_type("TB").pk, "issuer_code": "BTCTU",
               "issued_on": "05/06/2025", "subject": "Thông báo kết luận", "classification": 1,
               "reason": "Vào sổ"}
    created = client.post(reverse("api:create_document"), payload, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["number_display"] == "Số 1-TB/BTCTU" and body["attachments"] == []
    listed = client.get(reverse("api:list_documents"), {"year": "2025"}).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == body["id"]
    url = reverse("api:get_document", kwargs={"document_id": body["id"]})
    assert client.get(url).status_code == 400  # classified: a reason is needed
    assert client.get(url, {"reason": REASON}).json()["copies_held"] == 1


def test_api_refuses_bad_input_and_other_provinces(client, world):
    client.force_login(world.officer_a)
    payload = {"org_unit": world.hp.pk, "doc_type": doc_type("TB").pk, "issuer_code": "BTCTU",
               "issued_on": "31/02/2025", "subject": "Thông báo"}
    response = client.post(reverse("api:create_document"), payload,
                           content_type="application/json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"org_unit", "issued_on"}
    document_b = make_document(world.officer_b, world.hp, direction=Direction.INTERNAL)
    assert client.get(reverse("api:get_document", kwargs={"document_id": document_b.pk})) \
        .status_code == 404
    assert client.get(reverse("api:list_documents")).json()["count"] == 0


def test_every_page_renders_for_an_officer(client, world, leader_a):
    secret = make_document(world.officer_a, world.hn, classification=Classification.MAT)
    client.force_login(world.officer_a)
    client.post(reverse("documents:detail", kwargs={"document_id": secret.pk}), {"ntk-reason": REASON})
    pages = [reverse("documents:list"), reverse("documents:create")] + [
        reverse(f"documents:{name}", kwargs={"document_id": secret.pk})
        for name in ("detail", "edit", "upload", "register")]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    register = client.get(reverse("documents:register", kwargs={"document_id": secret.pk}))
    assert "Phạm Thị Lãnh Đạo" in register.content.decode()  # the named approver to choose
