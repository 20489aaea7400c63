"""Pages of a unit's people, one person's year, and the breakdowns (routes on progress.bp)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import accumulate

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_sqlalchemy.pagination import Pagination

from volunteer.auth.models import Role
from volunteer.auth.permissions import can
from volunteer.clock import local_today
from volunteer.core.numbers import format_hours
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.progress import breakdown as breakdowns
from volunteer.progress import charts
from volunteer.progress import person as persons
from volunteer.progress.figures import FutureYear, Measure, monthly_pace_line
from volunteer.progress.people import PEOPLE_FILTERS, PEOPLE_SORTS, people_of, person_year
from volunteer.progress.people import is_counted as counted_on
from volunteer.progress.queries import first_year, measure_for, unit_progress
from volunteer.progress.views import bp, progress_unit, requested_year
from volunteer.records.listings import records_of
from volunteer.records.models import RECORD_SOURCE_LABELS, RECORD_STATUS_LABELS
from volunteer.registration.models import RegistrationStatus
from volunteer.registration.queries import registration_of_staff
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


def _year() -> tuple[int, list[int]]:
    """The ?year= asked for (404 before the first year with data) and the years offered."""
    first = first_year()
    return requested_year(first), list(range(local_today().year, first - 1, -1))


def _not_begun(year: int, endpoint: str, **values):
    """Send the reader of a year that has not begun to this year's page, saying why."""
    flash(_("%(year)d 年尚未开始，没有数据；下面是今年的情况。", year=year), "warning")
    return redirect(url_for(endpoint, **values))


@bp.route("/progress/units/<int:unit_id>/people")
@login_required
def people(unit_id: int):
    """List the unit's people of a year: their hours, what they still need, and filters."""
    unit = progress_unit(unit_id)
    year, years = _year()
    try:
        measure = measure_for(year)
    except FutureYear:
        return _not_begun(year, "progress.people", unit_id=unit.id)
    chosen = request.args.get("filter", "all")
    chosen = chosen if chosen in PEOPLE_FILTERS else "all"
    sort = request.args.get("sort", "unit")
    sort = sort if sort in PEOPLE_SORTS else "unit"
    descending = request.args.get("dir") == "desc"
    counts = persons.people_counts(unit, measure)
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


def _may_see(person: StaffMember, measure: Measure | None) -> bool:
    """Managers of the person's unit today, or of the unit they belonged to on D of the year."""
    if can(current_user, Role.MANAGER, person.unit):
        return True
    if measure is None:
        return False
    then = persons.unit_of_person_on(person, measure.day)
    return then is not None and can(current_user, Role.MANAGER, then)


@bp.route("/progress/people/<int:staff_id>")
@login_required
def person(staff_id: int):
    """Show one person's year: hours against the target, by month, by category, and records."""
    person = db.get_or_404(StaffMember, staff_id)
    year, years = _year()
    try:
        measure = measure_for(year)
    except FutureYear:
        measure = None
    if not _may_see(person, measure):
        abort(403)
    if measure is None:
        return _not_begun(year, "progress.person", staff_id=person.id)
    registration = registration_of_staff(person)
    if registration is not None and registration.status != RegistrationStatus.ACTIVE:
        registration = None
    account = persons.account_of(person)
    account_id = account.id if account is not None else None
    totals = persons.year_totals(account_id, year)
    return render_template(
        "progress/person.html",
        person=person,
        measure=measure,
        years=years,
        registration=registration,
        unit_then=persons.unit_of_person_on(person, measure.day),
        counted=counted_on(person, measure.day),
        standing=person_year(
            totals.approved, totals.make_up, totals.pending, measure, local_today()
        ),
        # (month, approved hours, cumulative hours, cumulative pace at the month's end)
        months=list(
            zip(
                range(1, 13),
                totals.months,
                accumulate(totals.months),
                monthly_pace_line(measure.hours_target, year),
                strict=True,
            )
        ),
        month_chart=_month_chart(measure, totals.months),
        categories=persons.hours_by_category(account_id, year),
        records=records_of(account_id, year) if account_id is not None else [],
        # Managers of the person's unit today may open each record; an earlier unit's may not.
        records_linked=can(current_user, Role.MANAGER, person.unit),
        status_labels=RECORD_STATUS_LABELS,
        source_labels=RECORD_SOURCE_LABELS,
    )


@bp.route("/progress/units/<int:unit_id>/breakdown")
@login_required
def breakdown(unit_id: int):
    """Show the unit's approved hours of a year by team, project, category, theme and party."""
    unit = progress_unit(unit_id)
    year, years = _year()
    try:
        measure = measure_for(year)
    except FutureYear:
        return _not_begun(year, "progress.breakdown", unit_id=unit.id)
    result = breakdowns.unit_breakdown(unit, measure)
    return render_template(
        "progress/breakdown.html",
        unit=unit,
        lineage=lineage(unit),
        measure=measure,
        years=years,
        breakdown=result,
        figures=unit_progress(unit, measure),
        dimensions=breakdowns.DIMENSIONS,
        category_chart=_category_chart(result),
    )


def _month_chart(measure: Measure, months: list[Decimal]) -> dict:
    """A person's approved hours per month as progress.js's bar chart, 3月5日 and 12月5日 marked."""
    year = measure.year
    shown = [float(h) if m <= measure.day.month else None for m, h in enumerate(months, start=1)]
    busiest = max(range(12), key=lambda index: months[index])
    return {
        "kind": "bar",
        "labels": [format_date(date(year, month, 1), "MMM") for month in range(1, 13)],
        "series": [{"label": _("审核通过时长（小时）"), "values": shown}],
        "valueTitle": _("时长"),
        "markers": [
            {"at": charts.month_position(date(year, month, day)), "label": _(label)}
            for month, day, label in charts.MARKED_DAYS
        ],
        "summary": _(
            "%(year)d 年每月审核通过时长；最多的是%(month)s（%(hours)s 小时）。",
            year=year,
            month=format_date(date(year, busiest + 1, 1), "MMMM"),
            hours=format_hours(months[busiest]),
        )
        if months[busiest] > 0
        else _("%(year)d 年还没有审核通过的时长。", year=year),
    }


def _category_chart(result: breakdowns.Breakdown) -> dict | None:
    """Hours by service category as progress.js's sideways bar chart (see its contract)."""
    rows = result.rows["category"]
    if not rows:
        return None
    top = rows[0]
    return {
        "kind": "bar",
        "horizontal": True,
        "labels": [row.name or _("未分类") for row in rows],
        "series": [{"label": _("时长"), "values": [float(row.hours) for row in rows]}],
        "valueTitle": _("审核通过时长（小时）"),
        "summary": _(
            "%(n)d 个服务类别共 %(hours)s 小时；最多的是%(name)s（%(top)s 小时）。",
            n=len(rows),
            hours=format_hours(result.total.hours),
            name=top.name,
            top=format_hours(top.hours),
        ),
    }
