// kind "bar": one bar per category, coloured by tone, with optional target and marker lines
// (the spec's fields are listed in ../progress.js).
/* global Chart -- the UMD bundle from static/vendor/, loaded before the modules run */
import { TONES, line, markerScale, palette, withAlpha } from "./style.js";

export function barChart(canvas, spec) {
  const colours = palette();
  const horizontal = !!spec.horizontal;
  const valueAxis = horizontal ? "x" : "y";
  const categoryAxis = horizontal ? "y" : "x";
  const suffix = spec.percent ? "%" : "";
  if (horizontal && canvas.parentElement) {
    canvas.parentElement.style.height = `${Math.max(160, 30 * spec.labels.length + 80)}px`;
  }
  const scales = {};
  scales[valueAxis] = {
    beginAtZero: true,
    max: spec.max == null ? undefined : spec.max,
    title: { display: !!spec.valueTitle, text: spec.valueTitle },
    ticks: {
      precision: spec.integer ? 0 : undefined,
      callback: (value) => value + suffix,
    },
  };
  scales[categoryAxis] = {
    title: { display: !!spec.categoryTitle, text: spec.categoryTitle },
    grid: { display: false },
    ticks: { autoSkip: false },
  };
  const annotations = {};
  if (spec.markers && spec.markers.length) {
    scales.markers = markerScale(spec.labels.length, horizontal);
    spec.markers.forEach((marker, index) => {
      annotations[`marker${index}`] = line("markers", marker.at, marker.label, colours.primary);
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
      datasets: spec.series.map((series) => {
        const tones = (series.tones || []).map(
          (tone) => colours[TONES.includes(tone) ? tone : "primary"],
        );
        return {
          label: series.label,
          data: series.values,
          backgroundColor: tones.length ? tones.map((c) => withAlpha(c, 0.75))
            : withAlpha(colours.primary, 0.75),
          borderColor: tones.length ? tones : colours.primary,
          borderWidth: 1,
          maxBarThickness: 48,
        };
      }),
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      scales,
      plugins: {
        legend: { display: spec.series.length > 1 },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}：${item.formattedValue}${suffix}`,
          },
        },
        annotation: { annotations },
      },
    },
  });
}
