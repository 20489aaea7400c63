"""Reads for the exports: the year measured, the people and the approved service records
behind a unit's progress figures."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, Text, and_, case, cast, func, literal, null, select
from sqlalchemy.orm import aliased

from volunteer.activities.models import Activity, Category
from volunteer.auth.models import Account
from volunteer.clock import local_today
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.progress.figures import FutureYear, Measure
from volunteer.progress.queries.headcount import in_service_on, unit_on
from volunteer.progress.queries.people import people_of
from volunteer.progress.queries.years import measure_for
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.reports.national_csv import FORMULA_STARTS, ID_CARD_TYPE
from volunteer.units.models import Unit

# Years before the system can hold no records.
FIRST_YEAR = 2000


class NoFigures(DomainError):
    """The year asked for has no figures (not begun, or not a year at all)."""

    code = "no_figures"


def report_measure(year: int | None) -> Measure:
    """Return the measure of the year asked for (default: this year), or refuse with NoFigures."""
    year = year or local_today().year
    if year < FIRST_YEAR:
        raise NoFigures(_("年份无效。"), year=year)
    try:
        return measure_for(year)
    except FutureYear:
        raise NoFigures(_("%(year)d 年尚未开始，还没有数据。", year=year), year=year) from None


def people_rows(unit: Unit, measure: Measure, filter: str) -> Select:
    """Select the people list's columns (not StaffMember objects), by unit code then 工号.

    Building 30,000 ORM instances costs more than the query itself.
    """
    person = people_of(unit, measure, filter=filter).order_by(None).subquery("person")
    return select(
        person.c.staff_no,
        person.c.name,
        person.c.unit_name,
        person.c.registered,
        person.c.registered_on,
        person.c.approved,
        person.c.make_up,
        person.c.pending,
    ).order_by(person.c.unit_code, person.c.staff_no)


def record_period(year: int, month: int | None) -> tuple[date, date]:
    """Return the first day of the year (or month) and the first day after it."""
    if month is None:
        return date(year, 1, 1), date(year + 1, 1, 1)
    after = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year, month, 1), after


def service_records(
    unit: Unit, measure: Measure, month: int | None = None, *, with_id_numbers: bool = False
) -> Select:
    """Select the approved records of the year (or one month) of the unit's headcount on D.

    The people are those the progress figures count: in service on D and placed in the unit's
    subtree by their unit on D, so the records' hours add up to the unit's approved hours.
    Columns: name, staff_no, unit_name, volunteer_no, activity_id, title, category,
    service_date, signed_in_at, signed_out_at, starts_at, ends_at, hours, source, and
    id_card only when asked for (the ID number never leaves the database otherwise).
    """
    placed = aliased(Unit)
    columns = [
        StaffMember.name,
        StaffMember.staff_no,
        placed.name.label("unit_name"),
        Registration.national_volunteer_no.label("volunteer_no"),
        Activity.id.label("activity_id"),
        Activity.title,
        Category.name.label("category"),
        ServiceRecord.service_date,
        ServiceRecord.signed_in_at,
        ServiceRecord.signed_out_at,
        Activity.starts_at,
        Activity.ends_at,
        ServiceRecord.hours,
        ServiceRecord.source,
    ]
    if with_id_numbers:
        columns.append(StaffMember.id_card)
    return _records_of_headcount(select(*columns), placed, unit, measure, month)


def _records_of_headcount(
    query: Select, placed: type[Unit], unit: Unit, measure: Measure, month: int | None
) -> Select:
    """Join and filter `query` to the approved records of service_records, in its order."""
    counted = (
        select(StaffMember.id.label("staff_id"), unit_on(measure.day).label("unit_id"))
        .where(in_service_on(measure.day))
        .subquery("counted")
    )
    first, after = record_period(measure.year, month)
    return (
        query.select_from(ServiceRecord)
        .join(Account, Account.id == ServiceRecord.account_id)
        .join(counted, counted.c.staff_id == Account.staff_member_id)
        .join(StaffMember, StaffMember.id == counted.c.staff_id)
        .join(placed, placed.id == counted.c.unit_id)
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .join(Category, Category.id == Activity.category_id)
        .outerjoin(
            Registration,
            and_(
                Registration.staff_member_id == StaffMember.id,
                Registration.status == RegistrationStatus.ACTIVE,
            ),
        )
        .where(
            ServiceRecord.status == RecordStatus.APPROVED,
            ServiceRecord.service_date >= first,
            ServiceRecord.service_date < after,
            placed.path.startswith(unit.path, autoescape=True),
        )
        .order_by(
            placed.code,
            StaffMember.staff_no,
            ServiceRecord.service_date,
            ServiceRecord.signed_in_at,
            ServiceRecord.id,
        )
    )


def national_fields(
    unit: Unit, measure: Measure, month: int | None, *, with_id_numbers: bool, zone: str | int
) -> Select:
    """Select service_records' rows as the national CSV's nine fields, as text.

    Each value as national_csv writes it (the formula guard, local times, one decimal place),
    an empty one as NULL. `zone` is the time zone's name on PostgreSQL, whose COPY then
    quotes exactly as Python's csv does; on SQLite, the zone's offset in minutes when it is
    fixed over the period. The rows are sorted first and written after, so the sort moves
    the narrow stored values rather than the text.
    """
    on_sqlite = isinstance(zone, int)
    placed = aliased(Unit)
    later, earlier = (func.max, func.min) if on_sqlite else (func.greatest, func.least)
    stored = _records_of_headcount(
        select(
            StaffMember.name,
            (StaffMember.id_card if with_id_numbers else null()).label("id_card"),
            Registration.national_volunteer_no.label("volunteer_no"),
            Activity.title,
            ServiceRecord.service_date,
            later(ServiceRecord.signed_in_at, Activity.starts_at).label("begin"),
            # Without a sign-out the period has no end (least() would take the activity's).
            case(
                (ServiceRecord.signed_out_at.is_not(None),
                 earlier(ServiceRecord.signed_out_at, Activity.ends_at)),
            ).label("end"),
            ServiceRecord.hours,
            placed.code,
            StaffMember.staff_no,
            ServiceRecord.signed_in_at,
            ServiceRecord.id,
        ),
        placed, unit, measure, month,
    ).subquery("stored")  # fmt: skip
    row = stored.c
    id_card = func.nullif(row.id_card, "")
    if on_sqlite:
        fields = [
            cast(row.service_date, Text),
            *(func.strftime("%Y-%m-%d %H:%M", moment, f"{zone:+d} minutes") for moment in
              (row.begin, row.end)),
            func.printf("%.1f", row.hours),
        ]  # fmt: skip
    else:
        fields = [
            func.to_char(row.service_date, "YYYY-MM-DD"),
            *(_local(moment, str(zone)) for moment in (row.begin, row.end)),
            cast(row.hours, Text),
        ]
    fields = [
        _inert(row.name, on_sqlite),
        case((id_card.is_not(None), ID_CARD_TYPE)),
        id_card,
        _inert(row.volunteer_no, on_sqlite),
        _inert(row.title, on_sqlite),
        *fields,
    ]
    # The order service_records gives, kept explicitly: the database sees the subquery is
    # already sorted by it and does not sort again.
    return select(*(field.label(f"f{i}") for i, field in enumerate(fields))).order_by(
        row.code, row.staff_no, row.service_date, row.signed_in_at, row.id
    )


def _inert(text, on_sqlite: bool):
    """national_csv.inert in SQL: a leading quote keeps a typed formula from running.

    An empty value becomes NULL, which COPY writes as nothing (an empty string it quotes).
    """
    first = func.substr(text, 1, 1) if on_sqlite else func.left(text, 1)
    guarded = case((first.in_(FORMULA_STARTS), literal("'") + text), else_=text)
    return func.nullif(guarded, "")


def _local(moment, zone: str):
    """The stored naive UTC moment as national_csv's local 'YYYY-MM-DD HH:MM'."""
    return func.to_char(func.timezone(zone, func.timezone("UTC", moment)), "YYYY-MM-DD HH24:MI")


def count_rows(query: Select) -> int:
    """Count the rows a select would return, without fetching them."""
    count = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    return count or 0
