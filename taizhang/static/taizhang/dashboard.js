/* Dashboards (统计看板): draws the charts from the JSON the page carries in #tz-dashboard-data.
   Loaded as a file (CSP script-src 'self'); ECharts comes from static/vendor/echarts. */
(function () {
  "use strict";
  var holder = document.getElementById("tz-dashboard-data");
  if (!holder || typeof echarts === "undefined") { return; }
  var data = JSON.parse(holder.textContent);
  var dark = document.body.classList.contains("tz-screen");
  var printing = document.body.classList.contains("tz-print");
  var LIGHTS = ["#dc3545", "#ffc107", "#198754"];
  var charts = [];

  function pie(rows, colors) {
    // `color: undefined` would replace ECharts' palette with nothing: slices without fill, labels only.
    var option = {
      animation: !printing, tooltip: {trigger: "item"},
      series: [{type: "pie", radius: ["35%", "65%"], label: {formatter: "{b} {c}"},
        data: rows.map(function (r) { return {name: r[0], value: Number(r[1])}; })}]
    };
    if (colors) { option.color = colors; }
    return option;
  }

  function bars(rows, unit) {
    return {
      animation: !printing, tooltip: {trigger: "axis"}, grid: {left: 110, right: 30, top: 10, bottom: 20},
      xAxis: {type: "value", name: unit || ""},
      yAxis: {type: "category", inverse: true, data: rows.map(function (r) { return r[0]; })},
      series: [{type: "bar", data: rows.map(function (r) { return r[1]; })}]
    };
  }

  var builders = {
    lights: function () { return pie(data.lights, LIGHTS); },
    status: function () { return pie(data.status); },
    category: function () { return bars(data.category, "个"); },
    source: function () { return bars(data.source, "个"); },
    trend: function () {
      var t = data.trend;
      return {
        animation: !printing, tooltip: {trigger: "axis"}, legend: {top: 0}, grid: {left: 40, right: 20, top: 30, bottom: 30},
        xAxis: {type: "category", data: t.dates}, yAxis: {type: "value"},
        series: Object.keys(t.series).map(function (k) { return {name: t.labels[k], type: "line", data: t.series[k]}; })
      };
    },
    children: function () {
      var rows = data.children;
      var names = rows.map(function (r) { return r.name; });
      function serie(name, key, color) {
        return {name: name, type: "bar", stack: "lights", color: color, data: rows.map(function (r) { return r[key]; })};
      }
      return {
        animation: !printing, tooltip: {trigger: "axis"}, legend: {top: 0},
        grid: {left: 40, right: 20, top: 30, bottom: 70},
        xAxis: {type: "category", data: names, axisLabel: {rotate: 35, interval: 0}}, yAxis: {type: "value"},
        series: [serie("红灯", "red", LIGHTS[0]), serie("黄灯", "yellow", LIGHTS[1]), serie("绿灯", "green", LIGHTS[2])]
      };
    }
  };

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var build = builders[el.getAttribute("data-chart")];
    if (!build) { return; }
    var chart = echarts.init(el, dark ? "dark" : null, {renderer: printing ? "svg" : "canvas"});
    chart.setOption(build());
    if (el.getAttribute("data-chart") === "lights") {
      // A click on a light's slice opens the list of exactly those problems.
      chart.on("click", function (params) {
        var url = (data.light_urls || [])[params.dataIndex];
        if (url) { window.location.href = url; }
      });
    }
    if (el.getAttribute("data-chart") === "children") {
      // Drill down: a click on a child's bar opens that child's dashboard.
      chart.on("click", function (params) {
        var row = data.children[params.dataIndex];
        if (row && row.url) { window.location.href = row.url; }
      });
    }
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
