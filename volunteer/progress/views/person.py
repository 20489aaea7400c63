"""One person's year: hours against the target, by month, by category, and records (on bp)."""

from __future__ import annotations

from itertools import accumulate

from flask import abort, render_template
from flask_login import current_user, login_required

from volunteer.auth.models import Role
from volunteer.auth.permissions import can
from volunteer.clock import local_today
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.progress import charts
from volunteer.progress.access import may_see_person, not_begun, year_and_offered
from volunteer.progress.blueprint import bp
from volunteer.progress.figures import FutureYear, monthly_pace_line, person_year
from volunteer.progress.queries import person as persons
from volunteer.progress.queries.years import measure_for
from volunteer.records.models import RECORD_SOURCE_LABELS, RECORD_STATUS_LABELS
from volunteer.records.queries.person_year import records_of
from volunteer.registration.models import RegistrationStatus
from volunteer.registration.queries import registration_of_staff


@bp.route("/progress/people/<int:staff_id>")
@login_required
def person(staff_id: int):
    """Show one person's year: hours against the target, by month, by category, and records."""
    person = db.get_or_404(StaffMember, staff_id)
    year, years = year_and_offered()
    try:
        measure = measure_for(year)
    except FutureYear:
        measure = None
    if not may_see_person(person, measure):
        abort(403)
    if measure is None:
        return not_begun(year, "progress.person", staff_id=person.id)
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
        counted=persons.is_counted(person, measure.day),
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
        month_chart=charts.person_months(measure, totals.months),
        categories=persons.hours_by_category(account_id, year),
        records=records_of(account_id, year) if account_id is not None else [],
        # Managers of the person's unit today may open each record; an earlier unit's may not.
        records_linked=can(current_user, Role.MANAGER, person.unit),
        status_labels=RECORD_STATUS_LABELS,
        source_labels=RECORD_SOURCE_LABELS,
    )
