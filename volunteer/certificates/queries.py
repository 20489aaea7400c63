"""Reads for certificates: a person's approved figures, eligible people, issued certificates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, and_, extract, func, or_, select

from volunteer.activities.models import Activity, Category
from volunteer.auth.models import Account
from volunteer.certificates.models import (
    Certificate,
    CertificateKind,
    CertificateStatus,
    IssuingSettings,
)
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.registration.models import Registration
from volunteer.units.models import Unit

ZERO = Decimal("0")


@dataclass(frozen=True)
class Figures:
    """A person's approved hours over a span: total, activities, hours by category."""

    hours: Decimal
    activities: int
    categories: list[tuple[str, Decimal]] = field(default_factory=list)


@dataclass(frozen=True)
class YearRow:
    """One year a person served: approved hours and activities."""

    year: int
    hours: Decimal
    activities: int


def _approved(account_id: int, year: int | None = None) -> ColumnElement[bool]:
    condition = and_(
        ServiceRecord.account_id == account_id, ServiceRecord.status == RecordStatus.APPROVED
    )
    if year is not None:
        condition = and_(
            condition,
            ServiceRecord.service_date >= date(year, 1, 1),
            ServiceRecord.service_date <= date(year, 12, 31),
        )
    return condition


def figures_of(account_id: int, year: int | None = None) -> Figures:
    """Return a person's approved figures for a year (None: every year), by category in order."""
    rows = db.session.execute(
        select(
            Category.name,
            func.sum(ServiceRecord.hours).label("hours"),
            func.count(func.distinct(ServiceRecord.activity_id)).label("activities"),
        )
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .join(Category, Category.id == Activity.category_id)
        .where(_approved(account_id, year))
        .group_by(Category.id, Category.name, Category.sort_order)
        .order_by(Category.sort_order, Category.id)
    ).all()
    activities = db.session.scalar(
        select(func.count(func.distinct(ServiceRecord.activity_id))).where(
            _approved(account_id, year)
        )
    )
    categories = [(row.name, Decimal(row.hours or 0)) for row in rows if row.hours]
    total = sum((hours for _name, hours in categories), ZERO)
    return Figures(total, int(activities or 0), categories)


def year_rows(account_id: int) -> list[YearRow]:
    """List the years with approved hours, oldest first."""
    year = extract("year", ServiceRecord.service_date)
    rows = db.session.execute(
        select(
            year.label("year"),
            func.sum(ServiceRecord.hours).label("hours"),
            func.count(func.distinct(ServiceRecord.activity_id)).label("activities"),
        )
        .where(_approved(account_id))
        .group_by(year)
        .order_by(year)
    ).all()
    return [
        YearRow(int(row.year), Decimal(row.hours), int(row.activities)) for row in rows if row.hours
    ]


def cumulative_hours(account_id: int, *, up_to_year: int | None = None) -> Decimal:
    """Return a person's approved hours over every year, or up to the end of `up_to_year`."""
    condition = _approved(account_id)
    if up_to_year is not None:
        condition = and_(condition, ServiceRecord.service_date <= date(up_to_year, 12, 31))
    total = db.session.scalar(select(func.sum(ServiceRecord.hours)).where(condition))
    return Decimal(total or 0)


def service_lines(account_id: int, year: int | None = None) -> list[tuple[date, str, Decimal]]:
    """List each activity served (first day, title, approved hours), for the detailed page."""
    rows = db.session.execute(
        select(
            func.min(ServiceRecord.service_date).label("day"),
            Activity.title,
            func.sum(ServiceRecord.hours).label("hours"),
        )
        .join(Activity, Activity.id == ServiceRecord.activity_id)
        .where(_approved(account_id, year))
        .group_by(Activity.id, Activity.title)
        .order_by(func.min(ServiceRecord.service_date), Activity.id)
    ).all()
    return [(row.day, row.title, Decimal(row.hours)) for row in rows]


def settings_for(year: int) -> IssuingSettings | None:
    """Return the issuing settings an administrator stored for the year, if any."""
    return db.session.get(IssuingSettings, year)


def stored_settings() -> list[IssuingSettings]:
    """List every year's stored settings, newest first."""
    return list(db.session.scalars(select(IssuingSettings).order_by(IssuingSettings.year.desc())))


def registration_of(account: Account) -> Registration | None:
    """Return the person's registration (its national volunteer number, its unit)."""
    return db.session.scalar(select(Registration).where(Registration.account_id == account.id))


def valid_certificates(
    account_id: int, kind: CertificateKind, year: int | None
) -> list[Certificate]:
    """List the person's valid certificates of a kind (and year, for annual ones)."""
    query = select(Certificate).where(
        Certificate.account_id == account_id,
        Certificate.kind == kind,
        Certificate.status == CertificateStatus.VALID,
    )
    if kind is CertificateKind.ANNUAL:
        query = query.where(Certificate.year == year)
    return list(db.session.scalars(query.order_by(Certificate.id)))


def certificates_of(account_id: int) -> list[Certificate]:
    """List a person's certificates, newest first."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.account_id == account_id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


def certificate_by_code(code: str) -> Certificate | None:
    """Find a certificate by the code its QR carries."""
    if not code or len(code) > 32:
        return None
    return db.session.scalar(select(Certificate).where(Certificate.verify_code == code))


def certificate_by_hash(sha256: str) -> Certificate | None:
    """Find the certificate whose issued PDF has this SHA-256."""
    return db.session.scalar(select(Certificate).where(Certificate.pdf_sha256 == sha256))


def last_sequence(organisation_code: str, serial_year: int) -> int:
    """Return the highest sequence number used for the organisation's year (0: none yet)."""
    found = db.session.scalar(
        select(func.max(Certificate.sequence)).where(
            Certificate.organisation_code == organisation_code,
            Certificate.serial_year == serial_year,
        )
    )
    return int(found or 0)


def unit_certificates(unit: Unit, year: int) -> Select:
    """Select a unit subtree's annual certificates of a year, valid first, by unit then name."""
    return (
        select(Certificate)
        .join(Unit, Unit.id == Certificate.unit_id)
        .join(Account, Account.id == Certificate.account_id)
        .where(
            Unit.path.startswith(unit.path, autoescape=True),
            Certificate.kind == CertificateKind.ANNUAL,
            Certificate.year == year,
        )
        .order_by(Certificate.status != CertificateStatus.VALID, Unit.path, Account.display_name)
    )


def eligible_accounts(unit: Unit, year: int, min_hours: Decimal | None) -> list[int]:
    """List the accounts of a unit subtree (staff, or externals registered there) eligible."""
    staff_unit = select(StaffMember.unit_id).where(StaffMember.id == Account.staff_member_id)
    in_subtree = select(Unit.id).where(Unit.path.startswith(unit.path, autoescape=True))
    external = select(Registration.account_id).where(
        Registration.staff_member_id.is_(None), Registration.unit_id.in_(in_subtree)
    )
    hours = func.sum(ServiceRecord.hours)
    query = (
        select(ServiceRecord.account_id)
        .join(Account, Account.id == ServiceRecord.account_id)
        .where(
            ServiceRecord.status == RecordStatus.APPROVED,
            ServiceRecord.service_date >= date(year, 1, 1),
            ServiceRecord.service_date <= date(year, 12, 31),
            or_(
                staff_unit.scalar_subquery().in_(in_subtree),
                ServiceRecord.account_id.in_(external),
            ),
        )
        .group_by(ServiceRecord.account_id)
        .having(hours > 0)
    )
    if min_hours is not None:
        query = query.having(hours >= min_hours)
    return list(db.session.scalars(query))
