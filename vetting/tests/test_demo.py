"""The demo cases (core/demo/vetting.py): every state, coherent with the rules, loaded once."""

import io
import random

import pytest
from django.core.management import call_command

from core.demo.vetting import load_vetting
from vetting.choices import ADVERSE_OUTCOMES, Status
from vetting.models import Conclusion, Pause, Relative, VettingCase

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", people=300, seed=11, stdout=io.StringIO())


def test_cases_in_every_state_with_relatives(demo):
    assert set(VettingCase.objects.values_list("status", flat=True)) == set(Status.values)
    assert Relative.objects.count() >= 2 * VettingCase.objects.count()
    assert Pause.objects.filter(ended_on__isnull=True).count() == \
        VettingCase.objects.filter(status=Status.SUSPENDED).count()


def test_demo_obeys_the_rules(demo):
    for case in VettingCase.objects.exclude(status=Status.DRAFT):
        assert case.due_on > case.opened_on
        assert case.classification >= case.subject.classification
    for conclusion in Conclusion.objects.filter(outcome__in=ADVERSE_OUTCOMES):
        assert conclusion.case.explanations.filter(received_on__isnull=False).exists()


def test_loaded_once(demo):
    count = VettingCase.objects.count()
    assert load_vetting(random.Random(1), 300) == 0
    assert VettingCase.objects.count() == count
