"""An export costs the same few queries for 2 rows or 8: nothing is read once per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.tests.factories import make_person
from transfer.tests.export_utils import download
from travel.tests.factories import make_trip
from vetting.tests.factories import make_case

pytestmark = pytest.mark.django_db


def _queries(client, name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = download(client, name)
    assert response.status_code == 200
    return len(captured)


def _add(world, count: int) -> None:
    for i in range(count):
        person = make_person(world.admin, world.hn_cell, f"Đỗ Văn Thêm {i}")
        make_case(world.admin, world.hn, person)
        make_trip(world.admin, world.hn, [person, world.person_a])


@pytest.mark.parametrize("name", ["people", "vetting_cases", "trips"])
def test_export_queries_do_not_grow_with_rows(client, world, name):
    client.force_login(world.officer_a)
    _add(world, 2)
    _queries(client, name)  # warm: the list's plan check (scope size) is remembered a while
    few = _queries(client, name)
    _add(world, 6)
    assert _queries(client, name) == few
