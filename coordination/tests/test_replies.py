"""Answers and chasers: partial then final, "no record", on time or late, reminders."""

from datetime import date

import pytest

from audit.choices import AuditAction
from audit.models import AuditEvent
from coordination import workflow
from coordination.choices import Direction, ReplyKind, Status
from coordination.forms import ChaserForm, ReplyForm
from coordination.models import Chaser, Reply
from coordination.services import do_add_chaser, do_add_reply, do_transition_request
from coordination.tests.factories import make_request
from coordination.workflow import Action


def reply(actor, request, kind, on, summary="Trả lời"):
    return do_add_reply(actor=actor, request=request,
                        data={"kind": kind, "replied_on": on, "summary": summary})


def test_partial_then_final_answer(world, sent_a):
    reply(world.officer_a, sent_a, ReplyKind.PARTIAL, date(2026, 1, 15), "Đã xác minh bản thân")
    sent_a.refresh_from_db()
    assert (sent_a.status, sent_a.answered_on) == (Status.PARTIALLY_ANSWERED, None)
    reply(world.officer_a, sent_a, ReplyKind.PARTIAL, date(2026, 1, 20), "Đã xác minh bố mẹ")
    reply(world.officer_a, sent_a, ReplyKind.FINAL, date(2026, 1, 22), "Đã xác minh vợ, con")
    sent_a.refresh_from_db()
    assert sent_a.status == Status.ANSWERED
    assert sent_a.answered_on == date(2026, 1, 22) and sent_a.answered_late() is False
    assert list(sent_a.replies.values_list("kind", flat=True)) == ["PARTIAL", "PARTIAL", "FINAL"]
    moves = AuditEvent.objects.filter(action=AuditAction.TRANSITION, target_id=str(sent_a.pk))
    assert [e.after["action"] for e in moves.order_by("id")] == [
        "SEND", "RECORD_PARTIAL", "RECORD_PARTIAL", "RECORD_FINAL"]


def test_a_final_answer_after_the_due_date_is_late(world, sent_a):
    reply(world.officer_a, sent_a, ReplyKind.FINAL, date(2026, 1, 26))
    sent_a.refresh_from_db()
    assert sent_a.due_on == date(2026, 1, 23) and sent_a.answered_late() is True


def test_no_record_answer_ends_the_wait(world, sent_a):
    reply(world.officer_a, sent_a, ReplyKind.NO_RECORD, date(2026, 1, 9), "Không có thông tin")
    sent_a.refresh_from_db()
    assert sent_a.status == Status.ANSWERED and sent_a.answered_on == date(2026, 1, 9)


def test_our_answer_to_a_received_request_uses_the_same_rules(world):
    received = make_request(world.officer_a, world.hn, direction=Direction.RECEIVED,
                            received_on=date(2026, 1, 5), opened=date(2026, 1, 5),
                            agency_code="UBKT")
    reply(world.officer_a, received, ReplyKind.FINAL, date(2026, 1, 23))
    received.refresh_from_db()
    assert received.status == Status.ANSWERED and received.answered_late() is False


def test_no_reply_after_the_request_is_answered(world, sent_a):
    reply(world.officer_a, sent_a, ReplyKind.FINAL, date(2026, 1, 22))
    sent_a.refresh_from_db()
    with pytest.raises(workflow.IllegalTransition):
        reply(world.officer_a, sent_a, ReplyKind.PARTIAL, date(2026, 1, 23))
    form = ReplyForm({"kind": "PARTIAL", "replied_on": "23/01/2026", "summary": "Bổ sung"},
                     request_obj=sent_a)
    assert not form.is_valid() and "không còn chờ trả lời" in form.non_field_errors()[0]
    assert Reply.objects.filter(request=sent_a).count() == 1


def test_no_reply_to_a_draft(world):
    draft = make_request(world.officer_a, world.hn, send=False)
    with pytest.raises(workflow.IllegalTransition):
        reply(world.officer_a, draft, ReplyKind.FINAL, date(2026, 1, 22))
    assert not Reply.objects.exists()


def test_reply_dated_before_the_request_is_refused(world, sent_a):
    form = ReplyForm({"kind": "FINAL", "replied_on": "02/01/2026", "summary": "Trả lời"},
                     request_obj=sent_a)
    assert not form.is_valid()
    assert "05/01/2026" in form.errors["replied_on"][0]


def test_chaser_is_recorded_on_an_open_request(world, sent_a):
    do_add_chaser(actor=world.officer_a, request=sent_a,
                  data={"sent_on": date(2026, 1, 28), "letter_number": "Số 30-CV/BTCTU",
                        "note": "Đôn đốc lần 1"})
    chaser = Chaser.objects.get(request=sent_a)
    assert (chaser.letter_number, chaser.created_by) == ("Số 30-CV/BTCTU", world.officer_a)
    sent_a.refresh_from_db()
    assert sent_a.status == Status.AWAITING and sent_a.version == 3
    assert AuditEvent.objects.filter(target_id=str(sent_a.pk),
                                     after__chaser_id=chaser.pk).exists()


def test_no_chaser_once_answered_or_cancelled(world, sent_a):
    reply(world.officer_a, sent_a, ReplyKind.FINAL, date(2026, 1, 22))
    sent_a.refresh_from_db()
    with pytest.raises(workflow.IllegalTransition):
        do_add_chaser(actor=world.officer_a, request=sent_a, data={"sent_on": date(2026, 1, 28)})
    assert not ChaserForm({"sent_on": "28/01/2026"}, request_obj=sent_a).is_valid()
    draft = make_request(world.officer_a, world.hn, send=False)
    do_transition_request(actor=world.officer_a, request=draft, action=Action.CANCEL,
                          reason="Không gửi nữa")
    draft.refresh_from_db()
    with pytest.raises(workflow.IllegalTransition):
        do_add_chaser(actor=world.officer_a, request=draft, data={"sent_on": date(2026, 1, 28)})
    assert not Chaser.objects.exists()


def test_chaser_before_the_request_or_in_the_future_is_refused(world, sent_a):
    early = ChaserForm({"sent_on": "02/01/2026"}, request_obj=sent_a)
    future = ChaserForm({"sent_on": "01/01/2099"}, request_obj=sent_a)
    assert not early.is_valid() and not future.is_valid()
    assert "tương lai" in future.errors["sent_on"][0]
