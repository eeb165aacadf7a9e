"""The vetting case's state machine: one table, pure Python, no database.

DRAFT → REQUESTED → ASSIGNED → VERIFYING ⇄ AWAITING_REPLIES → APPRAISING → PROPOSED →
CONCLUDED → NEEDS_RECHECK; side states RETURNED_INCOMPLETE, SUSPENDED, WITHDRAWN.
Some moves happen through their own form (assign, propose, decide), not a bare button.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from vetting.choices import Status

WRITERS = frozenset({Role.ADMIN, Role.LEADER, Role.OFFICER})
LEADERS = frozenset({Role.ADMIN, Role.LEADER})
NOBODY = frozenset()  # moves only the system makes (the daily re-check job)

WORKING = frozenset({Status.REQUESTED, Status.ASSIGNED, Status.VERIFYING,
                     Status.AWAITING_REPLIES, Status.APPRAISING})


class Action:
    SUBMIT = "SUBMIT"
    RETURN = "RETURN"
    RESUBMIT = "RESUBMIT"
    ASSIGN = "ASSIGN"
    START = "START"
    AWAIT = "AWAIT"
    REPLIES_IN = "REPLIES_IN"
    APPRAISE = "APPRAISE"
    PROPOSE = "PROPOSE"
    SEND_BACK = "SEND_BACK"
    CONCLUDE = "CONCLUDE"
    RECHECK = "RECHECK"
    SUSPEND = "SUSPEND"
    RESUME = "RESUME"
    WITHDRAW = "WITHDRAW"


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str | None  # None: back to the state before the pause
    roles: frozenset
    label: str
    manual: bool = True  # a button with a confirmation form
    reason_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    Action.SUBMIT: Transition(frozenset({Status.DRAFT}), Status.REQUESTED, WRITERS,
                              _("Gửi đề nghị thẩm định")),
    Action.RETURN: Transition(frozenset({Status.REQUESTED}), Status.RETURNED_INCOMPLETE, LEADERS,
                              _("Trả lại (hồ sơ chưa đủ)"), reason_required=True),
    Action.RESUBMIT: Transition(frozenset({Status.RETURNED_INCOMPLETE}), Status.REQUESTED,
                                WRITERS, _("Gửi lại đã bổ sung")),
    Action.ASSIGN: Transition(frozenset({Status.REQUESTED, Status.ASSIGNED}), Status.ASSIGNED,
                              LEADERS, _("Phân công"), manual=False),
    Action.START: Transition(frozenset({Status.ASSIGNED}), Status.VERIFYING, WRITERS,
                             _("Bắt đầu thẩm tra, xác minh")),
    Action.AWAIT: Transition(frozenset({Status.VERIFYING}), Status.AWAITING_REPLIES, WRITERS,
                             _("Chờ trả lời xác minh")),
    Action.REPLIES_IN: Transition(frozenset({Status.AWAITING_REPLIES}), Status.VERIFYING,
                                  WRITERS, _("Đã có trả lời, tiếp tục xác minh")),
    Action.APPRAISE: Transition(frozenset({Status.VERIFYING}), Status.APPRAISING, WRITERS,
                                _("Chuyển thẩm định")),
    Action.PROPOSE: Transition(frozenset({Status.APPRAISING}), Status.PROPOSED, WRITERS,
                               _("Đề xuất kết luận"), manual=False),
    Action.SEND_BACK: Transition(frozenset({Status.PROPOSED}), Status.APPRAISING, LEADERS,
                                 _("Trả lại để thẩm định thêm"), reason_required=True),
    Action.CONCLUDE: Transition(frozenset({Status.PROPOSED}), Status.CONCLUDED, LEADERS,
                                _("Kết luận"), manual=False),
    Action.RECHECK: Transition(frozenset({Status.CONCLUDED}), Status.NEEDS_RECHECK, NOBODY,
                               _("Đến hạn xem xét lại"), manual=False),
    Action.SUSPEND: Transition(WORKING | {Status.PROPOSED}, Status.SUSPENDED, LEADERS,
                               _("Tạm dừng"), reason_required=True),
    Action.RESUME: Transition(frozenset({Status.SUSPENDED}), None, LEADERS, _("Tiếp tục"),
                              reason_required=True),
    Action.WITHDRAW: Transition(
        WORKING | {Status.DRAFT, Status.PROPOSED, Status.RETURNED_INCOMPLETE, Status.SUSPENDED},
        Status.WITHDRAWN, LEADERS, _("Rút hồ sơ"), reason_required=True),
}


class IllegalTransition(Exception):
    """The move is not in the table for the case's current state."""

    message = _("Không thể thực hiện thao tác này ở trạng thái hiện tại của hồ sơ.")


class RoleRefused(Exception):
    """The move exists but the actor's role may not make it."""

    message = _("Vai trò của bạn không được thực hiện thao tác này.")


def target_of(status: str, action: str, role: str | None, before_pause: str = "") -> str:
    """The state after ``action`` from ``status`` by ``role`` (None = the system), or raise."""
    transition = TRANSITIONS.get(action)
    if transition is None or status not in transition.sources:
        raise IllegalTransition(action)
    if role is not None and role not in transition.roles:
        raise RoleRefused(action)
    if transition.target is None:
        if not before_pause:
            raise IllegalTransition(action)
        return before_pause
    return transition.target


def manual_actions(status: str, role: str) -> list[str]:
    """Buttons to show: manual moves allowed from ``status`` for ``role``, in table order."""
    return [name for name, t in TRANSITIONS.items()
            if t.manual and status in t.sources and role in t.roles]


def allowed(status: str, action: str, role: str) -> bool:
    transition = TRANSITIONS.get(action)
    return bool(transition and status in transition.sources and role in transition.roles)


def reason_required(action: str) -> bool:
    transition = TRANSITIONS.get(action)
    return bool(transition and transition.reason_required)


def label(action: str) -> str:
    transition = TRANSITIONS.get(action)
    return str(transition.label) if transition else action


def is_editable(status: str) -> bool:
    """Details (relatives, team, findings) can still change."""
    return status not in (Status.CONCLUDED, Status.NEEDS_RECHECK, Status.WITHDRAWN)
