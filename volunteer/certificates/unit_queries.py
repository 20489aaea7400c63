"""Reads for a unit's batch: everyone's figures, registrations and certificates in a few queries.

Issuing a hospital's 2,000 certificates one person at a time would cost ten statements each;
these read the same for all of them at once (one statement per kind of fact).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import selectinload

from volunteer.activities.models import Activity, Category
from volunteer.auth.models import Account
from volunteer.certificates.models import Certificate, CertificateKind, CertificateStatus
from volunteer.certificates.queries import Figures
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.registration.models import Registration
from volunteer.units.models import Unit


def _approved_in(account_ids: list[int], first: date, last: date) -> ColumnElement[bool]:
    return and_(
        ServiceRecord.account_id.in_(account_ids),
        ServiceRecord.status == RecordStatus.APPROVED,
        ServiceRecord.service_date >= first,
        ServiceRecord.service_date <= last,
    )


def accounts_of(account_ids: list[int]) -> list[Account]:
    """Load the accounts with their roster entry and its unit and parent unit."""
    return list(
        db.session.scalars(
            select(Account)
            .where(Account.id.in_(account_ids))
            .options(
                selectinload(Account.staff_member)
                .selectinload(StaffMember.unit)
                .selectinload(Unit.parent)
            )
        )
    )


def registrations_of(account_ids: list[int]) -> dict[int, Registration]:
    """Return each account's registration, with its unit, by account id."""
    rows = db.session.scalars(
        select(Registration)
        .where(Registration.account_id.in_(account_ids))
        .options(selectinload(Registration.unit).selectinload(Unit.parent))
    )
    return {row.account_id: row for row in rows if row.account_id is not None}


def figures_by_account(account_ids: list[int], year: int) -> dict[int, Figures]:
    """Return each account's approved figures of the year, hours by category in order."""
    condition = _approved_in(account_ids, date(year, 1, 1), date(year, 12, 31))
    rows = db.session.execute(
        select(
            ServiceRecord.account_id,
            Category.name,
            func.sum(ServiceRecord.hours).label("hours"),
        )
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .join(Category, Category.id == Activity.category_id)
        .where(condition)
        .group_by(ServiceRecord.account_id, Category.id, Category.name, Category.sort_order)
        .order_by(ServiceRecord.account_id, Category.sort_order, Category.id)
    ).all()
    activities: dict[int, int] = dict(
        db.session.execute(
            select(ServiceRecord.account_id, func.count(func.distinct(ServiceRecord.activity_id)))
            .where(condition)
            .group_by(ServiceRecord.account_id)
        ).all()
    )
    categories: dict[int, list[tuple[str, Decimal]]] = defaultdict(list)
    for row in rows:
        if row.hours:
            categories[row.account_id].append((row.name, Decimal(row.hours)))
    return {
        account_id: Figures(
            sum((hours for _name, hours in listed), Decimal(0)),
            int(activities.get(account_id, 0)),
            listed,
        )
        for account_id, listed in categories.items()
    }


def cumulative_by_account(account_ids: list[int], up_to_year: int) -> dict[int, Decimal]:
    """Return each account's approved hours of every year up to the end of `up_to_year`."""
    rows = db.session.execute(
        select(ServiceRecord.account_id, func.sum(ServiceRecord.hours))
        .where(
            ServiceRecord.account_id.in_(account_ids),
            ServiceRecord.status == RecordStatus.APPROVED,
            ServiceRecord.service_date <= date(up_to_year, 12, 31),
        )
        .group_by(ServiceRecord.account_id)
    )
    return {account_id: Decimal(hours or 0) for account_id, hours in rows}


def valid_annual_by_account(account_ids: list[int], year: int) -> dict[int, list[Certificate]]:
    """Return each account's valid annual certificates of the year."""
    found: dict[int, list[Certificate]] = defaultdict(list)
    for certificate in db.session.scalars(
        select(Certificate)
        .where(
            Certificate.account_id.in_(account_ids),
            Certificate.kind == CertificateKind.ANNUAL,
            Certificate.year == year,
            Certificate.status == CertificateStatus.VALID,
        )
        .order_by(Certificate.id)
    ):
        found[certificate.account_id].append(certificate)
    return found
