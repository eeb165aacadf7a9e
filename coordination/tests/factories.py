"""Builders for coordination records in tests (through coordination.services, as the pages do)."""

from datetime import date

from coordination.choices import Direction, RequestKind
from coordination.models import Agency
from coordination.services import do_create_request, do_transition_request
from coordination.workflow import Action


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def make_request(actor, unit, *, direction=Direction.SENT, kind=RequestKind.PHOI_HOP,
                 agency_code="CA", opened: date | None = None, send=True, **fields):
    """A request of ``unit``; with ``opened`` and ``send`` it is sent (or registered) that day."""
    data = {
        "org_unit": unit, "direction": direction, "kind": kind,
        "agency": agency(agency_code) if agency_code else None,
        "subject": fields.pop("subject", "Đề nghị phối hợp xác minh lý lịch"),
        "classification": 0,
    }
    data.update(fields)
    request = do_create_request(actor=actor, data=data)
    if send and opened is not None:
        request = do_transition_request(actor=actor, request=request, action=Action.SEND,
                                        on=opened)
    return request


def matrix_request(actor, unit, counterpart, person, classification=0):
    """A verification request about ``person`` naming ``unit``'s own sub-unit (access matrix)."""
    return make_request(actor, unit, kind=RequestKind.XAC_MINH, opened=date(2026, 1, 5),
                        counterpart_unit=counterpart, subject_person=person,
                        subject=f"Xác minh lý lịch {person.full_name}",
                        classification=classification)
