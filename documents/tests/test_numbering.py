"""Numbers per (unit, issuer, type, year), given by the service; received ones typed in."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from documents.choices import Direction
from documents.models import Document
from documents.tests.factories import make_document


def test_numbers_follow_each_other_per_type_issuer_and_year(world):
    officer = world.officer_a
    first = make_document(officer, world.hn, code="BC")
    second = make_document(officer, world.hn, code="BC")
    plan = make_document(officer, world.hn, code="KH")
    other_issuer = make_document(officer, world.hn, code="BC", issuer="TU")
    next_year = make_document(officer, world.hn, code="BC", issued_on=date(2026, 1, 5))
    assert (first.number, second.number, plan.number, other_issuer.number, next_year.number) \
        == (1, 2, 1, 1, 1)
    assert second.number_display == "Số 2-BC/BTCTU"
    assert str(plan.number_display) == "Số 1-KH/BTCTU"


def test_internal_documents_share_the_series_of_sent_ones(world):
    sent = make_document(world.officer_a, world.hn)
    internal = make_document(world.officer_a, world.hn, direction=Direction.INTERNAL)
    assert internal.number == sent.number + 1


def test_another_province_has_its_own_series(world):
    make_document(world.officer_a, world.hn)
    other = make_document(world.officer_b, world.hp)
    assert other.number == 1


def test_received_document_keeps_its_own_number_and_is_registered_once(world):
    received = make_document(world.officer_a, world.hn, direction=Direction.IN, number=259,
                             issuer="BTCTW", code="BC")
    assert received.number_display == "Số 259-BC/BTCTW"
    own = make_document(world.officer_a, world.hn, issuer="BTCTW")
    assert own.number == 1  # a received number does not move the unit's own series
    with pytest.raises(ValidationError, match="đã được vào sổ"):
        make_document(world.officer_a, world.hn, direction=Direction.IN, number=259,
                      issuer="BTCTW", code="BC")


def test_no_duplicate_numbers_over_many_documents(world):
    numbers = [make_document(world.officer_a, world.hn).number for _ in range(15)]
    assert numbers == list(range(1, 16))


@pytest.mark.django_db(transaction=True)
def test_two_services_racing_get_different_numbers():
    """On PostgreSQL: threads with their own connections number at the same time."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    from conftest import build_world

    world = build_world()
    results, errors = [], []
    barrier = threading.Barrier(4)

    def create():
        try:
            barrier.wait()
            results.append(make_document(world.officer_a, world.hn).number)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(results) == [1, 2, 3, 4]
    assert Document.objects.count() == 4
