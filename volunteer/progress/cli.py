"""flask --app volunteer progress: a unit's figures and its children's, as JSON or CSV."""

from __future__ import annotations

import csv
import json
import sys

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from volunteer.clock import local_today
from volunteer.progress.figures import FutureYear
from volunteer.progress.queries.units import progress_report
from volunteer.progress.queries.years import measure_for
from volunteer.units.queries import organisation_root, unit_by_code

JSON_KEYS = (
    "code",
    "name",
    "headcount",
    "registered",
    "registration_rate",
    "approved_hours",
    "hours_per_person",
    "meeting_target",
    "pace_status",
)


@click.command("progress")
@click.option("--year", type=int, default=None, help="Year measured (default: this year).")
@click.option("--unit", "code", help="Unit code (default: the whole organisation).")
@click.option(
    "--format", "output", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@with_appcontext
def progress(year: int | None, code: str | None, output: str) -> None:
    """Print a unit's progress and its direct children's: the unit first, then by code.

    Rates are fractions, hours are numbers, pace_status is on_track, at_risk or behind.
    A past year is measured on 31 December, the current year on today.
    """
    year = year or local_today().year
    unit = unit_by_code(code) if code else organisation_root()
    if unit is None:
        raise click.ClickException(_("找不到单位：%(code)s", code=code or "—"))
    try:
        measure = measure_for(year)
    except FutureYear:
        raise click.ClickException(_("%(year)d 年尚未开始，没有数据。", year=year)) from None
    rows = progress_report(unit, measure)
    if output == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=JSON_KEYS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
