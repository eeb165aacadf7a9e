"""Builders for the coordination tests: requests made through the services, like the pages do."""

from datetime import date

import pytest

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


@pytest.fixture
def sent_a(world):
    """A request Hà Nội sent to the police on Monday 05/01/2026."""
    return make_request(world.officer_a, world.hn, opened=date(2026, 1, 5),
                        letter_number="Số 12-CV/BTCTU", subject="Đề nghị xác minh nhân thân")


@pytest.fixture
def sent_b(world):
    """A request of Hải Phòng (province B), which Hà Nội's officers must never reach."""
    return make_request(world.officer_b, world.hp, opened=date(2026, 1, 5),
                        subject="Công văn của Hải Phòng gửi Công an")
