"""Correcting a recorded reply or chaser (API PATCH and the edit pages): the row changes and the
request's timeline records before/after; a final reply's new date moves the answered-on date; a
stale version is a conflict that changes nothing; another province's line is a 404, a viewer is
refused, bad input names its field, and nothing changes once the request is closed."""

from datetime import date

import pytest
from django.urls import reverse

from audit.choices import AuditAction
from audit.models import AuditEvent
from coordination.choices import ReplyKind
from coordination.models import Chaser, CoordinationRequest, Reply
from coordination.services import do_transition_request
from coordination.tests.factories import add_chaser, add_reply, make_request
from coordination.workflow import Action
from core.tests.api_client import call

pytestmark = pytest.mark.django_db
BASE = "/coordination"


def _updates(request):
    return AuditEvent.objects.filter(target_type="coordination.coordinationrequest",
                                     target_id=str(request.pk), action=AuditAction.UPDATE,
                                     before__isnull=False)


# --- replies -----------------------------------------------------------------------------------


def test_reply_patch_changes_the_row_and_audits(client, world, sent_a):
    reply = add_reply(world.officer_a, sent_a)
    response = call(client, "PATCH", f"{BASE}/replies/{reply.pk}", world.officer_a,
                    {"letter_number": "Số 8/CA-PA", "summary": "Đã xác minh nhân thân, quê quán.",
                     "version": reply.version, "reason": "Sai số công văn"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["letter_number"] == "Số 8/CA-PA" and body["kind"] == "PARTIAL"
    assert body["version"] == reply.version + 1 and body["request_id"] == sent_a.pk
    reply.refresh_from_db()
    assert reply.summary == "Đã xác minh nhân thân, quê quán."
    event = _updates(sent_a).get()
    assert event.before["letter_number"] == "Số 7/CA-PA"
    assert event.after["letter_number"] == "Số 8/CA-PA" and event.reason == "Sai số công văn"
    assert CoordinationRequest.objects.get(pk=sent_a.pk).version > sent_a.version


def test_final_reply_date_moves_the_answered_date(client, world, sent_a):
    reply = add_reply(world.officer_a, sent_a, kind=ReplyKind.FINAL, on=date(2026, 1, 22))
    assert CoordinationRequest.objects.get(pk=sent_a.pk).answered_on == date(2026, 1, 22)
    response = call(client, "PATCH", f"{BASE}/replies/{reply.pk}", world.officer_a,
                    {"replied_on": "26/01/2026", "version": reply.version})
    assert response.status_code == 200, response.content
    assert CoordinationRequest.objects.get(pk=sent_a.pk).answered_on == date(2026, 1, 26)


def test_reply_stale_version_is_409_and_changes_nothing(client, world, sent_a):
    reply = add_reply(world.officer_a, sent_a)
    url = f"{BASE}/replies/{reply.pk}"
    assert call(client, "PATCH", url, world.officer_a,
                {"summary": "Lần một", "version": 1}).status_code == 200
    stale = call(client, "PATCH", url, world.officer_a, {"summary": "Lần hai", "version": 1})
    assert stale.status_code == 409 and stale.json()["detail"]
    assert Reply.objects.get(pk=reply.pk).summary == "Lần một"
    assert _updates(sent_a).count() == 1


def test_reply_of_other_province_is_404_and_viewer_is_403(client, world, sent_a, sent_b):
    theirs = add_reply(world.officer_b, sent_b)
    assert call(client, "PATCH", f"{BASE}/replies/{theirs.pk}", world.officer_a,
                {"summary": "Sửa trộm", "version": 1}).status_code == 404
    mine = add_reply(world.officer_a, sent_a)
    assert call(client, "PATCH", f"{BASE}/replies/{mine.pk}", world.viewer_a,
                {"summary": "Sửa trộm", "version": 1}).status_code == 403
    assert not Reply.objects.filter(summary="Sửa trộm").exists()


def test_reply_bad_input_names_the_field(client, world, sent_a):
    reply = add_reply(world.officer_a, sent_a)
    url = f"{BASE}/replies/{reply.pk}"
    before_sent = call(client, "PATCH", url, world.officer_a,
                       {"replied_on": "01/01/2026", "version": 1})
    assert before_sent.status_code == 400 and "replied_on" in before_sent.json()["errors"]
    impossible = call(client, "PATCH", url, world.officer_a,
                      {"letter_date": "30/02/2026", "version": 1})
    assert impossible.status_code == 400 and "letter_date" in impossible.json()["errors"]
    empty = call(client, "PATCH", url, world.officer_a, {"summary": "", "version": 1})
    assert empty.status_code == 400 and "summary" in empty.json()["errors"]
    assert Reply.objects.get(pk=reply.pk).version == 1


# --- chasers -----------------------------------------------------------------------------------


def test_chaser_patch_changes_the_row_and_audits(client, world, sent_a):
    chaser = add_chaser(world.officer_a, sent_a)
    response = call(client, "PATCH", f"{BASE}/chasers/{chaser.pk}", world.officer_a,
                    {"sent_on": "21/01/2026", "note": "Gọi điện nhắc thêm",
                     "version": chaser.version})
    assert response.status_code == 200, response.content
    assert response.json()["sent_on"] == "2026-01-21"
    chaser.refresh_from_db()
    assert chaser.sent_on == date(2026, 1, 21) and chaser.note == "Gọi điện nhắc thêm"
    event = _updates(sent_a).get()
    assert event.before["note"] == "Đề nghị trả lời sớm"
    assert event.after["note"] == "Gọi điện nhắc thêm"


def test_chaser_stale_version_is_409_and_changes_nothing(client, world, sent_a):
    chaser = add_chaser(world.officer_a, sent_a)
    url = f"{BASE}/chasers/{chaser.pk}"
    assert call(client, "PATCH", url, world.officer_a,
                {"note": "Lần một", "version": 1}).status_code == 200
    assert call(client, "PATCH", url, world.officer_a,
                {"note": "Lần hai", "version": 1}).status_code == 409
    assert Chaser.objects.get(pk=chaser.pk).note == "Lần một"


def test_chaser_of_other_province_is_404_and_viewer_is_403(client, world, sent_a, sent_b):
    theirs = add_chaser(world.officer_b, sent_b)
    assert call(client, "PATCH", f"{BASE}/chasers/{theirs.pk}", world.officer_a,
                {"note": "Sửa trộm", "version": 1}).status_code == 404
    mine = add_chaser(world.officer_a, sent_a)
    assert call(client, "PATCH", f"{BASE}/chasers/{mine.pk}", world.viewer_a,
                {"note": "Sửa trộm", "version": 1}).status_code == 403
    assert not Chaser.objects.filter(note="Sửa trộm").exists()


def test_chaser_bad_input_names_the_field(client, world, sent_a):
    chaser = add_chaser(world.officer_a, sent_a)
    url = f"{BASE}/chasers/{chaser.pk}"
    future = call(client, "PATCH", url, world.officer_a, {"sent_on": "01/01/2999", "version": 1})
    assert future.status_code == 400 and "sent_on" in future.json()["errors"]
    long_number = call(client, "PATCH", url, world.officer_a,
                       {"letter_number": "9" * 61, "version": 1})
    assert long_number.status_code == 400 and "letter_number" in long_number.json()["errors"]
    assert Chaser.objects.get(pk=chaser.pk).version == 1


def test_classified_request_lines_need_a_reason(client, world):
    secret = make_request(world.officer_a, world.hn, opened=date(2026, 1, 5), classification=1)
    chaser = add_chaser(world.officer_a, secret)
    url = f"{BASE}/chasers/{chaser.pk}"
    missing = call(client, "PATCH", url, world.officer_a, {"note": "Khác", "version": 1})
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    done = call(client, "PATCH", url, world.officer_a,
                {"note": "Khác", "version": 1, "reason": "Theo dõi xác minh 2026"})
    assert done.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(secret.pk),
                                     reason="Theo dõi xác minh 2026").exists()


def test_no_line_changes_once_the_request_is_closed(client, world, sent_a):
    chaser = add_chaser(world.officer_a, sent_a)
    reply = add_reply(world.officer_a, sent_a, kind=ReplyKind.FINAL)
    request = CoordinationRequest.objects.get(pk=sent_a.pk)
    do_transition_request(actor=world.officer_a, request=request, action=Action.CLOSE,
                          reason="Đủ thông tin")
    for path, row in (("replies", reply), ("chasers", chaser)):
        response = call(client, "PATCH", f"{BASE}/{path}/{row.pk}", world.officer_a,
                        {"letter_number": "Muộn", "version": 1})
        assert response.status_code == 400, path
    assert not Reply.objects.filter(letter_number="Muộn").exists()
    assert not Chaser.objects.filter(letter_number="Muộn").exists()


# --- the edit pages ----------------------------------------------------------------------------


def test_reply_edit_page_saves_through_the_service(client, world, sent_a):
    reply = add_reply(world.officer_a, sent_a)
    client.force_login(world.officer_a)
    detail = client.get(reverse("coordination:detail",
                                kwargs={"coordination_request_id": sent_a.pk}))
    edit_url = reverse("coordination:reply_edit", kwargs={"reply_id": reply.pk})
    assert edit_url in detail.content.decode()
    page = client.get(edit_url).content.decode()
    assert "22/01/2026" in page and 'name="version"' in page and 'name="kind"' not in page
    response = client.post(edit_url, {"replied_on": "23/01/2026", "letter_number": "Số 7/CA-PA",
                                      "summary": "Đủ nội dung", "version": 1,
                                      "change_reason": "Sai ngày"})
    assert response.status_code == 302
    assert Reply.objects.get(pk=reply.pk).replied_on == date(2026, 1, 23)
    timeline = client.get(reverse("coordination:detail",
                                  kwargs={"coordination_request_id": sent_a.pk}))
    assert "Sửa trả lời" in timeline.content.decode()
    stale = client.post(edit_url, {"replied_on": "24/01/2026", "summary": "Khác", "version": 1})
    assert stale.status_code == 200 and "vừa được người khác cập nhật" in stale.content.decode()
    bad = client.post(edit_url, {"replied_on": "31/02/2026", "summary": "Khác", "version": 2})
    assert bad.status_code == 200 and "không có thật" in bad.content.decode()
    assert Reply.objects.get(pk=reply.pk).summary == "Đủ nội dung"


def test_chaser_edit_pages_are_scoped_and_closed_to_viewers(client, world, sent_a, sent_b):
    theirs = add_chaser(world.officer_b, sent_b)
    mine = add_chaser(world.officer_a, sent_a)
    client.force_login(world.officer_a)
    assert client.post(reverse("coordination:chaser_edit", kwargs={"chaser_id": theirs.pk}), {
        "sent_on": "21/01/2026", "note": "Sửa trộm", "version": 1}).status_code == 404
    response = client.post(reverse("coordination:chaser_edit", kwargs={"chaser_id": mine.pk}), {
        "sent_on": "21/01/2026", "note": "Nhắc lần hai", "version": 1})
    assert response.status_code == 302
    client.force_login(world.viewer_a)
    assert client.get(reverse("coordination:chaser_edit",
                              kwargs={"chaser_id": mine.pk})).status_code == 403
    assert Chaser.objects.get(pk=theirs.pk).note == "Đề nghị trả lời sớm"
    assert Chaser.objects.get(pk=mine.pk).note == "Nhắc lần hai"
