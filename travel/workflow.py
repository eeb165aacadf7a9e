"""The trip's state machine: one table, pure Python, no database.

DRAFT → CELL_REVIEW → SUBMITTED → APPROVED | REFUSED → DEPARTED → RETURNED → REPORT_DUE →
REPORTED → REVIEWED → CLOSED; CANCELLED from any state before departure. SUBMITTED leaves only
through the committees' opinions (services.do_decide_approval): all agree → APPROVED, one
refuses → REFUSED. The blocking guard (travel/guards.py) is checked on submission and on
each opinion.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from travel.choices import Status

WRITERS = frozenset({Role.ADMIN, Role.LEADER, Role.OFFICER})
LEADERS = frozenset({Role.ADMIN, Role.LEADER})
SYSTEM = frozenset()  # moved by a service, never by a button


class Action:
    SEND_TO_CELL = "SEND_TO_CELL"
    SUBMIT = "SUBMIT"
    APPROVE = "APPROVE"
    REFUSE = "REFUSE"
    DEPART = "DEPART"
    RETURN = "RETURN"
    REQUEST_REPORT = "REQUEST_REPORT"
    REPORT = "REPORT"
    REVIEW = "REVIEW"
    CLOSE = "CLOSE"
    CANCEL = "CANCEL"


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    roles: frozenset
    label: str
    reason_required: bool = False


TRANSITIONS: dict[str, Transition] = {
    Action.SEND_TO_CELL: Transition(frozenset({Status.DRAFT}), Status.CELL_REVIEW, WRITERS,
                                    _("Gửi chi bộ xem xét")),
    Action.SUBMIT: Transition(frozenset({Status.CELL_REVIEW}), Status.SUBMITTED, WRITERS,
                              _("Trình cấp ủy có thẩm quyền")),
    Action.APPROVE: Transition(frozenset({Status.SUBMITTED}), Status.APPROVED, SYSTEM,
                               _("Các cấp ủy đồng ý")),
    Action.REFUSE: Transition(frozenset({Status.SUBMITTED}), Status.REFUSED, SYSTEM,
                              _("Cấp ủy không đồng ý")),
    Action.DEPART: Transition(frozenset({Status.APPROVED}), Status.DEPARTED, WRITERS,
                              _("Ghi ngày xuất cảnh")),
    Action.RETURN: Transition(frozenset({Status.DEPARTED}), Status.RETURNED, WRITERS,
                              _("Ghi ngày về nước")),
    Action.REQUEST_REPORT: Transition(frozenset({Status.RETURNED}), Status.REPORT_DUE, WRITERS,
                                      _("Yêu cầu báo cáo sau chuyến đi")),
    Action.REPORT: Transition(frozenset({Status.RETURNED, Status.REPORT_DUE}), Status.REPORTED,
                              WRITERS, _("Ghi nhận báo cáo sau chuyến đi")),
    Action.REVIEW: Transition(frozenset({Status.REPORTED}), Status.REVIEWED, LEADERS,
                              _("Xem xét báo cáo")),
    Action.CLOSE: Transition(frozenset({Status.REVIEWED}), Status.CLOSED, WRITERS,
                             _("Kết thúc hồ sơ chuyến đi")),
    Action.CANCEL: Transition(
        frozenset({Status.DRAFT, Status.CELL_REVIEW, Status.SUBMITTED, Status.APPROVED}),
        Status.CANCELLED, WRITERS, _("Hủy chuyến đi"), reason_required=True),
}

# Moves that need a date, a text or a form of their own (not a plain button).
NEEDS_FORM = frozenset({Action.DEPART, Action.RETURN, Action.REPORT, Action.REVIEW})


class Refused(Exception):
    """A move refused; ``message`` says why, in Vietnamese, and what to do."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class IllegalTransition(Refused):
    def __init__(self, action: str = ""):
        super().__init__(_("Không thể thực hiện thao tác này ở trạng thái hiện tại của chuyến đi."))


class RoleRefused(Refused):
    def __init__(self, action: str = ""):
        super().__init__(_("Vai trò của bạn không được thực hiện thao tác này."))


def target_of(status: str, action: str, role: str | None) -> str:
    """The state after ``action`` from ``status`` by ``role`` (None: a service), or raise."""
    transition = TRANSITIONS.get(action)
    if transition is None or status not in transition.sources:
        raise IllegalTransition(action)
    if role is not None and role not in transition.roles:
        raise RoleRefused(action)
    return transition.target


def available_actions(status: str, role: str) -> list[str]:
    """Buttons to show for ``role`` on a trip in ``status``, in table order."""
    return [name for name, t in TRANSITIONS.items() if status in t.sources and role in t.roles]


def label(action: str) -> str:
    transition = TRANSITIONS.get(action)
    return str(transition.label) if transition else action
