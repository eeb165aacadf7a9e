"""The documents API: list, detail, create, edit with the version read, the secret register."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from core.choices import Classification
from core.tests.api_client import call, token_for
from documents.models import Document, SecretRegisterEntry
from documents.tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def doc_a(world):
    return make_document(world.officer_a, world.hn)


@pytest.fixture
def doc_b(world):
    return make_document(world.officer_b, world.hp, subject="Văn bản của Hải Phòng")


@pytest.fixture
def secret_a(world):
    return make_document(world.officer_a, world.hn, classification=Classification.MAT)


REASON = "Thẩm định hồ sơ bổ nhiệm"


def test_list_never_contains_other_provinces_documents(client, world, doc_a, doc_b):
    response = call(client, "GET", "/documents", world.officer_a)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [doc_a.pk]


def test_document_of_another_province_is_404_for_every_operation(client, world, doc_b):
    url = f"/documents/{doc_b.pk}"
    assert call(client, "GET", url, world.officer_a).status_code == 404
    assert call(client, "PATCH", url, world.officer_a,
                {"subject": "Giả mạo", "version": doc_b.version}).status_code == 404
    assert call(client, "GET", url + "/register?reason=" + REASON,
                world.officer_a).status_code == 404
    assert call(client, "POST", url + "/register", world.officer_a,
                {"kind": "OUT", "on": "02/04/2025", "count": 1}).status_code == 404
    assert Document.objects.get(pk=doc_b.pk).subject == "Văn bản của Hải Phòng"


def test_create_then_read_back(client, world):
    types = call(client, "GET", "/documents/types", world.officer_a).json()
    bc = next(t["id"] for t in types if t["code"] == "BC")
    response = call(client, "POST", "/documents", world.officer_a, {
        "org_unit": world.hn.pk, "doc_type": bc, "issuer_code": "btctu",
        "issued_on": "10/03/2025", "subject": "Báo cáo năm"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 1 and body["issuer_code"] == "BTCTU"
    assert call(client, "GET", f"/documents/{body['id']}",
                world.officer_a).json()["subject"] == "Báo cáo năm"


def test_bad_input_names_the_fields_in_vietnamese(client, world):
    response = call(client, "POST", "/documents", world.officer_a, {
        "org_unit": world.hp.pk, "doc_type": 999999, "issuer_code": "BTCTU",
        "issued_on": "31/02/2025", "subject": "x"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"org_unit", "doc_type", "issued_on"} <= set(errors)
    response = call(client, "POST", "/documents", world.officer_a, {"org_unit": "abc"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["org_unit"] == ["Cần nhập một số."]
    assert errors["subject"] == ["Trường này là bắt buộc."]


def test_patch_changes_fields_and_is_audited(client, world, doc_a):
    response = call(client, "PATCH", f"/documents/{doc_a.pk}", world.officer_a,
                    {"subject": "Trích yếu mới", "version": doc_a.version,
                     "reason": "Sửa trích yếu"})
    assert response.status_code == 200, response.content
    assert response.json()["subject"] == "Trích yếu mới"
    assert response.json()["version"] == doc_a.version + 1
    event = AuditEvent.objects.filter(target_type="documents.document",
                                      target_id=str(doc_a.pk), action="UPDATE").get()
    assert event.reason == "Sửa trích yếu"


def test_stale_version_is_409_and_changes_nothing(client, world, doc_a):
    url = f"/documents/{doc_a.pk}"
    first = call(client, "PATCH", url, world.officer_a, {"signer": "A", "version": doc_a.version})
    assert first.status_code == 200
    second = call(client, "PATCH", url, world.officer_a, {"signer": "B", "version": doc_a.version})
    assert second.status_code == 409
    assert "người khác" in second.json()["detail"]
    assert Document.objects.get(pk=doc_a.pk).signer == "A"


def test_patch_validates_dates(client, world, doc_a):
    response = call(client, "PATCH", f"/documents/{doc_a.pk}", world.officer_a,
                    {"issued_on": "hôm qua", "version": doc_a.version})
    assert response.status_code == 400 and "issued_on" in response.json()["errors"]
    response = call(client, "PATCH", f"/documents/{doc_a.pk}", world.officer_a,
                    {"subject": "Thiếu phiên bản"})
    assert response.status_code == 400 and "version" in response.json()["errors"]


def test_viewer_cannot_edit_or_write_the_register(client, world, doc_a, secret_a):
    assert call(client, "PATCH", f"/documents/{doc_a.pk}", world.viewer_a,
                {"subject": "x", "version": doc_a.version}).status_code == 403
    assert call(client, "POST", f"/documents/{secret_a.pk}/register", world.viewer_a,
                {"kind": "OUT", "on": "02/04/2025", "count": 1,
                 "reason": REASON}).status_code == 403


def test_viewer_below_clearance_cannot_reach_a_secret_document(client, world, secret_a):
    assert call(client, "GET", f"/documents/{secret_a.pk}?reason={REASON}",
                world.viewer_a).status_code == 404
    assert call(client, "GET", f"/documents/{secret_a.pk}/register?reason={REASON}",
                world.viewer_a).status_code == 404


def test_secret_register_needs_a_reason_and_logs_the_read(client, world, secret_a):
    url = f"/documents/{secret_a.pk}/register"
    response = call(client, "GET", url, world.officer_a)
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = call(client, "POST", url, world.officer_a,
                    {"kind": "OUT", "on": "02/04/2025", "count": 1,
                     "counterpart": "Ban Tổ chức Trung ương", "reason": REASON})
    assert response.status_code == 201, response.content
    response = call(client, "GET", f"{url}?reason={REASON}", world.officer_a)
    assert response.status_code == 200
    assert response.json()["copies_held"] == 2
    assert [e["kind"] for e in response.json()["entries"]] == ["OUT"]
    assert AuditEvent.objects.filter(action="READ", target_id=str(secret_a.pk),
                                     reason=REASON).exists()


def test_register_refuses_what_the_rules_forbid(client, world, secret_a, doc_a):
    url = f"/documents/{secret_a.pk}/register"
    response = call(client, "POST", url, world.officer_a,
                    {"kind": "DESTROY", "on": "02/04/2025", "count": 9, "reason": REASON})
    assert response.status_code == 400
    assert {"count", "approver"} <= set(response.json()["errors"])
    response = call(client, "POST", f"/documents/{doc_a.pk}/register", world.officer_a,
                    {"kind": "OUT", "on": "02/04/2025", "count": 1})
    assert response.status_code == 400 and "kind" in response.json()["errors"]
    assert not SecretRegisterEntry.objects.exists()


def test_classified_patch_needs_a_reason(client, world, secret_a):
    response = call(client, "PATCH", f"/documents/{secret_a.pk}", world.officer_a,
                    {"signer": "X", "version": secret_a.version})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = call(client, "PATCH", f"/documents/{secret_a.pk}", world.officer_a,
                    {"signer": "X", "version": secret_a.version, "reason": REASON})
    assert response.status_code == 200


def test_list_query_count_does_not_grow_with_the_documents(client, world):
    headers = {"Authorization": f"Bearer {token_for(world.officer_a)}"}

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/documents", headers=headers).status_code == 200
        return len(captured)

    make_document(world.officer_a, world.hn)
    few = queries()
    for n in range(10):
        make_document(world.officer_a, world.hn, subject=f"Văn bản {n}")
    assert queries() == few
