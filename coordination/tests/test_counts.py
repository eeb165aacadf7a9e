"""Per-agency timeliness for the reports: sent and received, on time / late / open / overdue,
read through visible_to (another province's and above-clearance records are not counted)."""

from datetime import date

import pytest

from coordination.choices import Direction, ReplyKind
from coordination.counts import timeliness_by_agency, timeliness_total
from coordination.services import do_add_reply, do_transition_request
from coordination.tests.factories import make_request
from coordination.workflow import Action

TODAY = date(2026, 3, 16)
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def answer(actor, request, on, kind=ReplyKind.FINAL):
    do_add_reply(actor=actor, request=request, data={"kind": kind, "replied_on": on,
                                                    "summary": "Trả lời"})


@pytest.fixture
def ledger(world):
    officer = world.officer_a
    jan5 = date(2026, 1, 5)  # due 23/01/2026
    answer(officer, make_request(officer, world.hn, opened=jan5), date(2026, 1, 22))
    answer(officer, make_request(officer, world.hn, opened=jan5), date(2026, 1, 26))
    make_request(officer, world.hn_ward, opened=date(2026, 3, 2))  # due 23/03: open
    late = make_request(officer, world.hn, opened=jan5)  # never answered: overdue
    answer(officer, late, date(2026, 1, 15), ReplyKind.PARTIAL)
    received = make_request(officer, world.hn, direction=Direction.RECEIVED, agency_code="UBKT",
                            received_on=jan5, opened=jan5)
    answer(officer, received, date(2026, 1, 20))
    make_request(officer, world.hn, agency_code=None, counterpart_name="Đảng ủy xã Tân Lập",
                 opened=jan5)
    # Not counted: a draft, a cancelled request, one sent the year before.
    make_request(officer, world.hn, send=False)
    cancelled = make_request(officer, world.hn, opened=jan5)
    do_transition_request(actor=officer, request=cancelled, action=Action.CANCEL,
                          reason="Gửi nhầm")
    make_request(officer, world.hn, opened=date(2025, 12, 1))
    # Outside some users' sight: Hải Phòng's request, and a Mật one in Hà Nội.
    make_request(world.officer_b, world.hp, opened=jan5)
    make_request(world.admin, world.hn, opened=jan5, classification=1)


def row(rows, label):
    return next(r for r in rows if r.label == label)


def test_timeliness_per_agency_in_both_directions(world, ledger):
    rows = timeliness_by_agency(world.officer_a, *YEAR, today=TODAY)
    police = row(rows, "Công an")
    # officer_a (clearance Mật) sees the Mật request too: it is open and overdue.
    assert (police.sent.total, police.sent.answered_on_time, police.sent.answered_late,
            police.sent.open, police.sent.open_overdue) == (5, 1, 1, 1, 2)
    assert police.received.total == 0
    commission = row(rows, "Ủy ban Kiểm tra")
    assert (commission.received.total, commission.received.answered_on_time) == (1, 1)
    other = rows[-1]
    assert other.agency is None and other.sent.open_overdue == 1
    total = timeliness_total(rows)
    assert (total.sent.total, total.received.total, total.sent.answered, total.sent.late) == (
        6, 1, 2, 4)


def test_records_the_user_may_not_see_are_not_counted(world, ledger):
    viewer = timeliness_by_agency(world.viewer_a, *YEAR, today=TODAY)
    assert row(viewer, "Công an").sent.total == 4  # not the Mật request
    other_province = timeliness_by_agency(world.officer_b, *YEAR, today=TODAY)
    assert timeliness_total(other_province).sent.total == 1


def test_the_period_is_the_date_the_clock_started(world, ledger):
    december = timeliness_by_agency(world.officer_a, date(2025, 12, 1), date(2025, 12, 31),
                                    today=TODAY)
    assert timeliness_total(december).sent.total == 1
    march = timeliness_by_agency(world.officer_a, date(2026, 3, 1), date(2026, 3, 31),
                                 today=TODAY)
    assert (timeliness_total(march).sent.total, timeliness_total(march).sent.open) == (1, 1)


def test_every_active_agency_has_a_row_even_without_requests(world):
    rows = timeliness_by_agency(world.officer_a, *YEAR, today=TODAY)
    assert [r.agency.code for r in rows] == ["BTC", "UBKT", "BTG", "BNC", "CA", "QD", "NG",
                                             "TTR"]
    assert timeliness_total(rows).sent.total == 0
