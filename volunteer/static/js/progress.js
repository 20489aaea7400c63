// Progress charts, drawn with Chart.js and its annotation plugin from static/vendor/ (built from
// npm by `make assets`; nothing is loaded from the internet) and from data the server writes
// into <script type="application/json"> blocks, so the pages need no inline script.
//
// Contract for any page that wants a chart (the breakdown page reuses it):
//   <div class="chart-box"><canvas data-chart="ID"></canvas></div>
//   <script type="application/json" id="ID">{"kind": "bar", ...}</script>
//   then load vendor/chart.umd.min.js, vendor/chartjs-plugin-annotation.min.js and this file,
//   all with `defer`. Every canvas[data-chart] is drawn once the page has loaded; the box
//   (.chart-box in css/progress.css) gives the height. The JSON's "kind" picks the drawing:
//
//   kind "bar" (window.ProgressCharts.barChart(canvas, spec) draws one by hand):
//     labels         category names, one per bar
//     series         [{label, values: [number|null], tones?: ["ok"|"warn"|"err"|"muted"|"primary"]}]
//                    one colour per bar from its tone (default "primary")
//     horizontal     true: bars run sideways (long names) and the box grows with their number
//     percent        values are percentages: ticks and tooltips read "40%"
//     integer        values are counts: ticks are whole numbers
//     max            the value axis's upper end (default: automatic)
//     valueTitle, categoryTitle   axis titles
//     target         {value, label}: a line across the value axis (a target rate, a target number)
//     markers        [{at, label}]: lines across the category axis at a fractional position,
//                    0 = the start of the first category, n = the end of the last
//   kind "monthly": the unit page's hours per month with the cumulative and pace lines; the
//     hours are fetched from spec.src (see volunteer/progress/charts.py monthly()).
//
// Each drawn canvas gets data-chart-drawn="1"; Chart.getChart(canvas) returns its chart.
// window.ProgressCharts = {draw(canvas) → Promise of the Chart, drawAll(root), barChart}.
(function () {
  "use strict";

  var TONES = ["primary", "ok", "warn", "err", "muted", "info"];

  function palette() {
    var style = getComputedStyle(document.documentElement);
    function css(name, fallback) {
      return style.getPropertyValue(name).trim() || fallback;
    }
    return {
      primary: css("--primary", "#c8102e"),
      ok: css("--ok", "#1e7b34"),
      warn: css("--warn", "#b45309"),
      err: css("--err", "#b91c1c"),
      muted: css("--line-strong", "#bcccdc"),
      info: css("--info", "#1d4f7a"),
      text: css("--fg", "#1f2933"),
      grid: css("--line", "#d9e2ec"),
    };
  }

  // Chart.js draws its own text: give it the page's Chinese font stack and colours.
  function setDefaults(colours) {
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = 13;
    Chart.defaults.color = colours.text;
    Chart.defaults.borderColor = colours.grid;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.animation = false;
  }

  function withAlpha(colour, alpha) {
    var hex = colour.replace("#", "");
    if (hex.length !== 6) return colour;
    var parts = [0, 2, 4].map(function (i) { return parseInt(hex.slice(i, i + 2), 16); });
    return "rgba(" + parts.join(",") + "," + alpha + ")";
  }

  // A labelled line across the chart: a target on the value axis or a day between categories.
  function line(scaleID, value, label, colour, position) {
    return {
      type: "line",
      scaleID: scaleID,
      value: value,
      borderColor: colour,
      borderWidth: 2,
      borderDash: [6, 4],
      label: {
        display: !!label,
        content: label,
        position: position || "start",
        backgroundColor: "rgba(255,255,255,0.92)",
        color: colour,
        borderColor: colour,
        borderWidth: 1,
        padding: { x: 6, y: 3 },
        font: { size: 12, weight: "600" },
      },
    };
  }

  // A hidden linear axis laid over a category axis, 0..n, so markers fall between categories.
  function markerScale(count, horizontal) {
    return {
      type: "linear",
      display: false,
      min: 0,
      max: count,
      offset: false,
      reverse: !!horizontal,
      axis: horizontal ? "y" : "x",
      grid: { display: false },
    };
  }

  function barChart(canvas, spec) {
    var colours = palette();
    var horizontal = !!spec.horizontal;
    var valueAxis = horizontal ? "x" : "y";
    var categoryAxis = horizontal ? "y" : "x";
    var suffix = spec.percent ? "%" : "";
    if (horizontal && canvas.parentElement) {
      canvas.parentElement.style.height = Math.max(160, 30 * spec.labels.length + 80) + "px";
    }
    var scales = {};
    scales[valueAxis] = {
      beginAtZero: true,
      max: spec.max == null ? undefined : spec.max,
      title: { display: !!spec.valueTitle, text: spec.valueTitle },
      ticks: {
        precision: spec.integer ? 0 : undefined,
        callback: function (value) { return value + suffix; },
      },
    };
    scales[categoryAxis] = {
      title: { display: !!spec.categoryTitle, text: spec.categoryTitle },
      grid: { display: false },
      ticks: { autoSkip: false },
    };
    var annotations = {};
    if (spec.markers && spec.markers.length) {
      scales.markers = markerScale(spec.labels.length, horizontal);
      spec.markers.forEach(function (marker, index) {
        annotations["marker" + index] = line("markers", marker.at, marker.label, colours.primary);
      });
    }
    if (spec.target) {
      annotations.target = line(valueAxis, spec.target.value, spec.target.label, colours.primary,
        horizontal ? "end" : "start");
    }
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (series) {
          var tones = (series.tones || []).map(function (tone) {
            return colours[TONES.indexOf(tone) >= 0 ? tone : "primary"];
          });
          return {
            label: series.label,
            data: series.values,
            backgroundColor: tones.length ? tones.map(function (c) { return withAlpha(c, 0.75); })
              : withAlpha(colours.primary, 0.75),
            borderColor: tones.length ? tones : colours.primary,
            borderWidth: 1,
            maxBarThickness: 48,
          };
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        scales: scales,
        plugins: {
          legend: { display: spec.series.length > 1 },
          tooltip: {
            callbacks: {
              label: function (item) {
                return item.dataset.label + "：" + item.formattedValue + suffix;
              },
            },
          },
          annotation: { annotations: annotations },
        },
      },
    });
  }

  // The running sum of the months per person, from 1 January to D (the last point is on D).
  function cumulativePoints(spec, hours) {
    var points = [spec.pace.points[0]];
    var running = 0;
    for (var month = 1; month <= spec.day.month; month++) {
      running += hours[month - 1] || 0;
      var onD = month === spec.day.month;
      points.push({
        x: onD ? spec.day.at : month,
        y: spec.headcount ? Math.round((running / spec.headcount) * 100) / 100 : 0,
        t: onD ? spec.day.t : spec.monthEnds[month - 1],
      });
    }
    return points;
  }

  // The months come from spec.src (a second query the page itself does not wait for).
  function monthly(canvas, spec) {
    if (spec.hours) return monthlyChart(canvas, spec, spec.hours);
    return fetch(spec.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) { return monthlyChart(canvas, spec, data.hours); })
      .catch(function () {
        var note = document.createElement("p");
        note.className = "chart-failed";
        note.setAttribute("role", "alert");
        note.textContent = spec.failed;
        canvas.parentElement.replaceWith(note);
        return null;
      });
  }

  function monthlyChart(canvas, spec, hours) {
    var colours = palette();
    var annotations = {};
    spec.markers.forEach(function (marker, index) {
      // Every other label a little lower: on a phone 3月5日's and 12月5日's would collide.
      annotations["day" + index] = line("months", marker.at, marker.label, colours.primary,
        index % 2 ? "25%" : "start");
    });
    function lineSet(series, colour, dashed) {
      return {
        type: "line",
        label: series.label,
        data: series.points,
        xAxisID: "months",
        yAxisID: "perPerson",
        borderColor: colour,
        backgroundColor: colour,
        borderWidth: 2.5,
        borderDash: dashed ? [8, 5] : [],
        pointRadius: dashed ? 0 : 3,
        tension: 0,
        order: 1,
      };
    }
    return new Chart(canvas, {
      type: "bar",
      data: {
        labels: spec.labels,
        datasets: [
          {
            label: spec.bars.label,
            data: hours,
            backgroundColor: withAlpha(colours.info, 0.35),
            borderColor: colours.info,
            borderWidth: 1,
            pointStyle: "rect",
            yAxisID: "hours",
            order: 2,
          },
          lineSet({ label: spec.cumulative.label, points: cumulativePoints(spec, hours) },
            colours.primary, false),
          lineSet(spec.pace, colours.warn, true),
        ],
      },
      options: {
        interaction: { mode: "nearest", intersect: false },
        scales: {
          x: { grid: { display: false } },
          months: markerScale(12, false),
          hours: {
            position: "left",
            beginAtZero: true,
            title: { display: true, text: spec.axes.hours },
          },
          perPerson: {
            position: "right",
            beginAtZero: true,
            grid: { drawOnChartArea: false },
            title: { display: true, text: spec.axes.perPerson },
          },
        },
        plugins: {
          legend: {
            position: "bottom",
            labels: {
              usePointStyle: true,
              pointStyleWidth: 28,
              boxHeight: 9,
              // A line reads as a line in the legend (dashed for the pace), not as its dots.
              generateLabels: function (chart) {
                var items = Chart.defaults.plugins.legend.labels.generateLabels(chart);
                return items.map(function (item) {
                  if (chart.data.datasets[item.datasetIndex].type === "line") {
                    item.pointStyle = "line";
                  }
                  return item;
                });
              },
            },
          },
          tooltip: {
            callbacks: {
              // Line points sit on the month axis (3 = end of March): name their day instead.
              title: function (items) {
                var raw = items[0].raw;
                return raw && raw.t ? raw.t : items[0].label;
              },
            },
          },
          annotation: { annotations: annotations },
        },
      },
    });
  }

  var KINDS = { bar: barChart, monthly: monthly };

  // Draw one canvas from its JSON block; resolves to its Chart (null when it could not draw).
  function draw(canvas) {
    if (canvas.getAttribute("data-chart-drawing")) return Promise.resolve(Chart.getChart(canvas));
    var source = document.getElementById(canvas.getAttribute("data-chart"));
    if (!source) return Promise.resolve(null);
    canvas.setAttribute("data-chart-drawing", "1");
    var spec = JSON.parse(source.textContent);
    return Promise.resolve((KINDS[spec.kind] || barChart)(canvas, spec)).then(function (chart) {
      if (chart) canvas.setAttribute("data-chart-drawn", "1");
      return chart;
    });
  }

  function drawAll(root) {
    if (typeof Chart === "undefined") return [];
    return Array.prototype.map.call((root || document).querySelectorAll("canvas[data-chart]"), draw);
  }

  // A year picker reloads the page as soon as a year is chosen; its button stays for no-JS.
  function autosubmit() {
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  window.ProgressCharts = { draw: draw, drawAll: drawAll, barChart: barChart };
  if (typeof Chart !== "undefined") setDefaults(palette());
  autosubmit();
  drawAll(document);
})();
