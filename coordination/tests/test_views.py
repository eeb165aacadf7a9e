"""Pages of the ledger: one list for both directions, filters, late list, the record with its
timeline, create/edit with clear errors, replies, chasers, moves; scoping and need-to-know."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from accounts.tests.factories import make_user
from audit.choices import AuditAction
from audit.models import AuditEvent
from coordination.choices import Direction, Status
from coordination.models import Chaser, CoordinationRequest, Reply
from coordination.tests.factories import agency, make_request
from core.errors import EditConflict
from people.tests.factories import make_person

LIST = reverse("coordination:list")
OVERDUE = reverse("coordination:overdue")
CREATE = reverse("coordination:create")
REASON = "Theo dõi hồ sơ thẩm định năm 2026"


def url(name, obj, **query) -> str:
    path = reverse(f"coordination:{name}", kwargs={"coordination_request_id": obj.pk})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def signed_in(client, user):
    client.force_login(user)
    return client


def listed(response) -> list[int]:
    return [row["obj"].pk for row in response.context["rows"]]


def create_data(world, **changes) -> dict:
    data = {"direction": "SENT", "kind": "XAC_MINH", "org_unit": world.hn.pk,
            "agency": agency("CA").pk, "subject": "Đề nghị xác minh lý lịch",
            "letter_number": "Số 45-CV/BTCTU", "sent_on": "12/02/2026", "classification": 0}
    data.update(changes)
    return data


@pytest.fixture
def received_a(world):
    return make_request(world.officer_a, world.hn, direction=Direction.RECEIVED,
                        agency_code="UBKT", received_on=date(2026, 1, 6), opened=date(2026, 1, 6),
                        subject="Ủy ban Kiểm tra đề nghị cung cấp hồ sơ")


# --- lists -----------------------------------------------------------------------------------


def test_one_ledger_lists_both_directions(client, world, sent_a, received_a, sent_b):
    response = signed_in(client, world.officer_a).get(LIST)
    assert response.status_code == 200
    assert set(listed(response)) == {sent_a.pk, received_a.pk}
    assert CoordinationRequest.objects.filter(pk__in=[sent_a.pk, received_a.pk]).count() == 2
    only_received = client.get(LIST, {"direction": "RECEIVED"})
    assert listed(only_received) == [received_a.pk]


def test_list_filters_by_agency_status_and_dates(client, world, sent_a, received_a):
    signed_in(client, world.officer_a)
    assert listed(client.get(LIST, {"agency": agency("UBKT").pk})) == [received_a.pk]
    assert listed(client.get(LIST, {"status": "AWAITING", "kind": "PHOI_HOP"})) == [
        received_a.pk, sent_a.pk]
    assert listed(client.get(LIST, {"date_from": "06/01/2026", "date_to": "31/01/2026"})) == [
        received_a.pk]
    assert listed(client.get(LIST, {"q": "12-CV"})) == [sent_a.pk]


def test_list_refuses_a_bad_filter_with_a_message(client, world, sent_a):
    response = signed_in(client, world.officer_a).get(
        LIST, {"date_from": "31/02/2026", "status": "NOPE"})
    assert response.status_code == 200 and listed(response) == []
    html = response.content.decode()
    assert "không có thật" in html and "không có trong danh sách" in html


def test_list_query_count_does_not_grow_with_rows(client, world):
    signed_in(client, world.officer_a)
    make_request(world.officer_a, world.hn, opened=date(2026, 1, 5))
    client.get(LIST)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for _ in range(8):
        make_request(world.officer_a, world.hn_ward, opened=date(2026, 1, 5))
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few) <= 12


def test_late_list_shows_only_overdue_requests_with_a_chaser_button(client, world, sent_a):
    fresh = make_request(world.officer_a, world.hn, opened=date.today())  # noqa: DTZ011
    response = signed_in(client, world.officer_a).get(OVERDUE)
    assert listed(response) == [sent_a.pk] and fresh.pk not in listed(response)
    assert url("chaser", sent_a) in response.content.decode()
    assert response.context["rows"][0]["days_late"] > 0


# --- the record ------------------------------------------------------------------------------


def test_detail_shows_replies_chasers_and_the_timeline(client, world, sent_a):
    signed_in(client, world.officer_a)
    client.post(url("reply", sent_a), {"kind": "PARTIAL", "replied_on": "15/01/2026",
                                       "summary": "Đã xác minh bản thân"})
    client.post(url("chaser", sent_a), {"sent_on": "28/01/2026", "letter_number": "Số 3-CV"})
    response = client.get(url("detail", sent_a))
    html = response.content.decode()
    assert "Đã xác minh bản thân" in html and "Số 3-CV" in html
    moves = [item["move"] for item in response.context["timeline"]]
    assert moves[:3] == ["", "Gửi đi → Chờ trả lời",
                         "Ghi nhận trả lời một phần → Đã trả lời một phần"]
    assert "Ghi nhận đôn đốc" in moves


def test_officer_of_other_province_gets_404_everywhere_and_changes_nothing(client, world, sent_a):
    signed_in(client, world.officer_b)
    for name in ("detail", "edit", "reply", "chaser", "transition"):
        assert client.get(url(name, sent_a, action="CLOSE")).status_code == 404, name
        assert client.post(url(name, sent_a), {"action": "CANCEL", "reason": "x" * 12,
                                               "kind": "FINAL", "replied_on": "15/01/2026",
                                               "summary": "Bị sửa", "sent_on": "15/01/2026"}
                           ).status_code == 404, name
    stored = CoordinationRequest.objects.get(pk=sent_a.pk)
    assert (stored.status, stored.version) == (Status.AWAITING, 2)
    assert not Reply.objects.exists() and not Chaser.objects.exists()
    assert sent_a.pk not in listed(client.get(LIST))


def test_classified_request_asks_why_and_logs_the_read(client, world):
    secret = make_request(world.admin, world.hn, opened=date(2026, 1, 5), classification=1,
                          subject="Xác minh nội dung đơn thư")
    signed_in(client, world.officer_a)
    first = client.get(url("detail", secret))
    assert "Xác minh nội dung đơn thư" not in first.content.decode()
    client.post(url("detail", secret), {"ntk-reason": REASON})
    shown = client.get(url("detail", secret))
    assert "Xác minh nội dung đơn thư" in shown.content.decode()
    reads = AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(secret.pk))
    assert list(reads.values_list("reason", flat=True)) == [REASON]
    # Its subject stays off the list; the viewer (clearance Thường) does not reach it at all.
    assert "Xác minh nội dung đơn thư" not in client.get(LIST).content.decode()
    viewer = signed_in(Client(), world.viewer_a)
    assert viewer.get(url("detail", secret)).status_code == 404


def test_edit_of_classified_request_asks_why_in_place_and_logs_the_read(client, world):
    secret = make_request(world.admin, world.hn, opened=date(2026, 1, 5), classification=1,
                          subject="Xác minh nội dung đơn thư")
    reads = AuditEvent.objects.filter(action=AuditAction.READ, target_id=str(secret.pk))
    signed_in(client, world.officer_a)
    asked = client.get(url("edit", secret)).content.decode()
    assert "Lý do xem hồ sơ" in asked and "Xác minh nội dung đơn thư" not in asked
    assert client.post(url("edit", secret), {"subject": "Đổi"}).status_code == 200  # not applied
    response = client.post(url("edit", secret), {"ntk-reason": REASON})
    assert response.status_code == 302 and response["Location"] == url("edit", secret)
    assert "Xác minh nội dung đơn thư" in client.get(url("edit", secret)).content.decode()
    assert list(reads.values_list("reason", flat=True)) == [REASON]
    assert CoordinationRequest.objects.get(pk=secret.pk).subject == "Xác minh nội dung đơn thư"


def test_viewer_reads_but_cannot_write(client, world, sent_a):
    signed_in(client, world.viewer_a)
    assert client.get(url("detail", sent_a)).status_code == 200
    assert client.get(CREATE).status_code == 403
    assert client.post(url("reply", sent_a), {"kind": "FINAL"}).status_code == 403


def test_subject_person_out_of_sight_is_not_named(client, world):
    # The ward's request is about a person kept at the province: the ward's officer sees the
    # request, not the person.
    provincial = make_person(world.admin, world.hn, "Phạm Thị Tỉnh")
    request = make_request(world.admin, world.hn_ward, opened=date(2026, 1, 5),
                           subject_person=provincial, kind="XAC_MINH")
    ward_officer = make_user("ward_officer", world.hn_ward, Role.OFFICER)
    html = signed_in(client, ward_officer).get(url("detail", request)).content.decode()
    assert "Phạm Thị Tỉnh" not in html and "ngoài phạm vi bạn được xem" in html
    html = signed_in(Client(), world.officer_a).get(url("detail", request)).content.decode()
    assert "Phạm Thị Tỉnh" in html


# --- create / edit ---------------------------------------------------------------------------


def test_officer_records_a_request_and_its_due_date_is_computed(client, world):
    response = signed_in(client, world.officer_a).post(CREATE, create_data(world))
    request = CoordinationRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", request)
    assert (request.status, request.due_on) == (Status.DRAFT, date(2026, 3, 12))
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, target_id=str(request.pk)).exists()


@pytest.mark.parametrize("changes, field, words", [
    ({"sent_on": "31/02/2026"}, "sent_on", "không có thật"),
    ({"sent_on": "2026/02/12"}, "sent_on", "ngày/tháng/năm"),
    ({"due_on": "10/02/2026"}, "due_on", "không thể trước ngày gửi"),
    ({"sent_on": "01/01/2099"}, "sent_on", "tương lai"),
    ({"letter_date": "13/02/2026"}, "letter_date", "không thể sau ngày gửi"),
    ({"direction": "RECEIVED"}, "received_on", "cần có ngày nhận"),
    ({"agency": "", "counterpart_name": ""}, "agency", "Cần chọn cơ quan"),
    ({"subject": ""}, "subject", ""),
])
def test_bad_input_is_explained_and_nothing_is_saved(client, world, changes, field, words):
    response = signed_in(client, world.officer_a).post(CREATE, create_data(world, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and words in " ".join(errors[field])
    assert not CoordinationRequest.objects.exists()


def test_forged_ids_of_another_province_are_refused(client, world):
    signed_in(client, world.officer_a)
    for changes in ({"org_unit": world.hp.pk}, {"counterpart_unit": world.hp_ward.pk},
                    {"subject_person": world.person_b.pk}):
        response = client.post(CREATE, create_data(world, **changes))
        field = next(iter(changes))
        assert "ngoài phạm vi" in " ".join(response.context["form"].errors[field])
    assert not CoordinationRequest.objects.exists()


def test_request_about_a_classified_person_must_be_classified_as_high(client, world):
    response = signed_in(client, world.officer_a).post(
        CREATE, create_data(world, subject_person=world.person_a_secret.pk))
    assert "ít nhất" in " ".join(response.context["form"].errors["classification"])
    ok = client.post(CREATE, create_data(world, subject_person=world.person_a_secret.pk,
                                         classification=1))
    assert ok.status_code == 302


def loaded_form(client, request) -> dict:
    form = client.get(url("edit", request)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    return {k: ("" if v is None else v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v)
            for k, v in data.items()}


def test_second_editor_gets_a_conflict_and_nothing_is_overwritten(world, sent_a):
    first, second = signed_in(Client(), world.officer_a), signed_in(
        Client(), make_user("officer_a2", world.hn, Role.OFFICER))
    form_1, form_2 = loaded_form(first, sent_a), loaded_form(second, sent_a)
    assert first.post(url("edit", sent_a), {**form_1, "subject": "Bản của người thứ nhất"}
                      ).status_code == 302
    refused = second.post(url("edit", sent_a), {**form_2, "subject": "Bản của người thứ hai"})
    assert refused.status_code == 200
    assert str(EditConflict.message) in refused.content.decode()
    assert "Bản của người thứ hai" in refused.content.decode()
    assert CoordinationRequest.objects.get(pk=sent_a.pk).subject == "Bản của người thứ nhất"


def test_closed_request_cannot_be_edited(client, world, sent_a):
    signed_in(client, world.officer_a)
    client.post(url("reply", sent_a), {"kind": "FINAL", "replied_on": "20/01/2026",
                                       "summary": "Đủ"})
    client.post(url("transition", sent_a), {"action": "CLOSE", "version": 3})
    assert CoordinationRequest.objects.get(pk=sent_a.pk).status == Status.CLOSED
    response = client.post(url("edit", sent_a), {"subject": "Sửa sau khi đóng"})
    assert response.status_code == 302
    assert CoordinationRequest.objects.get(pk=sent_a.pk).subject != "Sửa sau khi đóng"


# --- moves, replies, chasers -----------------------------------------------------------------


def test_an_illegal_move_posted_by_hand_is_refused(client, world, sent_a):
    signed_in(client, world.officer_a)
    response = client.post(url("transition", sent_a), {"action": "CLOSE", "version": 2})
    assert response.status_code == 200
    assert "trạng thái hiện tại" in response.content.decode()
    assert CoordinationRequest.objects.get(pk=sent_a.pk).status == Status.AWAITING
    assert client.post(url("transition", sent_a), {"action": "RECORD_FINAL"}).status_code == 404
    assert client.get(url("transition", sent_a, action="HACK")).status_code == 404


def test_cancel_without_reason_is_refused_with_a_message(client, world, sent_a):
    response = signed_in(client, world.officer_a).post(url("transition", sent_a),
                                                       {"action": "CANCEL", "version": 2})
    assert "cần ghi lý do" in response.content.decode()
    assert CoordinationRequest.objects.get(pk=sent_a.pk).status == Status.AWAITING


def test_send_from_the_page_starts_the_clock(client, world):
    draft = make_request(world.officer_a, world.hn, send=False)
    response = signed_in(client, world.officer_a).post(
        url("transition", draft), {"action": "SEND", "on": "12/02/2026", "version": 1})
    assert response.status_code == 302
    stored = CoordinationRequest.objects.get(pk=draft.pk)
    assert (stored.status, stored.sent_on, stored.due_on) == (
        Status.AWAITING, date(2026, 2, 12), date(2026, 3, 12))


def test_partial_then_final_reply_from_the_page(client, world, sent_a):
    signed_in(client, world.officer_a)
    client.post(url("reply", sent_a), {"kind": "PARTIAL", "replied_on": "15/01/2026",
                                       "summary": "Một phần"})
    assert CoordinationRequest.objects.get(pk=sent_a.pk).status == Status.PARTIALLY_ANSWERED
    client.post(url("reply", sent_a), {"kind": "FINAL", "replied_on": "26/01/2026",
                                       "summary": "Phần còn lại"})
    stored = CoordinationRequest.objects.get(pk=sent_a.pk)
    assert stored.status == Status.ANSWERED and stored.answered_late()
    assert "Trả lời muộn" in client.get(url("detail", sent_a)).content.decode()


def test_reply_with_an_impossible_date_is_refused(client, world, sent_a):
    response = signed_in(client, world.officer_a).post(
        url("reply", sent_a), {"kind": "FINAL", "replied_on": "30/02/2026", "summary": "Đủ"})
    assert "không có thật" in response.content.decode()
    assert not Reply.objects.exists()
