"""The coordination request's state machine: one table, pure Python, no database.

For a SENT request the states read "we sent it, we wait for their answer"; for a RECEIVED one
"we received it, they wait for ours". The moves are the same, only the labels of the buttons
differ (see ``action_label``). Replies move the state (RECORD_PARTIAL / RECORD_FINAL): a person
records a reply, the service asks this table which state follows.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from coordination.choices import Direction, Status

WRITERS = frozenset({Role.ADMIN, Role.LEADER, Role.OFFICER})
LEADERS = frozenset({Role.ADMIN, Role.LEADER})


class Action:
    SEND = "SEND"
    RECORD_PARTIAL = "RECORD_PARTIAL"
    RECORD_FINAL = "RECORD_FINAL"
    CLOSE = "CLOSE"
    REOPEN = "REOPEN"
    CANCEL = "CANCEL"


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    roles: frozenset
    # Shown as a button on the detail page (replies have their own form instead).
    manual: bool = True
    reason_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    Action.SEND: Transition(frozenset({Status.DRAFT}), Status.AWAITING, WRITERS),
    Action.RECORD_PARTIAL: Transition(
        frozenset({Status.AWAITING, Status.PARTIALLY_ANSWERED}), Status.PARTIALLY_ANSWERED,
        WRITERS, manual=False,
    ),
    Action.RECORD_FINAL: Transition(
        frozenset({Status.AWAITING, Status.PARTIALLY_ANSWERED}), Status.ANSWERED, WRITERS,
        manual=False,
    ),
    Action.CLOSE: Transition(frozenset({Status.ANSWERED}), Status.CLOSED, WRITERS),
    # An answer found incomplete: the wait starts again (leaders decide, with a reason).
    Action.REOPEN: Transition(frozenset({Status.ANSWERED}), Status.AWAITING, LEADERS,
                              reason_required=True),
    Action.CANCEL: Transition(
        frozenset({Status.DRAFT, Status.AWAITING, Status.PARTIALLY_ANSWERED}), Status.CANCELLED,
        WRITERS, reason_required=True,
    ),
}

_LABELS = {
    (Action.SEND, Direction.SENT): _("Gửi đi"),
    (Action.SEND, Direction.RECEIVED): _("Vào sổ, bắt đầu tính hạn"),
    (Action.CLOSE, None): _("Kết thúc"),
    (Action.REOPEN, None): _("Mở lại (trả lời chưa đủ)"),
    (Action.CANCEL, None): _("Hủy yêu cầu"),
    (Action.RECORD_PARTIAL, None): _("Ghi nhận trả lời một phần"),
    (Action.RECORD_FINAL, None): _("Ghi nhận trả lời đầy đủ"),
}


class IllegalTransition(Exception):
    """The move is not in the table for the record's current state."""

    message = _("Không thể thực hiện thao tác này ở trạng thái hiện tại của yêu cầu.")


class RoleRefused(Exception):
    """The move exists but the actor's role may not make it."""

    message = _("Vai trò của bạn không được thực hiện thao tác này.")


def target_of(status: str, action: str, role: str | None) -> str:
    """The state after ``action`` from ``status`` by ``role`` (None = the system), or raise."""
    transition = TRANSITIONS.get(action)
    if transition is None or status not in transition.sources:
        raise IllegalTransition(action)
    if role is not None and role not in transition.roles:
        raise RoleRefused(action)
    return transition.target


def manual_actions(status: str, role: str) -> list[str]:
    """Buttons to show: manual moves allowed from ``status`` for ``role``, in table order."""
    return [name for name, t in TRANSITIONS.items()
            if t.manual and status in t.sources and role in t.roles]


def reason_required(action: str) -> bool:
    transition = TRANSITIONS.get(action)
    return bool(transition and transition.reason_required)


def action_label(action: str, direction: str) -> str:
    """Button label of ``action`` for a request of ``direction``."""
    return str(_LABELS.get((action, direction)) or _LABELS.get((action, None)) or action)


def is_open(status: str) -> bool:
    """Waiting for a final answer (can be late, chased, escalated)."""
    return status in (Status.AWAITING, Status.PARTIALLY_ANSWERED)


def is_editable(status: str) -> bool:
    """Details can still be corrected (not after the file is closed or cancelled)."""
    return status not in (Status.CLOSED, Status.CANCELLED)
