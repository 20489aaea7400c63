"""A unit's approved hours of a year by team, project, category, theme and party (on bp)."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required

from volunteer.progress import charts
from volunteer.progress.access import not_begun, progress_unit, year_and_offered
from volunteer.progress.blueprint import bp
from volunteer.progress.figures import FutureYear
from volunteer.progress.queries.breakdown import DIMENSIONS, unit_breakdown
from volunteer.progress.queries.units import unit_progress
from volunteer.progress.queries.years import measure_for
from volunteer.units.queries import lineage


@bp.route("/progress/units/<int:unit_id>/breakdown")
@login_required
def breakdown(unit_id: int):
    """Show the unit's approved hours of a year by team, project, category, theme and party."""
    unit = progress_unit(unit_id)
    year, years = year_and_offered()
    try:
        measure = measure_for(year)
    except FutureYear:
        return not_begun(year, "progress.breakdown", unit_id=unit.id)
    result = unit_breakdown(unit, measure)
    return render_template(
        "progress/breakdown.html",
        unit=unit,
        lineage=lineage(unit),
        measure=measure,
        years=years,
        breakdown=result,
        figures=unit_progress(unit, measure),
        dimensions=DIMENSIONS,
        category_chart=charts.categories(result),
    )
