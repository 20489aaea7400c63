"""Reads of the records pages: a volunteer's year, the review queue, an activity's records,
the corrections queue and a record's history. (Kept apart from records.queries, which the
services use, so the pages can grow without touching the rules' reads.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from volunteer.activities.models import Activity, ActivityStatus
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import unit_scope_clause
from volunteer.clock import utc_now
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.records.models import (
    Correction,
    CorrectionStatus,
    RecordAttachment,
    RecordStatus,
    ServiceRecord,
)
from volunteer.records.queries import (
    ACTIVITY_UNIT,
    STAFF_UNIT,
    join_scope_units,
    record_scope_clause,
)
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.units.models import Unit

RECENT_ACTIVITY_DAYS = 60
VOLUNTEER_SEARCH_LIMIT = 20


@dataclass(frozen=True)
class YearHours:
    """A volunteer's year: approved and waiting hours, and the activities served at."""

    approved: Decimal
    pending: Decimal
    activities: int


def year_bounds(year: int) -> tuple[date, date]:
    """Return the first day of `year` and of the next: a record's year is its local date's."""
    return date(year, 1, 1), date(year + 1, 1, 1)


def year_hours(account_id: int, year: int) -> YearHours:
    """Sum the person's approved and waiting hours of a year, and count their activities."""
    first, after = year_bounds(year)
    row = db.session.execute(
        select(
            func.coalesce(
                func.sum(
                    case((ServiceRecord.status == RecordStatus.APPROVED, ServiceRecord.hours))
                ),
                0,
            ).label("approved"),
            func.coalesce(
                func.sum(
                    case((ServiceRecord.status == RecordStatus.NEEDS_REVIEW, ServiceRecord.hours))
                ),
                0,
            ).label("pending"),
            func.count(
                func.distinct(
                    case((ServiceRecord.status == RecordStatus.APPROVED, ServiceRecord.activity_id))
                )
            ).label("activities"),
        ).where(
            ServiceRecord.account_id == account_id,
            ServiceRecord.service_date >= first,
            ServiceRecord.service_date < after,
        )
    ).one()
    return YearHours(Decimal(str(row.approved)), Decimal(str(row.pending)), row.activities)


def records_of(account_id: int, year: int) -> list[ServiceRecord]:
    """Return the person's records of a year, newest first, with their activities."""
    first, after = year_bounds(year)
    return list(
        db.session.scalars(
            select(ServiceRecord)
            .options(selectinload(ServiceRecord.activity))
            .where(
                ServiceRecord.account_id == account_id,
                ServiceRecord.service_date >= first,
                ServiceRecord.service_date < after,
            )
            .order_by(ServiceRecord.signed_in_at.desc(), ServiceRecord.id.desc())
        )
    )


def record_years(account_id: int) -> list[int]:
    """Return the years in which the person has records, newest first."""
    dates = db.session.scalars(
        select(ServiceRecord.service_date).where(ServiceRecord.account_id == account_id)
    )
    return sorted({day.year for day in dates}, reverse=True)


def corrections_of(account_id: int) -> list[Correction]:
    """Return the person's correction requests, newest first."""
    return list(
        db.session.scalars(
            select(Correction)
            .options(selectinload(Correction.activity), selectinload(Correction.record))
            .where(Correction.account_id == account_id)
            .order_by(Correction.created_at.desc(), Correction.id.desc())
        )
    )


def pending_correction_record_ids(account_id: int) -> set[int]:
    """Return the ids of the person's records that already have a correction waiting."""
    return set(
        db.session.scalars(
            select(Correction.record_id).where(
                Correction.account_id == account_id,
                Correction.status == CorrectionStatus.PENDING,
                Correction.record_id.is_not(None),
            )
        )
    )


def recent_activities(days: int = RECENT_ACTIVITY_DAYS) -> list[Activity]:
    """Return the organisation's activities that began in the last `days` days."""
    now = utc_now()
    return list(
        db.session.scalars(
            select(Activity)
            .where(
                Activity.starts_at >= now - timedelta(days=days),
                Activity.starts_at <= now,
                Activity.status == ActivityStatus.SCHEDULED,
            )
            .order_by(Activity.starts_at.desc())
        )
    )


def activity_by_number(number: str) -> Activity | None:
    """Find an activity by its number (HD000123, or the bare digits)."""
    digits = number.upper().removeprefix("HD").lstrip("0")
    if not digits.isdigit():
        return None
    return db.session.get(Activity, int(digits))


# --- The review queue --------------------------------------------------------------------------


def _review_filter(viewer: Account, unit: Unit | None, reason: str | None):
    conditions = [
        ServiceRecord.status == RecordStatus.NEEDS_REVIEW,
        record_scope_clause(viewer, Role.MANAGER),
    ]
    if unit is not None:
        conditions.append(
            or_(
                ACTIVITY_UNIT.path.startswith(unit.path, autoescape=True),
                STAFF_UNIT.path.startswith(unit.path, autoescape=True),
            )
        )
    if reason:
        conditions.append(ServiceRecord.review_reason == reason)
    return and_(*conditions)


def review_people(
    viewer: Account, *, unit: Unit | None = None, reason: str | None = None
) -> Select:
    """Select the people with records waiting for the viewer's review, by name."""
    waiting = join_scope_units(select(ServiceRecord.account_id)).where(
        _review_filter(viewer, unit, reason)
    )
    return (
        select(Account)
        .options(selectinload(Account.staff_member).selectinload(StaffMember.unit))
        .where(Account.id.in_(waiting))
        .order_by(Account.display_name, Account.id)
    )


def review_records(
    viewer: Account, account_ids: list[int], *, unit: Unit | None = None, reason: str | None = None
) -> list[ServiceRecord]:
    """Return the waiting records in the viewer's scope of the given people, by day."""
    if not account_ids:
        return []
    return list(
        db.session.scalars(
            join_scope_units(select(ServiceRecord))
            .options(
                selectinload(ServiceRecord.activity).selectinload(Activity.unit),
                selectinload(ServiceRecord.attachments),
            )
            .where(_review_filter(viewer, unit, reason), ServiceRecord.account_id.in_(account_ids))
            .order_by(ServiceRecord.signed_in_at, ServiceRecord.id)
        )
    )


def scoped_records(viewer: Account, record_ids: list[int]) -> list[ServiceRecord]:
    """Return those of the records that lie in the viewer's scope as a manager."""
    if not record_ids:
        return []
    return list(
        db.session.scalars(
            join_scope_units(select(ServiceRecord))
            .where(ServiceRecord.id.in_(record_ids), record_scope_clause(viewer, Role.MANAGER))
            .order_by(ServiceRecord.signed_in_at, ServiceRecord.id)
        )
    )


def review_unit_choices(viewer: Account) -> list[Unit]:
    """Return the live units in the viewer's scope as a manager, in tree order."""
    return list(
        db.session.scalars(
            select(Unit)
            .where(unit_scope_clause(viewer, Role.MANAGER), Unit.retired_on.is_(None))
            .order_by(Unit.path)
        )
    )


# --- An activity's records ---------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityTotals:
    """What an activity's records add up to."""

    people: int
    open: int
    approved_hours: Decimal
    pending_hours: Decimal
    waiting: int


def activity_records(activity_id: int) -> list[ServiceRecord]:
    """Return every record of the activity, voided ones too, by sign-in."""
    return list(
        db.session.scalars(
            select(ServiceRecord)
            .options(
                selectinload(ServiceRecord.account)
                .selectinload(Account.staff_member)
                .selectinload(StaffMember.unit)
            )
            .where(ServiceRecord.activity_id == activity_id)
            .order_by(ServiceRecord.signed_in_at, ServiceRecord.id)
        )
    )


def activity_totals(activity_id: int) -> ActivityTotals:
    """Count the activity's people and open sessions and sum its approved and waiting hours."""
    live = ServiceRecord.status.in_(
        (RecordStatus.OPEN, RecordStatus.NEEDS_REVIEW, RecordStatus.APPROVED)
    )
    row = db.session.execute(
        select(
            func.count(func.distinct(case((live, ServiceRecord.account_id)))).label("people"),
            func.count(case((ServiceRecord.status == RecordStatus.OPEN, 1))).label("open"),
            func.coalesce(
                func.sum(
                    case((ServiceRecord.status == RecordStatus.APPROVED, ServiceRecord.hours))
                ),
                0,
            ).label("approved"),
            func.coalesce(
                func.sum(
                    case((ServiceRecord.status == RecordStatus.NEEDS_REVIEW, ServiceRecord.hours))
                ),
                0,
            ).label("pending"),
            func.count(case((ServiceRecord.status == RecordStatus.NEEDS_REVIEW, 1))).label(
                "waiting"
            ),
        ).where(ServiceRecord.activity_id == activity_id)
    ).one()
    return ActivityTotals(
        row.people,
        row.open,
        Decimal(str(row.approved)),
        Decimal(str(row.pending)),
        row.waiting,
    )


def find_volunteers(text: str) -> list[tuple[Account, Registration]]:
    """Find registered volunteers by exact 工号 or phone, or by name."""
    text = text.strip()
    if not text:
        return []
    rows = db.session.execute(
        select(Account, Registration)
        .join(Registration, Registration.account_id == Account.id)
        .outerjoin(StaffMember, Account.staff_member_id == StaffMember.id)
        .options(selectinload(Account.staff_member).selectinload(StaffMember.unit))
        .where(
            Registration.status == RegistrationStatus.ACTIVE,
            Account.active.is_(True),
            or_(
                StaffMember.staff_no == text.upper(),
                Registration.phone == text,
                StaffMember.phone == text,
                StaffMember.name == text,
                Registration.claimed_name == text,
                Account.display_name == text,
            ),
        )
        .order_by(Account.display_name, Account.id)
        .limit(VOLUNTEER_SEARCH_LIMIT)
    )
    return [(row.Account, row.Registration) for row in rows]


# --- Corrections and history -------------------------------------------------------------------


def pending_corrections(viewer: Account) -> Select:
    """Select the waiting corrections whose activity or person lies in the viewer's scope."""
    return (
        select(Correction)
        .join(Activity, Correction.activity_id == Activity.id)
        .join(ACTIVITY_UNIT, Activity.unit_id == ACTIVITY_UNIT.id)
        .join(Account, Correction.account_id == Account.id)
        .outerjoin(StaffMember, Account.staff_member_id == StaffMember.id)
        .outerjoin(STAFF_UNIT, StaffMember.unit_id == STAFF_UNIT.id)
        .options(
            selectinload(Correction.activity),
            selectinload(Correction.record),
            selectinload(Correction.account)
            .selectinload(Account.staff_member)
            .selectinload(StaffMember.unit),
        )
        .where(
            Correction.status == CorrectionStatus.PENDING,
            record_scope_clause(viewer, Role.MANAGER),
        )
        .order_by(Correction.created_at, Correction.id)
    )


def correction_units(correction: Correction) -> list[Unit]:
    """Return the units whose managers may handle a correction: its activity's and its person's."""
    units = [correction.activity.unit] if correction.activity else []
    staff = correction.account.staff_member
    if staff is not None:
        units.append(staff.unit)
    return units


def record_history(record_id: int) -> list[AuditEntry]:
    """Return the audit entries of a record, oldest first, with their actors."""
    return list(
        db.session.scalars(
            select(AuditEntry)
            .options(selectinload(AuditEntry.actor))
            .where(AuditEntry.subject_type == "service_record", AuditEntry.subject_id == record_id)
            .order_by(AuditEntry.at, AuditEntry.id)
        )
    )


def record_corrections(record_id: int) -> list[Correction]:
    """Return the corrections filed against a record."""
    return list(
        db.session.scalars(
            select(Correction)
            .where(Correction.record_id == record_id)
            .order_by(Correction.created_at, Correction.id)
        )
    )


def attachment_of(record_id: int, attachment_id: int) -> RecordAttachment | None:
    """Return the record's attachment with its content, or None if it belongs elsewhere."""
    return db.session.scalar(
        select(RecordAttachment)
        .options(selectinload(RecordAttachment.record))
        .where(RecordAttachment.id == attachment_id, RecordAttachment.record_id == record_id)
    )
