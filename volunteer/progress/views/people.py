"""The list of a unit's people of a year, with what each still needs (routes on bp)."""

from __future__ import annotations

from flask import render_template, request
from flask_login import login_required
from flask_sqlalchemy.pagination import Pagination

from volunteer.clock import local_today
from volunteer.extensions import db
from volunteer.progress.access import not_begun, progress_unit, year_and_offered
from volunteer.progress.blueprint import bp
from volunteer.progress.figures import FutureYear, person_year
from volunteer.progress.queries.people import (
    PEOPLE_FILTERS,
    PEOPLE_SORTS,
    PeopleFilter,
    people_counts,
    people_of,
)
from volunteer.progress.queries.years import measure_for
from volunteer.units.queries import lineage

PEOPLE_PER_PAGE = 50
MAX_PAGE = 100_000


class RowPage(Pagination):
    """A page of whole result rows, its total given by the caller.

    db.paginate() keeps only each row's first column, and the filter tabs have already
    counted every filter, so counting again would scan the unit's people a second time.
    """

    def _query_items(self) -> list:
        query = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        return list(db.session.execute(query).all())

    def _query_count(self) -> int:
        return self._query_args["total"]


@bp.route("/progress/units/<int:unit_id>/people")
@login_required
def people(unit_id: int):
    """List the unit's people of a year: their hours, what they still need, and filters."""
    unit = progress_unit(unit_id)
    year, years = year_and_offered()
    try:
        measure = measure_for(year)
    except FutureYear:
        return not_begun(year, "progress.people", unit_id=unit.id)
    chosen = PeopleFilter.parse(request.args.get("filter"))
    sort = request.args.get("sort", "unit")
    sort = sort if sort in PEOPLE_SORTS else "unit"
    descending = request.args.get("dir") == "desc"
    counts = people_counts(unit, measure)
    page = RowPage(
        select=people_of(unit, measure, filter=chosen, sort=sort, descending=descending),
        total=counts[chosen],
        # Past the last page is an empty page; a huge number must not overflow OFFSET.
        page=min(request.args.get("page", 1, type=int), MAX_PAGE),
        per_page=PEOPLE_PER_PAGE,
        error_out=False,
    )
    today = local_today()
    rows = [
        (row, person_year(row.approved, row.make_up, row.pending, measure, today))
        for row in page.items
    ]
    return render_template(
        "progress/people.html",
        unit=unit,
        lineage=lineage(unit),
        measure=measure,
        years=years,
        filters=PEOPLE_FILTERS,
        chosen=chosen,
        sort=sort,
        descending=descending,
        counts=counts,
        page=page,
        rows=rows,
    )
