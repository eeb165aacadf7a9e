"""Escalation of late requests to the unit above: working days over Tết, idempotent, audited,
visible to that unit."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from accounts.choices import Role
from accounts.tests.factories import make_user
from audit.choices import AuditAction
from audit.models import AuditEvent
from coordination.choices import ReplyKind
from coordination.models import CoordinationRequest
from coordination.services import do_add_reply, do_escalate_overdue
from coordination.tests.factories import make_request

# Sent Fri 23/01/2026: 15 working days → due Fri 13/02, the last day before Tết (16–20/02).
SENT = date(2026, 1, 23)
DUE = date(2026, 2, 13)


@pytest.fixture
def late_ward(world):
    """A ward's request to the police, due just before Tết and never answered."""
    return make_request(world.officer_a, world.hn_ward, opened=SENT)


def escalation_events(request):
    return AuditEvent.objects.filter(action=AuditAction.TRANSITION, target_id=str(request.pk),
                                     after__action="ESCALATE")


def test_tet_days_do_not_count_towards_escalation(late_ward):
    assert late_ward.due_on == DUE
    # 20/02: six calendar days late but Tết: 0 working days; 27/02: 5 working days = the delay.
    assert do_escalate_overdue(on=date(2026, 2, 20)) == []
    assert do_escalate_overdue(on=date(2026, 2, 27)) == []
    late_ward.refresh_from_db()
    assert late_ward.escalated_on is None


def test_late_by_more_than_the_delay_goes_to_the_unit_above(world, late_ward):
    escalated = do_escalate_overdue(on=date(2026, 3, 2))
    assert [r.pk for r in escalated] == [late_ward.pk]
    late_ward.refresh_from_db()
    assert (late_ward.escalated_to, late_ward.escalated_on) == (world.hn, date(2026, 3, 2))
    event = escalation_events(late_ward).get()
    assert event.actor is None and event.after["working_days_late"] == 6
    assert world.hn.name in event.reason


def test_escalation_is_idempotent(late_ward):
    do_escalate_overdue(on=date(2026, 3, 2))
    version = CoordinationRequest.objects.get(pk=late_ward.pk).version
    assert do_escalate_overdue(on=date(2026, 3, 2)) == []
    assert do_escalate_overdue(on=date(2026, 3, 3)) == []
    stored = CoordinationRequest.objects.get(pk=late_ward.pk)
    assert (stored.escalated_on, stored.version) == (date(2026, 3, 2), version)
    assert escalation_events(late_ward).count() == 1


def test_answered_requests_are_not_escalated(world, late_ward):
    do_add_reply(actor=world.officer_a, request=late_ward,
                 data={"kind": ReplyKind.FINAL, "replied_on": date(2026, 2, 25), "summary": "Xong"})
    assert do_escalate_overdue(on=date(2026, 3, 16)) == []


def test_the_top_unit_has_no_one_to_escalate_to(world):
    make_request(world.admin, world.tw, opened=SENT)
    assert do_escalate_overdue(on=date(2026, 3, 16)) == []


def test_the_unit_above_sees_what_was_escalated_to_it(world, late_ward):
    # A province officer whose scope is the province unit alone (not its sub-units).
    own_only = make_user("officer_hn_only", world.hn, Role.OFFICER, include_subunits=False)
    visible = CoordinationRequest.objects.visible_to
    assert not visible(own_only).filter(pk=late_ward.pk).exists()
    do_escalate_overdue(on=date(2026, 3, 2))
    assert visible(own_only).filter(pk=late_ward.pk).exists()
    assert not visible(world.officer_b).filter(pk=late_ward.pk).exists()


def test_escalation_delay_is_read_from_the_rule(late_ward):
    late_ward.rule.escalate_after_days = 10
    late_ward.rule.save()
    assert do_escalate_overdue(on=date(2026, 3, 2)) == []
    assert len(do_escalate_overdue(on=date(2026, 3, 9))) == 1


def test_command_escalates_and_says_how_many(late_ward, capsys):
    call_command("escalate_overdue", "--on", "02/03/2026")
    call_command("escalate_overdue", "--on", "02/03/2026")
    out = capsys.readouterr().out.splitlines()
    assert out == ["Đã báo cáo cấp trên 1 yêu cầu quá hạn.",
                   "Đã báo cáo cấp trên 0 yêu cầu quá hạn."]


def test_command_refuses_an_impossible_date(db):
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("escalate_overdue", "--on", "31/02/2026")
