"""REST API of the ledger: list and filters, detail, create, edit, replies, chasers, moves,
timeliness; scoped (404), validated by the forms (400 with field messages), conflicts (409)."""

from datetime import date

from audit.choices import AuditAction
from audit.models import AuditEvent
from coordination.choices import Status
from coordination.models import CoordinationRequest
from coordination.tests.factories import agency, make_request
from core.choices import Classification
from core.tests.api_client import call

BASE = "/coordination/requests"


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


def new_request(world, **extra) -> dict:
    body = {"direction": "RECEIVED", "kind": "CUNG_CAP_THONG_TIN", "org_unit": world.hn.pk,
            "agency": agency("NG").pk, "subject": "Sở Ngoại vụ đề nghị cung cấp thông tin",
            "letter_number": "Số 88/SNgV", "sent_on": "2026-02-09", "received_on": "10/02/2026"}
    body.update(extra)
    return body


def test_list_is_scoped_and_filters(client, world, sent_a, sent_b):
    received = make_request(world.officer_a, world.hn, direction="RECEIVED",
                            received_on=date(2026, 1, 6), opened=date(2026, 1, 6))
    response = call(client, "GET", BASE, world.officer_a)
    assert response.status_code == 200 and response.json()["count"] == 2
    assert set(ids(response)) == {sent_a.pk, received.pk}
    assert ids(call(client, "GET", BASE + "?direction=SENT", world.officer_a)) == [sent_a.pk]
    assert ids(call(client, "GET", BASE + "?overdue=true", world.officer_a)) == [
        received.pk, sent_a.pk]
    assert ids(call(client, "GET", BASE, world.officer_b)) == [sent_b.pk]


def test_list_rejects_bad_filters_with_field_messages(client, world):
    response = call(client, "GET", BASE + "?date_from=31/02/2026&agency=abc", world.officer_a)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "không có thật" in errors["date_from"][0] and "agency" in errors


def test_detail_of_other_province_is_404(client, world, sent_b):
    assert call(client, "GET", f"{BASE}/{sent_b.pk}", world.officer_a).status_code == 404


def test_classified_detail_needs_a_reason_and_logs_it(client, world):
    secret = make_request(world.admin, world.hn, opened=date(2026, 1, 5), classification=1)
    assert call(client, "GET", f"{BASE}/{secret.pk}", world.officer_a).status_code == 400
    response = call(client, "GET", f"{BASE}/{secret.pk}?reason=Theo dõi thẩm định",
                    world.officer_a)
    assert response.status_code == 200 and response.json()["subject"]
    assert AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(secret.pk)).exists()
    assert call(client, "GET", f"{BASE}/{secret.pk}?reason=Theo dõi thẩm định",
                world.viewer_a).status_code == 404


def test_create_then_register_then_answer(client, world):
    created = call(client, "POST", BASE, world.officer_a, new_request(world))
    assert created.status_code == 201, created.json()
    body = created.json()
    # Received Tue 10/02/2026, 10 working days over Tết (16–20/02) → Tue 03/03.
    assert (body["status"], body["due_on"]) == ("DRAFT", "2026-03-03")
    pk = body["id"]
    sent = call(client, "POST", f"{BASE}/{pk}/transitions", world.officer_a,
                {"action": "SEND", "version": body["version"]})
    assert sent.status_code == 200 and sent.json()["status"] == "AWAITING"
    partial = call(client, "POST", f"{BASE}/{pk}/replies", world.officer_a,
                   {"kind": "PARTIAL", "replied_on": "24/02/2026", "summary": "Gửi danh sách"})
    assert partial.json()["status"] == "PARTIALLY_ANSWERED"
    final = call(client, "POST", f"{BASE}/{pk}/replies", world.officer_a,
                 {"kind": "FINAL", "replied_on": "04/03/2026", "summary": "Gửi đủ hồ sơ",
                  "letter_number": "Số 101-CV/BTCTU"})
    assert final.status_code == 201
    assert (final.json()["status"], final.json()["answered_on"]) == ("ANSWERED", "2026-03-04")
    assert [r["kind"] for r in final.json()["replies"]] == ["PARTIAL", "FINAL"]


def test_create_with_bad_input_says_which_field(client, world):
    response = call(client, "POST", BASE, world.officer_a,
                    new_request(world, received_on="30/02/2026", org_unit=world.hp.pk))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "không có thật" in errors["received_on"][0]
    assert "ngoài phạm vi" in errors["org_unit"][0]
    due = call(client, "POST", BASE, world.officer_a, new_request(world, due_on="09/02/2026"))
    assert "không thể trước" in due.json()["errors"]["due_on"][0]
    assert not CoordinationRequest.objects.exists()


def test_viewer_cannot_create(client, world):
    assert call(client, "POST", BASE, world.viewer_a, new_request(world)).status_code == 403


def test_illegal_move_is_refused_with_400(client, world, sent_a):
    response = call(client, "POST", f"{BASE}/{sent_a.pk}/transitions", world.officer_a,
                    {"action": "CLOSE", "version": sent_a.version})
    assert response.status_code == 400 and "action" in response.json()["errors"]
    automatic = call(client, "POST", f"{BASE}/{sent_a.pk}/transitions", world.officer_a,
                     {"action": "RECORD_FINAL", "version": sent_a.version})
    assert automatic.status_code == 400
    reopen = call(client, "POST", f"{BASE}/{sent_a.pk}/transitions", world.officer_a,
                  {"action": "NOPE", "version": sent_a.version})
    assert reopen.status_code == 400
    assert CoordinationRequest.objects.get(pk=sent_a.pk).status == Status.AWAITING


def test_stale_version_is_a_409_and_nothing_changes(client, world, sent_a):
    first = call(client, "PATCH", f"{BASE}/{sent_a.pk}", world.officer_a,
                 {"version": sent_a.version, "subject": "Bản thứ nhất"})
    assert first.status_code == 200
    second = call(client, "PATCH", f"{BASE}/{sent_a.pk}", world.officer_a,
                  {"version": sent_a.version, "subject": "Bản thứ hai"})
    assert second.status_code == 409
    assert CoordinationRequest.objects.get(pk=sent_a.pk).subject == "Bản thứ nhất"


def test_patch_keeps_the_computed_due_date_and_moves_it_with_the_date(client, world, sent_a):
    response = call(client, "PATCH", f"{BASE}/{sent_a.pk}", world.officer_a,
                    {"version": sent_a.version, "sent_on": "12/02/2026"})
    assert response.status_code == 200, response.json()
    assert response.json()["due_on"] == "2026-03-12"


def test_writes_on_other_province_are_404(client, world, sent_b):
    for path, body in ((f"{BASE}/{sent_b.pk}/replies",
                        {"kind": "FINAL", "replied_on": "20/01/2026", "summary": "x"}),
                       (f"{BASE}/{sent_b.pk}/chasers", {"sent_on": "20/01/2026"}),
                       (f"{BASE}/{sent_b.pk}/transitions", {"action": "CANCEL", "version": 2,
                                                            "reason": "Thử"})):
        assert call(client, "POST", path, world.officer_a, body).status_code == 404
    assert CoordinationRequest.objects.get(pk=sent_b.pk).version == sent_b.version


def test_chaser_through_the_api(client, world, sent_a):
    response = call(client, "POST", f"{BASE}/{sent_a.pk}/chasers", world.officer_a,
                    {"sent_on": "28/01/2026", "letter_number": "Số 30-CV/BTCTU"})
    assert response.status_code == 201
    assert response.json()["chasers"][0]["letter_number"] == "Số 30-CV/BTCTU"


def test_timeliness_endpoint(client, world, sent_a, sent_b):
    response = call(client, "GET", "/coordination/timeliness?date_from=01/01/2026"
                                   "&date_to=31/12/2026", world.officer_a)
    assert response.status_code == 200
    police = next(r for r in response.json()["rows"] if r["label"] == "Công an")
    assert police["sent"]["total"] == 1 and response.json()["total"]["sent"]["total"] == 1
    bad = call(client, "GET", "/coordination/timeliness?date_from=x&date_to=31/12/2026",
               world.officer_a)
    assert bad.status_code == 400


def test_agencies_are_listed(client, world):
    response = call(client, "GET", "/coordination/agencies", world.viewer_a)
    assert [a["code"] for a in response.json()][:2] == ["BTC", "UBKT"]


def test_patch_of_a_classified_request_needs_a_reason(client, world):
    obj = make_request(world.officer_a, world.hn, classification=Classification.MAT, send=False)
    url = f"/coordination/requests/{obj.pk}"
    response = call(client, "PATCH", url, world.officer_a,
                    {"subject": "Nội dung mới", "version": obj.version})
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = call(client, "PATCH", url, world.officer_a,
                    {"subject": "Nội dung mới", "version": obj.version,
                     "reason": "Sửa nội dung"})
    assert response.status_code == 200, response.content
