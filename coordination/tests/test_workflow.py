"""The transition table (pure) and the services that obey it: illegal moves refused, every move
audited with who and why."""

from datetime import date

import pytest

from accounts.choices import Role
from accounts.tests.factories import make_user
from audit.choices import AuditAction
from audit.models import AuditEvent
from coordination import workflow
from coordination.choices import ReplyKind, Status
from coordination.models import CoordinationRequest
from coordination.services import do_add_reply, do_transition_request
from coordination.tests.factories import make_request
from coordination.workflow import Action
from core.errors import NotAllowed


def test_table_allows_the_documented_path():
    path = [(Status.DRAFT, Action.SEND), (Status.AWAITING, Action.RECORD_PARTIAL),
            (Status.PARTIALLY_ANSWERED, Action.RECORD_FINAL), (Status.ANSWERED, Action.CLOSE)]
    targets = [workflow.target_of(s, a, Role.OFFICER) for s, a in path]
    assert targets == [Status.AWAITING, Status.PARTIALLY_ANSWERED, Status.ANSWERED, Status.CLOSED]


@pytest.mark.parametrize("status, action", [
    (Status.DRAFT, Action.CLOSE), (Status.DRAFT, Action.RECORD_FINAL),
    (Status.CLOSED, Action.SEND), (Status.CLOSED, Action.CANCEL),
    (Status.CANCELLED, Action.SEND), (Status.ANSWERED, Action.RECORD_PARTIAL),
    (Status.AWAITING, "ESCALATE"), (Status.AWAITING, Action.SEND),
])
def test_table_refuses_moves_it_does_not_list(status, action):
    with pytest.raises(workflow.IllegalTransition):
        workflow.target_of(status, action, Role.ADMIN)


def test_only_leaders_reopen_an_answered_request():
    with pytest.raises(workflow.RoleRefused):
        workflow.target_of(Status.ANSWERED, Action.REOPEN, Role.OFFICER)
    assert workflow.target_of(Status.ANSWERED, Action.REOPEN, Role.LEADER) == Status.AWAITING


def test_buttons_are_the_manual_moves_of_the_role():
    assert workflow.manual_actions(Status.DRAFT, Role.OFFICER) == [Action.SEND, Action.CANCEL]
    assert workflow.manual_actions(Status.ANSWERED, Role.OFFICER) == [Action.CLOSE]
    assert workflow.manual_actions(Status.ANSWERED, Role.LEADER) == [Action.CLOSE, Action.REOPEN]
    assert workflow.manual_actions(Status.AWAITING, Role.VIEWER) == []


def test_service_refuses_an_illegal_move_and_changes_nothing(world):
    request = make_request(world.officer_a, world.hn, send=False)
    with pytest.raises(workflow.IllegalTransition):
        do_transition_request(actor=world.officer_a, request=request, action=Action.CLOSE)
    stored = CoordinationRequest.objects.get(pk=request.pk)
    assert (stored.status, stored.version) == (Status.DRAFT, 1)
    assert not AuditEvent.objects.filter(action=AuditAction.TRANSITION,
                                         target_id=str(request.pk)).exists()


def test_service_refuses_a_reopen_by_an_officer(world):
    request = make_request(world.officer_a, world.hn, opened=date(2026, 1, 5))
    do_add_reply(actor=world.officer_a, request=request, data={
        "kind": ReplyKind.FINAL, "replied_on": date(2026, 1, 20), "summary": "Không có vấn đề"})
    with pytest.raises(workflow.RoleRefused):
        do_transition_request(actor=world.officer_a, request=request, action=Action.REOPEN,
                              reason="Trả lời thiếu phần thân nhân")
    leader = make_user("leader_a", world.hn, Role.LEADER)
    reopened = do_transition_request(actor=leader, request=request, action=Action.REOPEN,
                                     reason="Trả lời thiếu phần thân nhân")
    assert (reopened.status, reopened.answered_on) == (Status.AWAITING, None)


def test_viewer_cannot_move_a_request(world):
    request = make_request(world.officer_a, world.hn, send=False)
    with pytest.raises(NotAllowed):
        do_transition_request(actor=world.viewer_a, request=request, action=Action.SEND)


def test_cancel_needs_a_reason(world):
    request = make_request(world.officer_a, world.hn, send=False)
    with pytest.raises(ValueError):
        do_transition_request(actor=world.officer_a, request=request, action=Action.CANCEL)


def test_each_move_is_audited_with_who_when_why(world):
    request = make_request(world.officer_a, world.hn, send=False)
    do_transition_request(actor=world.officer_a, request=request, action=Action.CANCEL,
                          reason="Gửi nhầm cơ quan")
    event = AuditEvent.objects.filter(action=AuditAction.TRANSITION,
                                      target_id=str(request.pk)).get()
    assert event.actor_name == "officer_a" and event.reason == "Gửi nhầm cơ quan"
    assert event.before == {"status": "DRAFT"}
    assert (event.after["action"], event.after["status"]) == ("CANCEL", "CANCELLED")
    assert event.org_path == world.hn.path


def test_sending_without_a_date_starts_the_clock_today(world, monkeypatch):
    monkeypatch.setattr("coordination.services.today", lambda: date(2026, 2, 12))
    request = make_request(world.officer_a, world.hn, send=False)
    sent = do_transition_request(actor=world.officer_a, request=request, action=Action.SEND)
    assert (sent.sent_on, sent.due_on) == (date(2026, 2, 12), date(2026, 3, 12))
