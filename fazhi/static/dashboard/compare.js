// The compare page's charts (issue 16 item 3): the ranking of the governments below as bars, and a
// schematic "map" of the government tree (no map GeoJSON offline) as a treemap coloured by the figure;
// a click on a bar opens that government's table, a click on a tile drills down to the level below.
// Data: the page's JSON endpoint (same scope and values as the table).
(function () {
  "use strict";
  var box = document.getElementById("fz-compare-charts");
  if (!box || !window.echarts) return;

  function shown(data, v) {
    if (v === null || v === undefined) return "—";
    return data.rate ? (v * 100).toFixed(2) + "%" : String(v);
  }

  function ranking(el, data) {
    var rows = data.rows.filter(function (r) { return r.value !== null; });
    var chart = echarts.init(el);
    chart.setOption({
      color: ["#b22222"],
      tooltip: { trigger: "axis", valueFormatter: function (v) { return shown(data, v); } },
      grid: { left: 150, right: 40, top: 10, bottom: 24 },
      xAxis: { type: "value", max: data.rate ? 1 : null,
               axisLabel: { formatter: function (v) { return shown(data, v); } } },
      yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }) },
      series: [{
        type: "bar", name: data.label,
        label: { show: true, position: "right", formatter: function (p) { return p.data.display; } },
        data: rows.map(function (r) {
          return { value: r.value, display: r.display, government: r.government, url: r.url };
        })
      }]
    });
    chart.on("click", function (p) {
      var d = p.data || {};
      if (d.government) {
        window.location.href = "?gov=" + d.government + "&year=" + data.year + "&key=" + encodeURIComponent(data.key);
      } else if (d.url) {
        window.location.href = d.url;
      }
    });
    return chart;
  }

  function schematic(el, data) {
    var values = [];
    (function walk(nodes) {
      nodes.forEach(function (n) {
        if (n.value[1] !== null) values.push(n.value[1]);
        if (n.children) walk(n.children);
      });
    })(data.tree);
    var chart = echarts.init(el);
    chart.setOption({
      tooltip: { formatter: function (p) { return p.name + "：" + (p.data.display || "—"); } },
      visualMap: {
        type: "continuous", dimension: 1, calculable: false, orient: "horizontal", left: "center", bottom: 0,
        min: values.length ? Math.min.apply(null, values) : 0,
        max: values.length ? Math.max.apply(null, values) : 1,
        inRange: { color: ["#fde0dd", "#b22222"] },
        formatter: function (v) { return shown(data, v); }
      },
      series: [{
        type: "treemap", name: data.government.name, data: data.tree, bottom: 40,
        leafDepth: 1, nodeClick: "zoomToNode", roam: false, visualDimension: 1,
        breadcrumb: { show: true, bottom: 0, left: 0 },
        label: { formatter: function (p) { return p.name + "\n" + (p.data.display || "—"); } },
        upperLabel: { show: true, height: 22 },
        levels: [{ itemStyle: { borderColor: "#fff", borderWidth: 2, gapWidth: 2 } },
                 { itemStyle: { borderColor: "#eee", borderWidth: 1, gapWidth: 1 } }]
      }]
    });
    return chart;
  }

  fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var charts = [
        ranking(box.querySelector("[data-testid=ranking-chart]"), data),
        schematic(box.querySelector("[data-testid=map-chart]"), data)
      ];
      box.dataset.loaded = "1";
      window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    });
})();
