"""The demo loader's documents: numbered as the service would, registers within the copies."""

import io
from collections import Counter

import pytest
from django.core.management import call_command

from accounts.choices import Role
from accounts.tests.factories import make_user
from core.choices import Classification
from documents import services
from documents.choices import Direction
from documents.models import Document, SecretRegisterEntry
from documents.tests.factories import make_document
from orgs.choices import OrgKind
from orgs.models import OrgUnit


@pytest.fixture
def demo(db):
    call_command("demo", people=300, seed=5, stdout=io.StringIO())


def test_documents_in_every_direction_some_classified(demo):
    directions = Counter(Document.objects.values_list("direction", flat=True))
    assert set(directions) == set(Direction.values)
    assert Document.objects.filter(classification__gt=0).exists()
    assert SecretRegisterEntry.objects.exists()


def test_own_numbers_never_repeat_within_a_series(demo):
    keys = Counter(Document.objects.exclude(direction=Direction.IN).values_list(
        "org_unit", "issuer_code", "doc_type", "year", "number"))
    assert keys and max(keys.values()) == 1


def test_register_never_sends_more_copies_than_held(demo):
    for document in Document.objects.filter(register__isnull=False).distinct():
        assert services.copies_held(document) >= 0


def test_the_service_continues_the_demo_series(demo):
    province = OrgUnit.objects.active().get(name="Thành phố Hà Nội", kind=OrgKind.TINH_THANH)
    officer = make_user("vanthu", province, Role.OFFICER, Classification.TOI_MAT)
    last = (Document.objects.filter(org_unit=province, issuer_code="BTCTU", doc_type__code="CV")
            .exclude(direction=Direction.IN).order_by("-year", "-number").first())
    document = make_document(officer, province, code="CV", issued_on=last.issued_on)
    assert document.number == last.number + 1
