// Renders the dashboard charts from the JSON the page carries; a click opens the counted records.
(function () {
  "use strict";
  var dataEl = document.getElementById("fz-charts");
  if (!dataEl || !window.echarts) return;
  var charts = JSON.parse(dataEl.textContent);
  var palette = ["#b22222", "#e67e22", "#2e86c1", "#28b463", "#7d3c98", "#839192"];

  function open(params) {
    var url = params.data && params.data.url;
    if (url) window.location.href = url;
  }

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var spec = charts[el.dataset.chart];
    if (!spec) return;
    var chart = echarts.init(el);
    var option;
    var kind = spec.kind || el.dataset.chart;
    if (kind === "share") {
      option = {
        color: palette, tooltip: { trigger: "item", formatter: "{b}：{c}件（{d}%）" },
        legend: { bottom: 0 },
        series: [{ type: "pie", radius: ["35%", "65%"], data: spec.points, label: { formatter: "{b}\n{c}件" } }]
      };
    } else if (kind === "by_unit") {
      option = {
        color: palette, tooltip: { trigger: "axis" }, grid: { left: 160, right: 24, top: 10, bottom: 24 },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", inverse: true, data: spec.points.map(function (p) { return p.name; }) },
        series: [{ type: "bar", data: spec.points.map(function (p) { return { value: p.value, url: p.url }; }) }]
      };
    } else {
      option = {
        color: palette, tooltip: { trigger: "axis" }, legend: { bottom: 0 },
        xAxis: { type: "category", data: spec.years }, yAxis: { type: "value", minInterval: 1 },
        series: spec.series.map(function (s) { return { name: s.name, type: "bar", data: s.values }; })
      };
    }
    chart.setOption(option);
    chart.on("click", open);
    window.addEventListener("resize", function () { chart.resize(); });
  });

  var year = document.querySelector("[data-fz-autosubmit]");
  if (year) year.addEventListener("change", function () { year.form.submit(); });
})();
