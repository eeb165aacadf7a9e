"""The demo dossiers (core/demo/admission.py): every state, papers, letters, coherent dates."""

import io

import pytest
from django.core.management import call_command
from django.db.models import F

from admission.choices import Status
from admission.models import AdmissionDocument, AdmissionDossier
from coordination.models import CoordinationRequest
from people.choices import PartyStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", people=3000, seed=11, stdout=io.StringIO())


def test_dossiers_in_every_state_with_papers_and_letters(demo):
    dossiers = AdmissionDossier.objects.all()
    assert set(dossiers.values_list("status", flat=True)) == set(Status.values)
    assert AdmissionDocument.objects.filter(dossier__in=dossiers).count() >= 6 * dossiers.count()
    assert CoordinationRequest.objects.filter(admission_dossier__isnull=False).exists()


def test_demo_dates_follow_the_rules(demo):
    dossiers = AdmissionDossier.objects.all()
    assert not dossiers.filter(decided_on__gt=F("decision_due_on")).exists()
    assert not dossiers.filter(ceremony_on__gt=F("ceremony_due_on")).exists()
    assert not dossiers.filter(full_member_on__lt=F("probation_ends_on")).exists()
    assert not dossiers.filter(cell_resolved_on__lt=F("results_in_on")).exists()
    full = dossiers.filter(status=Status.FULL_MEMBER).first()
    assert full.person.party_status == PartyStatus.CHINH_THUC
    collecting = dossiers.filter(status=Status.COLLECTING).first()
    assert collecting.person.party_status == PartyStatus.QUAN_CHUNG
