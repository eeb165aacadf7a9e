"""Builders for org units in tests (through the service, as the app does)."""

import itertools

from orgs.choices import OrgKind
from orgs.services import do_create_unit

_codes = itertools.count(1)


def make_unit(name: str, kind: str = OrgKind.CHI_BO, parent=None, **extra):
    return do_create_unit(actor=None, code=f"T{next(_codes):05d}", name=name, kind=kind,
                          parent=parent, **extra)
