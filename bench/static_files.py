"""Measure what the progress page's static files weigh on the wire, as sent before and now.

    .venv/bin/python bench/static_files.py

Builds the hashed, compressed copies (volunteer/core/static_files.py `build`) in a temporary
folder and prints, for each file the unit progress page loads, its size as sent before (the
file itself), gzip (what browsers ask for over plain http) and brotli (over HTTPS). Bytes, not
times: a phone on a weak network waits in proportion to them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from volunteer.core.static_files import build

STATIC = Path(__file__).resolve().parent.parent / "volunteer" / "static"
# What templates/progress/unit.html loads: base.html's stylesheets, its own, the charts.
PROGRESS_PAGE = {
    "stylesheets": (
        "css/app.css",
        "css/activities.css",
        "css/records.css",
        "css/checkin.css",
        "css/progress.css",
    ),
    "chart library": ("vendor/chart.umd.min.js", "vendor/chartjs-plugin-annotation.min.js"),
    "own chart modules": (
        "js/progress.js",
        "js/charts/bar.js",
        "js/charts/monthly.js",
        "js/charts/style.js",
    ),
}


def main() -> None:
    """Build once and print the page's files grouped, with totals, in bytes."""
    with tempfile.TemporaryDirectory() as folder:
        dist = Path(folder)
        build(STATIC, dist)
        print(f"{'':20} {'before':>9} {'gzip':>9} {'brotli':>9}")
        totals = [0, 0, 0]
        for group, names in PROGRESS_PAGE.items():
            sizes = [
                sum((dist / f"{name}{suffix}").stat().st_size for name in names)
                for suffix in ("", ".gz", ".br")
            ]
            totals = [t + s for t, s in zip(totals, sizes, strict=True)]
            shares = f"({sizes[1] / sizes[0]:.0%}, {sizes[2] / sizes[0]:.0%})"
            print(f"{group:20} {sizes[0]:>9,} {sizes[1]:>9,} {sizes[2]:>9,}  {shares}")
        print(f"{'the page':20} {totals[0]:>9,} {totals[1]:>9,} {totals[2]:>9,}")


if __name__ == "__main__":
    main()
