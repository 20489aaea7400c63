// Progress charts, drawn with Chart.js and its annotation plugin from static/vendor/ (built from
// npm by `make assets`; nothing is loaded from the internet) and from data the server writes
// into <script type="application/json"> blocks, so the pages need no inline script.
//
// Contract for any page that wants a chart (the breakdown page reuses it):
//   <div class="chart-box"><canvas data-chart="ID"></canvas></div>
//   <script type="application/json" id="ID">{"kind": "bar", ...}</script>
//   then load vendor/chart.umd.min.js and vendor/chartjs-plugin-annotation.min.js with `defer`
//   and this file with type="module" (progress/_charts.html chart_scripts() writes all three):
//   deferred and module scripts run in document order, so Chart exists when this module runs.
//   Every canvas[data-chart] is drawn once the page has loaded; the box (.chart-box in
//   css/progress.css) gives the height. The JSON's "kind" picks the drawing:
//
//   kind "bar" (charts/bar.js; import { barChart } from this module to draw one by hand):
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
//   kind "monthly" (charts/monthly.js): the unit page's hours per month with the cumulative and
//     pace lines; the hours are fetched from spec.src (see volunteer/progress/charts.py monthly()).
//
// Each drawn canvas gets data-chart-drawn="1"; Chart.getChart(canvas) returns its chart.
// This module exports draw(canvas) → Promise of the Chart, drawAll(root) and barChart.
/* global Chart -- the UMD bundle from static/vendor/, loaded before the modules run */
import { barChart } from "./charts/bar.js";
import { monthly } from "./charts/monthly.js";
import { palette, setDefaults } from "./charts/style.js";

export { barChart };

const KINDS = { bar: barChart, monthly };

// Draw one canvas from its JSON block; resolves to its Chart (null when it could not draw).
export function draw(canvas) {
  if (canvas.dataset.chartDrawing) return Promise.resolve(Chart.getChart(canvas));
  const source = document.getElementById(canvas.dataset.chart);
  if (!source) return Promise.resolve(null);
  canvas.dataset.chartDrawing = "1";
  const spec = JSON.parse(source.textContent);
  return Promise.resolve((KINDS[spec.kind] || barChart)(canvas, spec)).then((chart) => {
    if (chart) canvas.dataset.chartDrawn = "1";
    return chart;
  });
}

// The people page loads this module for its year picker only, without Chart.js.
const chartsLoaded = () => typeof Chart !== "undefined";

export function drawAll(root) {
  if (!chartsLoaded()) return [];
  return [...(root || document).querySelectorAll("canvas[data-chart]")].map(draw);
}

// A year picker reloads the page as soon as a year is chosen; its button stays for no-JS.
for (const select of document.querySelectorAll("form[data-autosubmit] select")) {
  select.addEventListener("change", () => select.form.submit());
}

if (chartsLoaded()) setDefaults(palette());
drawAll(document);
