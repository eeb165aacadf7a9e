"""Builders for coordination records in tests (through coordination.services, as the pages do)."""

from datetime import date

from coordination.choices import Direction, ReplyKind, RequestKind
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


def add_chaser(actor, request, on=date(2026, 1, 20), letter_number="Số 20-CV/BTCTU"):
    from coordination.services import do_add_chaser

    return do_add_chaser(actor=actor, request=request, data={
        "sent_on": on, "letter_number": letter_number, "note": "Đề nghị trả lời sớm"})


def add_reply(actor, request, kind=ReplyKind.PARTIAL, on=date(2026, 1, 22)):
    from coordination.services import do_add_reply

    return do_add_reply(actor=actor, request=request, data={
        "kind": kind, "replied_on": on, "letter_number": "Số 7/CA-PA", "letter_date": on,
        "summary": "Đã xác minh một phần nhân thân."})


def matrix_records(actor, unit, counterpart, person, classification=0) -> dict:
    """The matrix request with a chaser and a partial reply: URL kwargs → ids."""
    request = matrix_request(actor, unit, counterpart, person, classification=classification)
    chaser = add_chaser(actor, request)
    reply = add_reply(actor, request)
    return {"coordination_request_id": request.pk, "reply_id": reply.pk, "chaser_id": chaser.pk}
