// Dyad view: events per period as stacked bars by quad class, mean Goldstein as a line (Chart.js).
"use strict";
(() => {
  const data = JSON.parse(document.getElementById("dyad-data").textContent);
  const canvas = document.getElementById("dyad-chart");
  if (!canvas || !data.series.length) { document.body.dataset.ready = "true"; return; }
  const colours = ["#2e9d5b", "#1f7a8c", "#e08a1e", "#c0392b"];
  const keys = ["verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"];
  const label = (period) => data.by === "year" ? period.slice(0, 4) : data.by === "month" ? period.slice(0, 7) : period;
  const bars = keys.map((key, i) => ({
    type: "bar", label: data.quad_classes[i], data: data.series.map((row) => row[key]),
    backgroundColor: colours[i], stack: "events", yAxisID: "y", order: 2,
  }));
  const line = {
    type: "line", label: "mean Goldstein", data: data.series.map((row) => row.mean_goldstein),
    borderColor: "#333", backgroundColor: "#333", pointRadius: 4, yAxisID: "goldstein", order: 1,
    spanGaps: false,  // no line across periods without events
  };
  window.dyadChart = new Chart(canvas, {
    data: { labels: data.series.map((row) => label(row.period)), datasets: [...bars, line] },
    options: {
      animation: false, maintainAspectRatio: false, interaction: { mode: "index", intersect: false },
      scales: {
        y: { stacked: true, beginAtZero: true, title: { display: true, text: "events" }, ticks: { precision: 0 } },
        goldstein: { position: "right", min: -10, max: 10, title: { display: true, text: "mean Goldstein" },
                     grid: { drawOnChartArea: false } },
        x: { stacked: true },
      },
      plugins: { legend: { position: "bottom" },
                 title: { display: true, text: `${data.a}–${data.b}: events per ${data.by}` } },
    },
  });
  canvas.dataset.drawn = "true";
  document.body.dataset.ready = "true";
})();
