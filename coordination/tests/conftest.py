"""Fixtures of the coordination tests (builders in factories.py)."""

from datetime import date

import pytest

from coordination.tests.factories import make_request


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
