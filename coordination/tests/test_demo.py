"""The demo ledger (core/demo/coordination.py): a year for Hà Nội in every state, coherent with
the rules the pages enforce, loaded once."""

import io
import random

import pytest
from django.core.management import call_command
from django.db.models import F

from audit.models import AuditEvent
from coordination.choices import Direction, Status
from coordination.models import Chaser, CoordinationRequest, Reply
from coordination.services import do_escalate_overdue
from core.demo.coordination import load_coordination

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", people=300, seed=11, stdout=io.StringIO())


def test_a_year_of_letters_in_both_directions_and_every_state(demo):
    requests = CoordinationRequest.objects.all()
    hanoi = requests.filter(org_unit__path__startswith=requests.order_by("id").first()
                            .org_unit.path.split("/")[0] + "/")
    assert requests.count() >= 60 and hanoi.exists()
    assert set(requests.values_list("direction", flat=True)) == set(Direction.values)
    states = set(requests.values_list("status", flat=True))
    assert {Status.AWAITING, Status.ANSWERED, Status.CLOSED, Status.CANCELLED} <= states
    assert Reply.objects.filter(kind="PARTIAL").exists() and Chaser.objects.exists()
    assert requests.filter(answered_on__gt=F("due_on")).exists()
    assert requests.filter(escalated_on__isnull=False).exists()


def test_demo_rows_obey_the_ledger_rules(demo):
    requests = CoordinationRequest.objects.exclude(status=Status.DRAFT)
    assert not requests.filter(due_on__lt=F("opened_on")).exists()
    assert not requests.filter(status__in=[Status.ANSWERED, Status.CLOSED],
                               answered_on__isnull=True).exists()
    assert not Reply.objects.filter(replied_on__lt=F("request__opened_on")).exists()
    # What the daily job would escalate is already escalated: the demo is a consistent "today".
    assert do_escalate_overdue() == []


def test_loaded_once_and_audited_per_province(demo):
    assert load_coordination(random.Random(1), 300) == 0
    events = AuditEvent.objects.filter(target_type="demo.coordination")
    assert events.count() == 2 and all(e.org_path for e in events)
