"""The reports API: the same figures as compute_report, the records behind one, same scope."""

import pytest
from django.urls import reverse

from reports.figures import compute_report
from reports.tests import figures_data
from reports.tests.figures_data import period

built = figures_data.built  # the fixture
FIGURES = "/api/v1/reports/figures"
RECORDS = "/api/v1/reports/records"
YEAR = {"date_from": "01/01/2026", "date_to": "2026-12-31"}


def _figures(body):
    for section in body["sections"]:
        yield from section["figures"]
        for table in section["tables"]:
            for row in table["rows"]:
                yield from row["figures"]


def test_figures_are_the_reports(client, built):
    client.force_login(built.officer_a)
    response = client.get(FIGURES, {"unit": built.hn.pk, **YEAR})
    assert response.status_code == 200
    body = response.json()
    report = compute_report(built.officer_a, period(built.hn))
    got = {(f["key"], f["cell"]): f["value"] for f in _figures(body)}
    assert got[("travel.person_trips", "")] == report.figure("travel.person_trips").value == 3
    assert got[("travel.trips", "country=TH")] == 1
    assert [s["key"] for s in body["sections"]] == [s.key for s in report.sections]
    assert body["period"]["date_to"] == "2026-12-31"


def test_records_match_the_figure_and_link_each_record(client, built):
    client.force_login(built.officer_a)
    body = client.get(RECORDS, {"unit": built.hn.pk, "key": "travel.person_trips",
                                "cell": "country=LA", **YEAR}).json()
    assert body["total"] == 3 == len(body["results"])
    trip_urls = {reverse("travel:detail", args=[t]) for t in built.trip_ids}
    assert {r["url"] for r in body["results"]} <= trip_urls


def test_viewer_gets_no_classified_record(client, built):
    client.force_login(built.viewer_a)
    body = client.get(RECORDS, {"key": "inspections.inspected_members", **YEAR}).json()
    assert [r["text"] for r in body["results"]] == [str(built.person_a)]


def test_unit_of_another_province_is_not_found(client, built):
    client.force_login(built.officer_a)
    assert client.get(FIGURES, {"unit": built.hp.pk}).status_code == 404
    assert client.get(RECORDS, {"unit": built.hp.pk, "key": "travel.trips"}).status_code == 404


def test_bad_input_gets_field_errors(client, built):
    client.force_login(built.officer_a)
    response = client.get(FIGURES, {"date_from": "32/13/2026"})
    assert response.status_code == 400 and "date_from" in response.json()["errors"]
    response = client.get(RECORDS, {"key": "nope"})
    assert response.status_code == 400 and "key" in response.json()["errors"]
    response = client.get(RECORDS, {"key": "travel.trips", "cell": "colour=red"})
    assert response.status_code == 400 and "cell" in response.json()["errors"]


def test_anonymous_is_refused(client, world):
    assert client.get(FIGURES).status_code == 401


@pytest.mark.parametrize("cell", ["unit=abc", "agency=99999999999999999999999", "month=0-13",
                                  "month=99999-1", "unit=99999999999999999999"])
def test_malformed_cells_are_field_errors_not_crashes(client, world, cell):
    client.force_login(world.officer_a)
    key = "coordination.sent" if cell.startswith("agency") else "travel.trips"
    response = client.get(RECORDS, {"key": key, "cell": cell})
    assert response.status_code == 400 and "cell" in response.json()["errors"]


def test_unit_out_of_range_is_not_found(client, world):
    client.force_login(world.officer_a)
    assert client.get(FIGURES, {"unit": 10**20}).status_code in (400, 404)
    client.force_login(world.officer_a)
    assert client.get("/bao-cao/", {"unit": "9" * 25}).status_code == 404


WEIRD = [{"unit": -1}, {"unit": 0}, {"date_from": "2026-02-30"}, {"as_of": "x"},
         {"date_from": "\x00"}, {"page": -5}, {"page": 10**12}, {"key": "a" * 5000},
         {"key": "travel.trips", "cell": "purpose=\x00"}, {"key": "travel.trips", "cell": "="},
         {"key": "travel.trips", "cell": "country=LA,country=TH"},
         {"key": "vetting.appraisals", "cell": "outcome=-"},
         {"date_from": "01/01/0001", "date_to": "31/12/9999"}]


@pytest.mark.parametrize("query", WEIRD)
def test_odd_queries_never_fail_the_server(client, world, query):
    client.force_login(world.officer_a)
    for path in (FIGURES, RECORDS):
        response = client.get(path, {"key": "travel.trips", **query})
        assert response.status_code in (200, 400, 404, 422), (path, query, response.status_code)
    response = client.get(reverse("reports:drill"), {"key": "travel.trips", **query})
    assert response.status_code in (200, 400, 404), (query, response.status_code)
