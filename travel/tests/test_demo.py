"""The demo trips (core/demo/travel.py): every state, members, countries, coherent deadlines."""

import io

import pytest
from django.core.management import call_command
from django.db.models import F

from travel.choices import Status
from travel.models import ContactReport, IncomingVisit, Trip, TripMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", people=3000, seed=11, stdout=io.StringIO())


def test_trips_in_every_state_with_members_and_deadlines(demo):
    trips = Trip.objects.all()
    assert set(trips.values_list("status", flat=True)) == set(Status.values)
    assert not trips.filter(members__isnull=True).exists()
    assert TripMember.objects.count() > trips.count()
    returned = trips.filter(actual_return_on__isnull=False)
    assert returned.exists() and not returned.filter(report_due_on__isnull=True).exists()
    assert not returned.filter(report_due_on__lte=F("actual_return_on")).exists()
    assert IncomingVisit.objects.exists() and ContactReport.objects.exists()

