"""Browser: officer_a opens the dashboard in chromium, the charts are drawn (canvas painted), a
click on a figure lands on the records behind it, with the same count."""

import pytest

from core.tests.browser import (
    ARTIFACTS,
    page,  # noqa: F401 (fixture)
    sign_in,
)
from reports.figures import compute_report
from reports.tests.figures_data import build_all, period

pytestmark = pytest.mark.browser

PAINTED = """id => {
  const canvas = document.getElementById(id);
  const chart = window.Chart && window.Chart.getChart(canvas);
  if (!chart) return 0;
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
  return painted;
}"""


def test_dashboard_draws_charts_and_drills_down(live_server, live_world, page):  # noqa: F811
    build_all(live_world)
    expected = compute_report(live_world.officer_a, period(live_world.hn)).figure(
        "travel.person_trips").value
    server = live_server.url
    sign_in(page, server, "officer_a")

    page.click("nav >> text=Báo cáo")
    page.wait_for_url(f"{server}/bao-cao/")
    page.goto(f"{server}/bao-cao/?unit={live_world.hn.pk}&date_from=01/01/2026"
              "&date_to=31/12/2026")
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-unit')")
    for chart_id in ("chart-month", "chart-vetting-purpose", "chart-travel-purpose", "chart-unit"):
        assert page.evaluate(PAINTED, chart_id) > 500, chart_id
    page.screenshot(path=str(ARTIFACTS / "reports_dashboard.png"), full_page=True)

    card = page.locator('a[data-key="travel.person_trips"]')
    assert card.locator(".fs-4").inner_text() == str(expected)
    card.click()
    page.wait_for_url("**/bao-cao/so-lieu/**")
    assert page.locator("#drill-total").inner_text() == str(expected)
    assert page.locator("ol.list-group li a").count() == expected
    page.screenshot(path=str(ARTIFACTS / "reports_drill.png"), full_page=True)
