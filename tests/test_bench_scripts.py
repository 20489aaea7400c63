"""Every script under bench/ still imports: they share bench/http_load.py and each other's
helpers, which no other check reads (mypy covers volunteer/ only), and a moved name would
otherwise surface only when someone next measures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_every_bench_script_imports():
    scripts = sorted(path.stem for path in BENCH.glob("*.py"))
    program = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)"

    finished = subprocess.run(
        [sys.executable, "-c", program, *scripts],
        cwd=BENCH,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert "checkin" in scripts and "http_load" in scripts
    assert finished.returncode == 0, finished.stderr
