"""The dashboard and drill-down pages: scope, period, numbers as the report computes them, links
from every figure to its records, a unit of another province refused."""

import json
import re
from html import unescape

import pytest
from django.urls import reverse

from reports.figures import compute_report
from reports.tests import figures_data
from reports.tests.figures_data import period

built = figures_data.built  # the fixture
YEAR_QUERY = {"date_from": "01/01/2026", "date_to": "31/12/2026"}


def _get(client, user, name, **query):
    client.force_login(user)
    return client.get(reverse(name), query)


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_dashboard_shows_the_reports_figures_with_links(client, built,
                                                        django_assert_max_num_queries):
    client.force_login(built.officer_a)
    with django_assert_max_num_queries(200):
        response = client.get(reverse("reports:dashboard"), {"unit": built.hn.pk, **YEAR_QUERY})
    assert response.status_code == 200
    html = response.content.decode()
    report = compute_report(built.officer_a, period(built.hn))
    for key in ("travel.person_trips", "inspections.inspected_members", "vetting.appraisals"):
        value = report.figure(key).value
        pattern = (f'data-key="{re.escape(key)}">' r'\s*<div class="card-body p-2">'
                   r'<div class="fs-4 fw-bold">([\d.]+)</div>')
        match = re.search(pattern, html)
        assert match and match.group(1) == str(value), key
    assert html.count('data-key="') == sum(len(s.figures) for s in report.sections)
    charts = json.loads(unescape(re.search(
        r'<script id="report-charts" type="application/json">(.*?)</script>', html, re.S)[1]))
    assert {c["id"] for c in charts} >= {"chart-month", "chart-unit"}
    month = next(c for c in charts if c["id"] == "chart-month")
    assert month["labels"][:3] == ["01/2026", "02/2026", "03/2026"]  # up to today's month
    assert sum(month["datasets"][1]["data"]) == 2  # trips
    assert "chart.umd.min.js" in html and "<script>" not in html  # no inline script (CSP)


def test_default_is_the_users_unit_this_year(client, built):
    response = _get(client, built.officer_b, "reports:dashboard")
    assert response.status_code == 200
    assert response.context["period"].unit_id == built.hp.pk
    assert response.context["period"].date_from.month == 1


def test_unit_of_another_province_is_not_found(client, built):
    assert _get(client, built.officer_a, "reports:dashboard", unit=built.hp.pk).status_code == 404
    assert _get(client, built.officer_a, "reports:drill", unit=built.hp.pk,
                key="travel.trips").status_code == 404


def test_bad_dates_say_what_to_fix(client, built):
    response = _get(client, built.officer_a, "reports:dashboard", date_from="31/12/2026",
                    date_to="01/01/2026")
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()


def test_overdue_lists_show_the_missing_trip_report(client, built):
    response = _get(client, built.officer_a, "reports:dashboard", unit=built.hn.pk)
    lists = {item.key: item for item in response.context["overdue"]}
    assert lists["trip_reports"].total == 1
    assert lists["remediation"].total == 1
    assert lists["cases"].total == 1
    assert _get(client, built.viewer_a, "reports:dashboard").context["overdue"][3].total == 0


def test_drill_page_lists_the_records_with_the_same_count(client, built):
    response = _get(client, built.officer_a, "reports:drill", unit=built.hn.pk,
                    key="travel.person_trips", cell="country=LA", **YEAR_QUERY)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span id="drill-total">3</span>' in html
    assert html.count('class="list-group-item"><a href="/') == 3
    assert "Lào" in html or "LA" in html


def test_drill_page_of_the_viewer_leaves_out_classified_records(client, built):
    response = _get(client, built.viewer_a, "reports:drill", unit=built.hn.pk,
                    key="inspections.inspected_members", **YEAR_QUERY)
    html = response.content.decode()
    assert '<span id="drill-total">1</span>' in html
    assert built.person_a.full_name in html and built.person_a_secret.full_name not in html


@pytest.mark.parametrize("query", [{"key": "nope"}, {"key": "travel.trips", "cell": "x"},
                                   {"key": "travel.trips", "date_from": "99/99/2026"}])
def test_drill_page_of_unknown_figure_is_not_found(client, built, query):
    assert _get(client, built.officer_a, "reports:drill", **query).status_code == 404


def test_drill_page_marks_classified_records(client, built):
    response = _get(client, built.officer_a, "reports:drill", unit=built.hn.pk,
                    key="inspections.inspected_members", **YEAR_QUERY)
    html = response.content.decode()
    assert '<span id="drill-total">2</span>' in html
    assert html.count('badge text-bg-warning">Mật</span>') == 1  # person_a_secret


def test_numbers_are_written_the_vietnamese_way(client, built, monkeypatch):
    from reports import views
    from reports.types import Figure

    real = views.compute_report

    def big(user, period_):
        report = real(user, period_)
        report.sections[0].figures[0] = Figure("inspections.inspections", "Cuộc kiểm tra", 2611)
        return report

    monkeypatch.setattr(views, "compute_report", big)
    html = _get(client, built.officer_a, "reports:dashboard").content.decode()
    assert '<div class="fs-4 fw-bold">2.611</div>' in html
