"""Org-tree test data: Hải Phòng absorbed the former Hải Phòng and Hải Dương on 01/7/2025."""

from datetime import date

import pytest

from orgs.choices import OrgKind
from orgs.tests.factories import make_unit

MERGED_ON = date(2025, 6, 30)



@pytest.fixture
def merged(world):
    """The former provinces kept (closed) under the new Hải Phòng, named as its predecessors."""
    old_hp = make_unit("Hải Phòng (cũ)", OrgKind.TINH_THANH, world.hp, valid_to=MERGED_ON)
    old_hd = make_unit("Hải Dương (cũ)", OrgKind.TINH_THANH, world.hp, valid_to=MERGED_ON)
    old_district = make_unit("Đảng bộ huyện Gia Lộc (cũ)", OrgKind.CO_SO, old_hd,
                             valid_to=MERGED_ON)
    # No service edits an existing unit yet; the link is what a merger import would write.
    world.hp.predecessors.add(old_hp, old_hd)
    return old_hp, old_hd, old_district
