// Draws the statistics charts from the JSON the page embeds (the same figures as the tables beside them).
(function () {
  "use strict";
  var source = document.getElementById("statistics-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colours = ["#8aa1c1", "#2f6db5", "#e0a030", "#2e8b57"];
  data.charts.forEach(function (chart) {
    var canvas = document.querySelector('canvas[data-chart="' + chart.id + '"]');
    if (!canvas) return;
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.rows.map(function (r) { return r.label; }),
        datasets: data.series.map(function (s, i) {
          return { label: s.label, backgroundColor: colours[i % colours.length],
                   data: chart.rows.map(function (r) { return r[s.key]; }) };
        })
      },
      options: { responsive: true, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    canvas.dataset.drawn = "1";
  });
  var months = document.querySelector('canvas[data-chart="months"]');
  if (months) {
    new Chart(months, {
      type: "line",
      data: { labels: data.months.map(function (m) { return m.label; }),
              datasets: [{ label: "报名人数", borderColor: "#2f6db5", data: data.months.map(function (m) { return m.enrolled; }) }] },
      options: { responsive: true, animation: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    months.dataset.drawn = "1";
  }
})();
