"""What a reminders request names: the unit (its managers only), the year, and the selection."""

from __future__ import annotations

from flask import abort
from werkzeug.datastructures import MultiDict

from volunteer.progress.figures import FutureYear, Measure
from volunteer.progress.queries.people import PeopleFilter
from volunteer.progress.queries.years import measure_for
from volunteer.reminders.queries import REMINDABLE_FILTERS, Selection

# A page of the people list holds 50; a hand-picked selection never needs more than a few pages.
MAX_TICKED = 1000


def selection_from(values: MultiDict) -> Selection:
    """Read ?filter= (a remindable tab) or ?person=… (staff ids ticked by hand); 400 otherwise."""
    chosen = values.get("filter")
    if chosen:
        tab = PeopleFilter.parse(chosen)
        if tab not in REMINDABLE_FILTERS:
            abort(400)
        return Selection(filter=tab)
    ids = values.getlist("person", type=int)
    if len(ids) > MAX_TICKED:
        abort(400)
    return Selection(staff_ids=tuple(dict.fromkeys(ids)))


def measure_of(values: MultiDict, this_year: int) -> Measure:
    """The measure of the year asked for (default: this year); 404 for a year not begun."""
    year = values.get("year", this_year, type=int)
    try:
        return measure_for(year)
    except FutureYear:
        abort(404)
