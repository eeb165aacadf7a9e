"""Drill-down: for EVERY figure and cell of the report, the records behind it are exactly as many
as the figure says, for each persona; hidden records are in neither."""

import pytest
from django.urls import reverse

from reports.drill import drill_page
from reports.figures import compute_report, records_for
from reports.tests import figures_data
from reports.tests.figures_data import period
from reports.types import Figure

built = figures_data.built  # the fixture

PERSONAS = ("officer_a", "viewer_a", "officer_b")


def _all_figures(report):
    for section in report.sections:
        yield from section.figures
        for table in section.tables:
            for row in table.rows:
                yield from (item for item in row if isinstance(item, Figure))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_figure_and_cell_lists_exactly_its_records(built, persona):
    user = getattr(built, persona)
    p = period(built.hp if persona == "officer_b" else built.hn)
    report = compute_report(user, p)
    checked = 0
    for figure in _all_figures(report):
        records = records_for(user, p, figure.key, figure.cell)
        assert records.count() == figure.value, (figure.key, figure.cell)
        assert len(list(records)) == figure.value, (figure.key, figure.cell)
        checked += 1
    assert checked > 150


def test_hidden_records_are_not_behind_any_figure(built):
    records = records_for(built.viewer_a, period(built.hn), "inspections.inspected_members")
    assert list(records) == [built.person_a]  # person_a_secret is Mật: above the viewer
    trips = records_for(built.officer_a, period(built.hn), "travel.trips")
    assert {t.org_unit_id for t in trips} == {built.hn.pk, built.hn_ward.pk}
    assert all(t.classification == 0 for t in trips)  # the Tối mật trip is left out


def test_drill_page_links_each_record_to_its_page(built):
    count, total, page = drill_page(built.officer_a, period(built.hn), "travel.person_trips",
                                    "country=LA")
    assert total == 3 == len(page.lines)
    assert all(line.url.startswith("/") for line in page.lines)
    count, total, page = drill_page(built.officer_a, period(built.hn), "vetting.appraisals",
                                    "purpose=BO_NHIEM,outcome=KHONG_CO_VAN_DE")
    case = records_for(built.officer_a, period(built.hn), "vetting.appraisals").get()
    assert total == 1
    assert page.lines[0].url == reverse("vetting:detail", args=[case.pk])


def test_unknown_key_and_bad_cell_are_refused(built):
    with pytest.raises(KeyError):
        records_for(built.officer_a, period(built.hn), "nope.nothing")
    with pytest.raises(KeyError):
        records_for(built.officer_a, period(built.hn), "travel.trips", "colour=red")
    with pytest.raises(ValueError):
        records_for(built.officer_a, period(built.hn), "travel.trips", "month=bad")


def test_every_cell_of_every_count_matches_its_records(built):
    """All counts, in the report or not (documents), each breakdown: grouped == narrowed."""
    from reports import counts
    from reports.figures import make_scope

    scope = make_scope(built.officer_a, period(built.hn))
    for count in counts.registry().values():
        assert count.records(scope).count() == count.value(scope)
        for item in count.breakdowns:
            for (cell_value,), n in count.grouped(scope, [item.name]).items():
                assert count.records(scope, {item.name: cell_value}).count() == n, (
                    count.key, item.name, cell_value)
