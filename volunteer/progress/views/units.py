"""A unit's figures against the year's targets, its children, and the charts (routes on bp)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.auth.models import Role
from volunteer.auth.permissions import role_required, scope_roots
from volunteer.clock import local_today
from volunteer.progress import charts
from volunteer.progress.access import json_measure, progress_unit, requested_year
from volunteer.progress.blueprint import bp
from volunteer.progress.figures import FutureYear, Measure, PaceStatus
from volunteer.progress.queries.charts import hours_distribution, monthly_hours
from volunteer.progress.queries.units import UnitFigures, progress_report, progress_with_children
from volunteer.progress.queries.years import first_year, measure_for
from volunteer.units.models import Unit
from volunteer.units.queries import lineage

# Worst first when sorted ascending: a manager sorts by pace to find who needs a push.
_PACE_ORDER = {PaceStatus.BEHIND: 0, PaceStatus.AT_RISK: 1, PaceStatus.ON_TRACK: 2}

# The children table's sortable columns; rates of an empty unit sort below every real rate.
SORTS: dict[str, Callable[[UnitFigures], Any]] = {
    "unit": lambda row: row.code,
    "headcount": lambda row: row.headcount,
    "registered": lambda row: row.registered,
    "registration_rate": lambda row: (row.registration_rate is not None, row.registration_rate),
    "approved_hours": lambda row: row.approved_hours,
    "hours_per_person": lambda row: row.hours_per_person,
    "meeting_target": lambda row: row.meeting_target,
    "meeting_share": lambda row: (row.meeting_share is not None, row.meeting_share),
    "make_up_hours": lambda row: row.make_up_hours,
    "pending_hours": lambda row: row.pending_hours,
    "party_hours": lambda row: row.party_hours,
    "pace_status": lambda row: (_PACE_ORDER[row.pace_status], row.hours_per_person),
}


def _sorted(rows: list[UnitFigures], sort: str, descending: bool) -> list[UnitFigures]:
    """Sort the children by a column, keeping the unit's own staff ("本级人员") last."""
    children = [row for row in rows if not row.is_own_staff]
    own = [row for row in rows if row.is_own_staff]
    children.sort(key=SORTS[sort], reverse=descending)
    return children + own


@bp.route("/progress")
@role_required(Role.MANAGER)
def index():
    """Go to the progress of the user's top unit, or let them pick when they manage several."""
    roots = scope_roots(current_user, Role.MANAGER)
    year = request.args.get("year", type=int)
    if len(roots) == 1:
        return redirect(url_for("progress.unit", unit_id=roots[0].id, year=year))
    return render_template("progress/index.html", roots=roots, year=year)


@bp.route("/progress/units/<int:unit_id>")
@login_required
def unit(unit_id: int):
    """Show a unit's figures for a year against its targets, its children, and the charts."""
    unit = progress_unit(unit_id)
    first = first_year()
    year = requested_year(first)
    try:
        measure = measure_for(year)
    except FutureYear:
        flash(_("%(year)d 年尚未开始，没有数据；下面是今年的进度。", year=year), "warning")
        return redirect(url_for("progress.unit", unit_id=unit.id))
    sort = request.args.get("sort", "unit")
    sort = sort if sort in SORTS else "unit"
    descending = request.args.get("dir") == "desc"
    total, rows = progress_with_children(unit, measure)
    return render_template(
        "progress/unit.html",
        unit=unit,
        lineage=lineage(unit),
        measure=measure,
        years=range(local_today().year, first - 1, -1),
        total=total,
        rows=_sorted(rows, sort, descending),
        sort=sort,
        descending=descending,
        charts=_charts(unit, measure, total, rows),
        links={
            "people": url_for("progress.people", unit_id=unit.id, year=year),
            "breakdown": url_for("progress.breakdown", unit_id=unit.id, year=year),
            "reports": url_for("reports.index", unit_id=unit.id, year=year),
            "json": url_for("progress.unit_json", unit_id=unit.id, year=year),
        },
    )


def _charts(unit: Unit, measure: Measure, total: UnitFigures, rows: list[UnitFigures]) -> dict:
    """The three charts of the unit page, as the data progress.js draws."""
    hours_url = url_for("progress.unit_months_json", unit_id=unit.id, year=measure.year)
    return {
        "monthly": charts.monthly(total, measure, hours_url),
        "distribution": charts.distribution(hours_distribution(total), total, measure),
        "registration": charts.registration(rows, measure),
    }


@bp.route("/progress/units/<int:unit_id>.json")
@login_required
def unit_json(unit_id: int):
    """Give the unit's and its children's figures as the `progress` command prints them."""
    unit = progress_unit(unit_id)
    measure = json_measure(requested_year(first_year()))
    figures = progress_report(unit, measure)
    # Keys in the command's order (jsonify would sort them), Chinese names unescaped.
    return current_app.response_class(
        json.dumps(figures, ensure_ascii=False), mimetype="application/json"
    )


@bp.route("/progress/units/<int:unit_id>/months.json")
@login_required
def unit_months_json(unit_id: int):
    """Give the approved hours of each month for the unit page's monthly chart."""
    unit = progress_unit(unit_id)
    measure = json_measure(requested_year(first_year()))
    return jsonify(charts.monthly_hours_json(monthly_hours(unit, measure), measure))
