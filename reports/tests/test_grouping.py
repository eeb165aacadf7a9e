"""How the report gets its tables cheaply without changing a number: several splits of a count
from one grouped query, a repeated subtree condition dropped, the as-of day as a plain
comparison. Each test compares against the one-split-at-a-time definition."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import counts
from reports.figures import SECTIONS, _splits, compute_report, make_scope
from reports.tests import figures_data
from reports.tests.figures_data import period
from reports.types import Figure

built = figures_data.built  # the fixture

PERSONAS = ("officer_a", "viewer_a", "officer_b")


def _scope(built, persona, unit=None):
    user = getattr(built, persona)
    unit = unit or (built.hp if persona == "officer_b" else built.hn)
    return make_scope(user, period(unit))


@pytest.mark.parametrize("persona", PERSONAS)
def test_splits_grouped_together_equal_each_split_alone(built, persona):
    scope = _scope(built, persona)
    checked = 0
    for count in counts.registry().values():
        together = [(item.name,) for item in count.breakdowns if count.combinable((item.name,))]
        if len(together) < 2:
            continue
        values, total = count.grouped_together(scope, together)
        for split in together:
            assert values[split] == count.grouped(scope, split), (count.key, split)
        assert total == count.value(scope), count.key
        checked += 1
    assert checked >= 4  # appraisals, opened, trips, person-trips, inspections…


def test_a_sub_unit_split_leaves_out_the_units_own_records_but_the_total_keeps_them(built):
    # Hà Nội's own trip is in no sub-unit's row, yet in the total and the month split.
    scope = _scope(built, "officer_a")
    count = counts.get("travel.trips")
    values, total = count.grouped_together(scope, [("unit",), ("month",)])
    assert sum(values[("unit",)].values()) == 1 < total == 2
    assert sum(values[("month",)].values()) == total


def test_distinct_counts_and_multi_valued_splits_are_not_grouped_together(built):
    scope = _scope(built, "officer_a")
    assert not counts.get("inspections.inspected_members").combinable(("type",))
    assert not counts.get("travel.trips").combinable(("country",))
    with pytest.raises(ValueError):
        counts.get("travel.trips").grouped_together(scope, [("purpose",), ("country",)])


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_table_cell_equals_its_split_queried_alone(built, persona):
    scope = _scope(built, persona)
    report = compute_report(scope.user, period(scope.unit))
    for spec in SECTIONS:
        for table in spec.tables:
            for key in table.counts:
                alone = counts.get(key).grouped(_scope(built, persona), table.by)
                shown = {}
                for row in next(t for s in report.sections for t in s.tables
                                if t.key == table.key).rows:
                    for item in row:
                        if isinstance(item, Figure) and item.key == key and item.value and (
                                item.cell.count("=") == len(table.by)):
                            shown[tuple(part.split("=", 1)[1]
                                        for part in item.cell.split(","))] = item.value
                assert shown == {k: v for k, v in alone.items() if v}, (table.key, key)


def test_every_split_of_a_count_in_the_layout_is_known():
    assert ("purpose", "outcome") in _splits("vetting.appraisals")
    assert ("unit",) in _splits("travel.person_trips")
    assert _splits("vetting.rechecks") == []


def test_report_on_the_readers_own_unit_asks_for_its_subtree_once(built):
    scope = _scope(built, "officer_a")
    with CaptureQueriesContext(connection) as queries:
        counts.get("travel.person_trips").value(scope)
    sql = queries.captured_queries[-1]["sql"]
    assert sql.count(built.hn.path) == 1
    # A sub-unit's report keeps both: the reader's scope and the sub-unit.
    ward = _scope(built, "officer_a", built.hn_ward)
    with CaptureQueriesContext(connection) as queries:
        counts.get("travel.person_trips").value(ward)
    assert queries.captured_queries[-1]["sql"].count(built.hn.path) == 2


def test_as_of_day_ends_at_local_midnight(built):
    """Created 23:30 on 14/05 Hà Nội time counts as of 14/05; 00:30 on 15/05 does not."""
    from reports.types import Period
    from travel.models import Trip

    trips = Trip.objects.filter(pk__in=built.trip_ids)
    first, second = trips.order_by("pk")
    Trip.objects.filter(pk=first.pk).update(created_at=datetime(2026, 5, 14, 16, 30, tzinfo=UTC))
    Trip.objects.filter(pk=second.pk).update(created_at=datetime(2026, 5, 14, 17, 30, tzinfo=UTC))
    may14 = Period(built.hn.pk, *figures_data.YEAR, as_of=date(2026, 5, 14))
    may15 = Period(built.hn.pk, *figures_data.YEAR, as_of=date(2026, 5, 15))
    assert compute_report(built.officer_a, may14).figure("travel.trips").value == 1
    assert compute_report(built.officer_a, may15).figure("travel.trips").value == 2


def test_month_of_a_date_is_truncmonth_without_a_python_function(built):
    from django.db.models.functions import TruncMonth

    from reports.counts.base import MonthOf
    from travel.models import Trip
    from vetting.models import VettingCase

    trips = Trip.objects.annotate(ours=MonthOf("planned_departure_on"),
                                  django=TruncMonth("planned_departure_on"),
                                  created=MonthOf("created_at"),
                                  created_django=TruncMonth("created_at"))
    rows = list(trips.values_list("ours", "django", "created", "created_django"))
    assert rows and all(a == b and c == d for a, b, c, d in rows)
    assert {a.day for a, *_rest in rows} == {1}
    cases = VettingCase.objects.annotate(ours=MonthOf("concluded_on"),
                                         django=TruncMonth("concluded_on"))
    pairs = list(cases.values_list("ours", "django"))
    assert (None, None) in pairs  # an open case: no month
    assert all(a == b for a, b in pairs)
    if connection.vendor == "sqlite":
        sql = str(trips.values("ours").query)
        assert "django_date_trunc" not in sql


@pytest.mark.django_db
def test_only_conditions_repeated_word_for_word_are_dropped():
    from django.db.models import Q

    from reports.counts.base import _without_repeats
    from travel.models import Approval, Trip

    def late(day):
        return ~Q(id__in=Approval.objects.filter(decided_on__gt=day).values("trip_id"))

    kept = _without_repeats(Trip.objects.filter(late(date(2026, 1, 1)), late(date(2026, 6, 1))))
    assert len(kept.query.where.children) == 2  # two subqueries on one model: both stay
    kept = _without_repeats(Trip.objects.filter(id__in=[1, 2]).filter(id__in=[1, 3]))
    assert len(kept.query.where.children) == 2
    same = Trip.objects.filter(status="CLOSED").filter(classification__lte=1, status="CLOSED")
    assert len(_without_repeats(same).query.where.children) == 2
    assert len(same.query.where.children) == 3  # the original query is left as it was
