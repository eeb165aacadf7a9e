"""The inspection workflow: allowed transitions, who may make them, what each needs.

Pure Python, no database: services.do_transition_inspection checks this table server-side and
the database-dependent guards (documents attached, every subject concluded, remediation done).
"""

from dataclasses import dataclass

from accounts.choices import Role
from inspections.choices import DocType, Status

OFFICERS = frozenset({Role.OFFICER, Role.LEADER, Role.ADMIN})
# The software records decisions of the competent body; only leaders (and admins) record them.
LEADERS = frozenset({Role.LEADER, Role.ADMIN})


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    roles: frozenset
    # Documents (DocType) that must be attached before the transition.
    documents: frozenset = frozenset()


TRANSITIONS = [
    Transition(Status.PLANNED, Status.DECIDED, LEADERS, frozenset({DocType.QD})),
    Transition(Status.DECIDED, Status.ANNOUNCED, OFFICERS, frozenset({DocType.KH, DocType.DC})),
    Transition(Status.ANNOUNCED, Status.SELF_REPORT, OFFICERS),
    Transition(Status.SELF_REPORT, Status.VERIFYING, OFFICERS, frozenset({DocType.BC})),
    Transition(Status.VERIFYING, Status.DRAFT_REPORT, OFFICERS),
    Transition(Status.DRAFT_REPORT, Status.CONCLUDED, LEADERS, frozenset({DocType.KL})),
    Transition(Status.CONCLUDED, Status.REMEDIATION, OFFICERS),
    # Closing straight after the conclusion is allowed when nothing needs remediation
    # (the service checks there is no open item).
    Transition(Status.CONCLUDED, Status.CLOSED, LEADERS),
    Transition(Status.REMEDIATION, Status.CLOSED, LEADERS),
]
_BY_PAIR = {(t.source, t.target): t for t in TRANSITIONS}

# States in which the inspection's clock runs (from the announcement to the conclusion).
RUNNING = frozenset({Status.ANNOUNCED, Status.SELF_REPORT, Status.VERIFYING, Status.DRAFT_REPORT})
# States after the conclusion: the findings and discipline are on record.
CONCLUDED_STATES = frozenset({Status.CONCLUDED, Status.REMEDIATION, Status.CLOSED})
ORDER = list(Status.values)


def find(source: str, target: str) -> Transition | None:
    """The transition from ``source`` to ``target``, or None when the table has none."""
    return _BY_PAIR.get((source, target))


def next_steps(source: str, role: str | None = None) -> list[Transition]:
    """Transitions out of ``source``; only those ``role`` may make when a role is given."""
    return [t for t in TRANSITIONS
            if t.source == source and (role is None or role in t.roles)]


def is_allowed(source: str, target: str, role: str) -> bool:
    """Whether ``role`` may move an inspection from ``source`` to ``target``."""
    transition = find(source, target)
    return transition is not None and role in transition.roles


def reached(status: str, milestone: str) -> bool:
    """Whether ``status`` is at or past ``milestone`` in the linear order."""
    return ORDER.index(status) >= ORDER.index(milestone)
