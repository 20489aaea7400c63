"""Reads of the two queues a manager works through: records to review, corrections to decide."""

from __future__ import annotations

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from volunteer.activities.models import Activity
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import unit_scope_clause
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.records.models import Correction, CorrectionStatus, RecordStatus, ServiceRecord
from volunteer.records.queries.scope import (
    ACTIVITY_UNIT,
    STAFF_UNIT,
    join_scope_units,
    record_scope_clause,
)
from volunteer.units.models import Unit


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
