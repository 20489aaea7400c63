"""What a progress request may see: the unit it names, the person it names, the year it asks for.

Shared by the progress view modules, which never import one another.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, make_response, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from volunteer.auth.models import Role
from volunteer.auth.permissions import can, require
from volunteer.clock import local_today
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.progress.figures import FutureYear, Measure
from volunteer.progress.queries.person import unit_of_person_on
from volunteer.progress.queries.years import first_year, measure_for
from volunteer.units.models import Unit


def progress_unit(unit_id: int) -> Unit:
    """Load a unit and stop with 403 unless the user manages it (admins included)."""
    unit = db.get_or_404(Unit, unit_id)
    require(Role.MANAGER, unit)
    return unit


def may_see_person(person: StaffMember, measure: Measure | None) -> bool:
    """Managers of the person's unit today, or of the unit they belonged to on D of the year."""
    if can(current_user, Role.MANAGER, person.unit):
        return True
    if measure is None:
        return False
    then = unit_of_person_on(person, measure.day)
    return then is not None and can(current_user, Role.MANAGER, then)


def requested_year(first: int) -> int:
    """Return ?year= (default: this year); 404 for a year before `first`, when nothing exists."""
    year = request.args.get("year", type=int)
    if year is None:
        return local_today().year
    if year < first:
        abort(404)
    return year


def year_and_offered() -> tuple[int, list[int]]:
    """The ?year= asked for (404 before the first year with data) and the years offered."""
    first = first_year()
    return requested_year(first), list(range(local_today().year, first - 1, -1))


def not_begun(year: int, endpoint: str, **values):
    """Send the reader of a year that has not begun to this year's page, saying why."""
    flash(_("%(year)d 年尚未开始，没有数据；下面是今年的情况。", year=year), "warning")
    return redirect(url_for(endpoint, **values))


def json_measure(year: int) -> Measure:
    """Return the year's measure; for a year not yet begun, stop with a JSON 404 saying so."""
    try:
        return measure_for(year)
    except FutureYear:
        abort(make_response(jsonify(error=_("%(year)d 年尚未开始，没有数据。", year=year)), 404))
