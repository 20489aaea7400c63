// The look shared by every progress chart: the page's colours, fonts and dashed marker lines.
/* global Chart -- the UMD bundle from static/vendor/, loaded before the modules run */

export const TONES = ["primary", "ok", "warn", "err", "muted", "info"];

export function palette() {
  const style = getComputedStyle(document.documentElement);
  const css = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
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
export function setDefaults(colours) {
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.font.size = 13;
  Chart.defaults.color = colours.text;
  Chart.defaults.borderColor = colours.grid;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;
}

export function withAlpha(colour, alpha) {
  const hex = colour.replace("#", "");
  if (hex.length !== 6) return colour;
  const parts = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${parts.join(",")},${alpha})`;
}

// A labelled line across the chart: a target on the value axis or a day between categories.
export function line(scaleID, value, label, colour, position) {
  return {
    type: "line",
    scaleID,
    value,
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
export function markerScale(count, horizontal) {
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
