// kind "monthly": the unit page's hours per month as bars, with the cumulative hours per person
// and the pace towards the target as lines. The months are fetched from spec.src (see
// volunteer/progress/charts.py monthly()).
/* global Chart -- the UMD bundle from static/vendor/, loaded before the modules run */
import { line, markerScale, palette, withAlpha } from "./style.js";

// The running sum of the months per person, from 1 January to D (the last point is on D).
function cumulativePoints(spec, hours) {
  const points = [spec.pace.points[0]];
  let running = 0;
  for (let month = 1; month <= spec.day.month; month++) {
    running += hours[month - 1] || 0;
    const onD = month === spec.day.month;
    points.push({
      x: onD ? spec.day.at : month,
      y: spec.headcount ? Math.round((running / spec.headcount) * 100) / 100 : 0,
      t: onD ? spec.day.t : spec.monthEnds[month - 1],
    });
  }
  return points;
}

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

function monthlyChart(canvas, spec, hours) {
  const colours = palette();
  const annotations = {};
  spec.markers.forEach((marker, index) => {
    // Every other label a little lower: on a phone 3月5日's and 12月5日's would collide.
    annotations[`day${index}`] = line("months", marker.at, marker.label, colours.primary,
      index % 2 ? "25%" : "start");
  });
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
            generateLabels: (chart) =>
              Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
                if (chart.data.datasets[item.datasetIndex].type === "line") {
                  item.pointStyle = "line";
                }
                return item;
              }),
          },
        },
        tooltip: {
          callbacks: {
            // Line points sit on the month axis (3 = end of March): name their day instead.
            title: (items) => {
              const raw = items[0].raw;
              return raw && raw.t ? raw.t : items[0].label;
            },
          },
        },
        annotation: { annotations },
      },
    },
  });
}

// The months come from spec.src (a second query the page itself does not wait for).
export async function monthly(canvas, spec) {
  if (spec.hours) return monthlyChart(canvas, spec, spec.hours);
  try {
    const response = await fetch(spec.src, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const data = await response.json();
    return monthlyChart(canvas, spec, data.hours);
  } catch {
    const note = document.createElement("p");
    note.className = "chart-failed";
    note.setAttribute("role", "alert");
    note.textContent = spec.failed;
    canvas.parentElement.replaceWith(note);
    return null;
  }
}
