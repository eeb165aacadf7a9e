"""The admission dossier's state machine: one table, pure Python, no database.

COLLECTING → VERIFICATION_SENT → RESULTS_IN → CELL_RESOLVED [no document past its validity] →
DECIDED [≤ decision_days working days after the cell's resolution, + special_extra_days in
special cases] → ADMITTED [ceremony ≤ ceremony_days working days after the decision] →
PROBATION (probation_months) → FULL_MEMBER [not before the probation ends]; WITHDRAWN before the
ceremony, with a reason. The guards that need dates are pure functions below; services call them.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from admission.choices import Status

WRITERS = frozenset({Role.ADMIN, Role.LEADER, Role.OFFICER})
LEADERS = frozenset({Role.ADMIN, Role.LEADER})


class Action:
    SEND_VERIFICATION = "SEND_VERIFICATION"
    RECORD_RESULTS = "RECORD_RESULTS"
    CELL_RESOLVE = "CELL_RESOLVE"
    DECIDE = "DECIDE"
    ADMIT = "ADMIT"
    START_PROBATION = "START_PROBATION"
    CONFIRM = "CONFIRM"
    WITHDRAW = "WITHDRAW"


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str
    roles: frozenset
    label: str
    reason_required: bool = False
    # The move records a number (resolution, decision) with its date.
    takes_number: bool = False


TRANSITIONS: dict[str, Transition] = {
    Action.SEND_VERIFICATION: Transition(frozenset({Status.COLLECTING}),
                                         Status.VERIFICATION_SENT, WRITERS,
                                         _("Đã gửi thẩm tra lý lịch")),
    Action.RECORD_RESULTS: Transition(frozenset({Status.VERIFICATION_SENT}), Status.RESULTS_IN,
                                      WRITERS, _("Đã có kết quả thẩm tra")),
    Action.CELL_RESOLVE: Transition(frozenset({Status.RESULTS_IN}), Status.CELL_RESOLVED,
                                    WRITERS, _("Ghi nghị quyết của chi bộ"), takes_number=True),
    Action.DECIDE: Transition(frozenset({Status.CELL_RESOLVED}), Status.DECIDED, WRITERS,
                              _("Ghi quyết định kết nạp"), takes_number=True),
    Action.ADMIT: Transition(frozenset({Status.DECIDED}), Status.ADMITTED, WRITERS,
                             _("Ghi lễ kết nạp")),
    Action.START_PROBATION: Transition(frozenset({Status.ADMITTED}), Status.PROBATION, WRITERS,
                                       _("Bắt đầu theo dõi dự bị")),
    Action.CONFIRM: Transition(frozenset({Status.PROBATION}), Status.FULL_MEMBER, WRITERS,
                               _("Công nhận đảng viên chính thức"), takes_number=True),
    Action.WITHDRAW: Transition(
        frozenset({Status.COLLECTING, Status.VERIFICATION_SENT, Status.RESULTS_IN,
                   Status.CELL_RESOLVED, Status.DECIDED}),
        Status.WITHDRAWN, LEADERS, _("Dừng xem xét"), reason_required=True),
}


class Refused(Exception):
    """A move refused; ``message`` says why, in Vietnamese, and what to do."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class IllegalTransition(Refused):
    def __init__(self, action: str = ""):
        super().__init__(_("Không thể thực hiện thao tác này ở trạng thái hiện tại của hồ sơ."))


class RoleRefused(Refused):
    def __init__(self, action: str = ""):
        super().__init__(_("Vai trò của bạn không được thực hiện thao tác này."))


def target_of(status: str, action: str, role: str | None) -> str:
    """The state after ``action`` from ``status`` by ``role``, or raise."""
    transition = TRANSITIONS.get(action)
    if transition is None or status not in transition.sources:
        raise IllegalTransition(action)
    if role is not None and role not in transition.roles:
        raise RoleRefused(action)
    return transition.target


def available_actions(status: str, role: str) -> list[str]:
    """Buttons to show for ``role`` on a dossier in ``status``, in table order."""
    return [name for name, t in TRANSITIONS.items() if status in t.sources and role in t.roles]


def label(action: str) -> str:
    transition = TRANSITIONS.get(action)
    return str(transition.label) if transition else action


def expired_documents_message(expired: list[tuple[str, date]]) -> str | None:
    """The refusal for documents past their validity on the cell's resolution date, or None."""
    if not expired:
        return None
    return " ".join(
        str(_("%(kind)s đã hết hạn ngày %(date)s: cần bổ sung trước khi chi bộ xét.")
            % {"kind": kind, "date": f"{day:%d/%m/%Y}"})
        for kind, day in expired)


def missing_documents_message(missing: list[str]) -> str | None:
    """The refusal for required papers not yet in the dossier, or None."""
    if not missing:
        return None
    return str(_("Hồ sơ còn thiếu: %(kinds)s. Cần bổ sung trước khi chi bộ xét.")
               % {"kinds": "; ".join(missing)})


def not_before_message(on: date, earlier: date, what: str) -> str | None:
    if on < earlier:
        return str(_("Ngày %(on)s trước ngày %(what)s (%(earlier)s): kiểm tra lại ngày.")
                   % {"on": f"{on:%d/%m/%Y}", "what": what, "earlier": f"{earlier:%d/%m/%Y}"})
    return None


def deadline_message(on: date, due: date, what: str) -> str | None:
    """The refusal for a step recorded after its working-day deadline, or None."""
    if on > due:
        return str(_("%(what)s ngày %(on)s quá thời hạn (chậm nhất ngày %(due)s, tính theo ngày "
                     "làm việc). Nếu là trường hợp đặc biệt, ghi lý do trường hợp đặc biệt vào "
                     "hồ sơ trước.")
                   % {"what": what, "on": f"{on:%d/%m/%Y}", "due": f"{due:%d/%m/%Y}"})
    return None
