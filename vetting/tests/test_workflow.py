"""The transition table: only the listed moves, by the listed roles."""

import pytest

from accounts.choices import Role
from vetting import workflow
from vetting.choices import Status

A = workflow.Action


def test_a_draft_cannot_jump_to_concluded():
    with pytest.raises(workflow.IllegalTransition):
        workflow.target_of(Status.DRAFT, A.CONCLUDE, Role.LEADER)


def test_an_officer_cannot_conclude_nor_suspend():
    with pytest.raises(workflow.RoleRefused):
        workflow.target_of(Status.PROPOSED, A.CONCLUDE, Role.OFFICER)
    with pytest.raises(workflow.RoleRefused):
        workflow.target_of(Status.VERIFYING, A.SUSPEND, Role.OFFICER)


def test_verifying_and_awaiting_replies_go_both_ways():
    assert workflow.target_of(Status.VERIFYING, A.AWAIT, Role.OFFICER) == Status.AWAITING_REPLIES
    assert workflow.target_of(Status.AWAITING_REPLIES, A.REPLIES_IN, Role.OFFICER) == \
        Status.VERIFYING


def test_resume_returns_to_the_state_before_the_pause():
    assert workflow.target_of(Status.SUSPENDED, A.RESUME, Role.LEADER,
                              Status.AWAITING_REPLIES) == Status.AWAITING_REPLIES


def test_only_the_system_marks_a_recheck():
    with pytest.raises(workflow.RoleRefused):
        workflow.target_of(Status.CONCLUDED, A.RECHECK, Role.ADMIN)
    assert workflow.target_of(Status.CONCLUDED, A.RECHECK, None) == Status.NEEDS_RECHECK


def test_concluded_case_cannot_be_withdrawn_or_suspended():
    for action in (A.WITHDRAW, A.SUSPEND):
        with pytest.raises(workflow.IllegalTransition):
            workflow.target_of(Status.CONCLUDED, action, Role.LEADER)


def test_buttons_follow_state_and_role():
    assert workflow.manual_actions(Status.DRAFT, Role.OFFICER) == [A.SUBMIT]
    assert A.CONCLUDE not in workflow.manual_actions(Status.PROPOSED, Role.LEADER)
    assert A.SEND_BACK in workflow.manual_actions(Status.PROPOSED, Role.LEADER)
    assert workflow.manual_actions(Status.CONCLUDED, Role.ADMIN) == []
