"""manage.py demo: a year of inspections for Hà Nội, in many states, with the rules' shape."""

import io

import pytest
from django.core.management import call_command

from inspections.choices import Status
from inspections.models import Conclusion, Inspection, RemediationItem, Subject
from orgs.models import OrgUnit


@pytest.fixture
def demo(db):
    call_command("demo", people=400, seed=3, stdout=io.StringIO())


def test_demo_year_covers_the_workflow_of_one_province(demo):
    hanoi = OrgUnit.objects.get(name="Thành phố Hà Nội", valid_to__isnull=True)
    inspections = Inspection.objects.all()
    assert inspections.count() >= 30
    assert not inspections.exclude(org_unit__path__startswith=hanoi.path).exists()
    assert {Status.PLANNED, Status.CLOSED} <= set(inspections.values_list("status", flat=True))
    assert Subject.objects.filter(person__isnull=False).exists()
    assert Conclusion.objects.filter(violation=True).exists()
    assert RemediationItem.objects.exists()


def test_demo_respects_the_rules(demo):
    for inspection in Inspection.objects.exclude(started_on=None):
        assert (inspection.deadline - inspection.started_on).days == (
            inspection.limit_days + (inspection.extension_days or 0))
        assert (inspection.extension_days or 0) <= inspection.max_extension_days
        assert inspection.look_back_from.year >= inspection.look_back_to.year - 5
    assert not Conclusion.objects.filter(subject__org_unit__isnull=False,
                                         applied_discipline__in=["CACH_CHUC", "KHAI_TRU"]).exists()
