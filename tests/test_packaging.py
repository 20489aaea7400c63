"""`pip install .` gives a working app: the wheel carries templates, static files,
compiled translations and migrations inside the package."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_everything_the_app_reads_at_run_time(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("volunteer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "volunteer/templates/base.html",
        "volunteer/templates/errors/error.html",
        "volunteer/static/css/app.css",
        "volunteer/translations/en/LC_MESSAGES/messages.mo",
        "volunteer/migrations/env.py",
        "volunteer/migrations/alembic.ini",
    ):
        assert required in names, required
    assert any(name.startswith("volunteer/migrations/versions/") for name in names)
