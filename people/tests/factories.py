"""Builders for people in tests (through people.services, validated like a form would)."""

import itertools

from people.choices import PartyStatus, Sex
from people.services import do_create_person

_cccd = itertools.count(1)


def make_person(actor, unit, full_name: str = "Nguyễn Văn An", **fields):
    data = {
        "full_name": full_name,
        "sex": Sex.NAM,
        "party_status": PartyStatus.CHINH_THUC,
        "org_unit": unit,
        "classification": 0,
        "birth_year": 1980,
        "cccd": f"0011{next(_cccd):08d}",
    }
    data.update(fields)
    return do_create_person(actor=actor, data=data)
