"""Admission counts: verifications, letters sent / answered on time / late, through scope."""

from datetime import date

from admission.counts import admission_letters, admission_verifications, admissions_decided
from admission.services import do_link_letter
from admission.tests.factories import make_candidate, make_dossier
from coordination.choices import ReplyKind, RequestKind
from coordination.services import do_add_reply
from coordination.tests.factories import make_request

PERIOD = (date(2025, 1, 1), date(2025, 12, 31))


def _letter(world, dossier, person, opened):
    letter = make_request(world.admin, world.hn_ward, kind=RequestKind.XAC_MINH,
                          subject_person=person, opened=opened)
    do_link_letter(actor=world.admin, dossier=dossier, request=letter)
    return letter


def test_letters_sent_answered_on_time_and_late(world):
    person = make_candidate(world.admin, world.hn_cell)
    dossier = make_dossier(world.officer_a, world.hn_cell, person, moves=1)
    on_time = _letter(world, dossier, person, date(2025, 10, 1))
    late = _letter(world, dossier, person, date(2025, 10, 1))
    _letter(world, dossier, person, date(2025, 10, 1))
    make_request(world.admin, world.hn_ward, kind=RequestKind.XAC_MINH, subject_person=person,
                 opened=date(2025, 10, 1))  # not an admission letter: not counted
    do_add_reply(actor=world.admin, request=on_time, data={
        "kind": ReplyKind.FINAL, "replied_on": on_time.due_on, "summary": "Không có vấn đề"})
    do_add_reply(actor=world.admin, request=late, data={
        "kind": ReplyKind.FINAL, "replied_on": date(2025, 12, 30), "summary": "Có"})
    tally = admission_letters(world.officer_a, *PERIOD, today=date(2026, 1, 15))
    assert (tally.total, tally.answered_on_time, tally.answered_late, tally.open_overdue) == \
        (3, 1, 1, 1)
    assert tally.late == 2
    assert admission_verifications(world.officer_a, *PERIOD) == 1
    assert admission_letters(world.officer_b, *PERIOD).total == 0
    assert admission_verifications(world.officer_b, *PERIOD) == 0


def test_decisions_counted_in_their_period(world):
    person = make_candidate(world.admin, world.hn_cell)
    make_dossier(world.officer_a, world.hn_cell, person, moves=4)
    assert admissions_decided(world.officer_a, date(2026, 3, 1), date(2026, 3, 31)) == 1
    assert admissions_decided(world.officer_a, *PERIOD) == 0
