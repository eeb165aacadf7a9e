// Draws the dashboard's charts from the JSON block "report-charts" (no inline script: CSP).
// A click on a bar or point opens the drill-down of that figure.
(function () {
  "use strict";
  var PALETTE = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997"];

  function draw(spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas || !window.Chart) { return; }
    var datasets = spec.datasets.map(function (set, i) {
      return {
        label: set.label, data: set.data, links: set.links,
        backgroundColor: PALETTE[i % PALETTE.length],
        borderColor: PALETTE[i % PALETTE.length], tension: 0
      };
    });
    new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        locale: document.documentElement.lang === "en" ? "en-GB" : "vi-VN",
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        onClick: function (event, elements) {
          if (!elements.length) { return; }
          var hit = elements[0];
          var url = datasets[hit.datasetIndex].links[hit.index];
          if (url) { window.location.assign(url); }
        }
      }
    });
  }

  function start() {
    var block = document.getElementById("report-charts");
    if (!block) { return; }
    JSON.parse(block.textContent).forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
