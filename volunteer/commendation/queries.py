"""Reads for the commendation pages: campaigns, quotas in use, nominations, objections."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from volunteer.auth.models import Account
from volunteer.commendation.models import (
    HOLDING_QUOTA,
    Campaign,
    CampaignQuota,
    Nomination,
    NominationStatus,
    Objection,
    ObjectionStatus,
)
from volunteer.extensions import db
from volunteer.people.models import EmploymentStatus, StaffMember
from volunteer.progress.models import RosterEntry
from volunteer.records.models import PersonYearHours
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.units.models import Unit
from volunteer.units.queries import organisation_root


def campaign_by_id(campaign_id: int) -> Campaign | None:
    return db.session.get(Campaign, campaign_id)


def campaign_of_year(year: int) -> Campaign | None:
    return db.session.scalar(select(Campaign).where(Campaign.year == year))


def campaigns() -> list[Campaign]:
    """Return every campaign, the latest year first."""
    return list(db.session.scalars(select(Campaign).order_by(Campaign.year.desc())))


def nominating_units(root: Unit) -> list[Unit]:
    """Return the units that nominate: the root's children still in being, by code."""
    query = (
        select(Unit).where(Unit.parent_id == root.id, Unit.retired_on.is_(None)).order_by(Unit.code)
    )
    return list(db.session.scalars(query))


def nominating_units_within(roots: list[Unit]) -> list[Unit]:
    """Return the nominating units inside these subtrees (a hospital, not its departments)."""
    top = organisation_root()
    units = nominating_units(top) if top is not None else []
    return [unit for unit in units if any(root.contains(unit) for root in roots)]


def registered_in(unit: Unit) -> int:
    """Count the staff of the unit's subtree in service with an active registration."""
    query = (
        select(func.count())
        .select_from(RosterEntry)
        .join(Unit, Unit.id == RosterEntry.unit_id)
        .where(
            Unit.path.startswith(unit.path, autoescape=True),
            RosterEntry.status == EmploymentStatus.ACTIVE,
            RosterEntry.registered_on.is_not(None),
        )
    )
    return db.session.scalar(query) or 0


@dataclass(frozen=True)
class PersonHours:
    """A person's approved hours of the campaign's year and of all years."""

    year: Decimal
    cumulative: Decimal


def person_hours(account_id: int, year: int) -> PersonHours:
    """Return the approved hours of `year` and the cumulative approved hours up to it."""
    hours = PersonYearHours.approved_hours
    query = select(
        func.coalesce(func.sum(hours).filter(PersonYearHours.year == year), 0),
        func.coalesce(func.sum(hours), 0),
    ).where(PersonYearHours.account_id == account_id, PersonYearHours.year <= year)
    of_year, cumulative = db.session.execute(query).one()
    return PersonHours(Decimal(of_year), Decimal(cumulative))


@dataclass(frozen=True)
class Person:
    """Who a manager typed: the login, the roster entry (None for others) and the registration."""

    account: Account | None
    staff: StaffMember | None
    registration: Registration | None

    @property
    def unit(self) -> Unit | None:
        """Return the person's own unit: the roster's, or the registration's for non-staff."""
        if self.staff is not None:
            return self.staff.unit
        return self.registration.unit if self.registration else None

    @property
    def name(self) -> str:
        if self.staff is not None:
            return self.staff.name
        if self.registration is not None:
            return self.registration.claimed_name
        return self.account.display_name if self.account else ""


def find_person(identifier: str) -> Person | None:
    """Find a person by 工号, or by the login name of someone not on the roster."""
    staff = db.session.scalar(select(StaffMember).where(StaffMember.staff_no == identifier))
    if staff is not None:
        account = db.session.scalar(select(Account).where(Account.staff_member_id == staff.id))
    else:
        account = db.session.scalar(select(Account).where(Account.username == identifier))
    if account is None:
        # On the roster without a login: found, but never registered.
        return Person(None, staff, None) if staff is not None else None
    registration = db.session.scalar(
        select(Registration).where(
            Registration.account_id == account.id,
            Registration.status == RegistrationStatus.ACTIVE,
        )
    )
    return Person(account, staff, registration)


def quota_of(campaign: Campaign, unit: Unit, *, for_update: bool = False) -> CampaignQuota | None:
    """Return the unit's quota row; locked for a nomination, so two managers cannot both take
    the last place."""
    query = select(CampaignQuota).where(
        CampaignQuota.campaign_id == campaign.id, CampaignQuota.unit_id == unit.id
    )
    if for_update:
        query = query.with_for_update()
    return db.session.scalar(query)


def places_taken(campaign: Campaign, unit_id: int) -> int:
    """Count the unit's nominations that hold a place: waiting or approved."""
    query = select(func.count(Nomination.id)).where(
        Nomination.campaign_id == campaign.id,
        Nomination.unit_id == unit_id,
        Nomination.status.in_(HOLDING_QUOTA),
    )
    return db.session.scalar(query) or 0


@dataclass(frozen=True)
class QuotaUse:
    """A unit's quota and how much of it is taken."""

    unit: Unit
    registered: int
    places: int
    taken: int

    @property
    def left(self) -> int:
        return max(self.places - self.taken, 0)


def quota_uses(campaign: Campaign, units: list[Unit] | None = None) -> list[QuotaUse]:
    """Return each nominating unit's quota and places taken (only `units`, when given)."""
    taken = dict(
        db.session.execute(
            select(Nomination.unit_id, func.count(Nomination.id))
            .where(Nomination.campaign_id == campaign.id, Nomination.status.in_(HOLDING_QUOTA))
            .group_by(Nomination.unit_id)
        ).all()
    )
    query = (
        select(CampaignQuota)
        .join(Unit, Unit.id == CampaignQuota.unit_id)
        .where(CampaignQuota.campaign_id == campaign.id)
        .order_by(Unit.code)
    )
    if units is not None:
        query = query.where(CampaignQuota.unit_id.in_([unit.id for unit in units]))
    return [
        QuotaUse(row.unit, row.registered, row.places, taken.get(row.unit_id, 0))
        for row in db.session.scalars(query)
    ]


def nominations(
    campaign: Campaign,
    *,
    unit: Unit | None = None,
    statuses: tuple[NominationStatus, ...] | None = None,
) -> list[Nomination]:
    """Return the campaign's nominations (of one unit, in some statuses), by unit then name."""
    query = (
        select(Nomination)
        .join(Unit, Unit.id == Nomination.unit_id)
        .where(Nomination.campaign_id == campaign.id)
        .order_by(Unit.code, Nomination.name, Nomination.id)
        # Every list shows each person's unit and department: load them in the same statement.
        .options(joinedload(Nomination.unit), joinedload(Nomination.department))
    )
    if unit is not None:
        query = query.where(Nomination.unit_id == unit.id)
    if statuses is not None:
        query = query.where(Nomination.status.in_(statuses))
    return list(db.session.scalars(query))


def nomination_of(campaign: Campaign, account_id: int) -> Nomination | None:
    """Return the person's nomination in the campaign, whatever became of it."""
    return db.session.scalar(
        select(Nomination).where(
            Nomination.campaign_id == campaign.id, Nomination.account_id == account_id
        )
    )


def nomination_by_id(nomination_id: int) -> Nomination | None:
    return db.session.get(Nomination, nomination_id)


def objection_by_id(objection_id: int) -> Objection | None:
    return db.session.get(Objection, objection_id)


def objections(campaign: Campaign) -> list[Objection]:
    """Return every objection of the campaign, open ones first: for the reviewer only."""
    query = (
        select(Objection)
        .join(Nomination, Nomination.id == Objection.nomination_id)
        .where(Nomination.campaign_id == campaign.id)
        .order_by((Objection.status == ObjectionStatus.OPEN).desc(), Objection.id)
        .options(joinedload(Objection.nomination).joinedload(Nomination.unit))
    )
    return list(db.session.scalars(query))


def open_objection_count(campaign: Campaign) -> int:
    query = (
        select(func.count(Objection.id))
        .join(Nomination, Nomination.id == Objection.nomination_id)
        .where(Nomination.campaign_id == campaign.id, Objection.status == ObjectionStatus.OPEN)
    )
    return db.session.scalar(query) or 0


def objections_raised_by(campaign: Campaign, account: Account) -> list[Objection]:
    """Return the objections this person raised in the campaign (they see their own only)."""
    query = (
        select(Objection)
        .join(Nomination, Nomination.id == Objection.nomination_id)
        .where(Nomination.campaign_id == campaign.id, Objection.raised_by_id == account.id)
        .order_by(Objection.id)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class Candidate:
    """A registered staff member who meets the campaign's hours and is not yet nominated."""

    staff_no: str
    name: str
    approved_hours: Decimal


def candidates(campaign: Campaign, unit: Unit, limit: int = 30) -> list[Candidate]:
    """Return the unit's registered staff with the hours, not yet nominated, most hours first."""
    nominated = select(Nomination.account_id).where(Nomination.campaign_id == campaign.id)
    query = (
        select(StaffMember.staff_no, StaffMember.name, PersonYearHours.approved_hours)
        .select_from(RosterEntry)
        .join(StaffMember, StaffMember.id == RosterEntry.staff_member_id)
        .join(Unit, Unit.id == RosterEntry.unit_id)
        .join(
            PersonYearHours,
            (PersonYearHours.account_id == RosterEntry.account_id)
            & (PersonYearHours.year == campaign.year),
        )
        .where(
            Unit.path.startswith(unit.path, autoescape=True),
            RosterEntry.registered_on.is_not(None),
            RosterEntry.status == EmploymentStatus.ACTIVE,
            PersonYearHours.approved_hours >= campaign.min_hours,
            RosterEntry.account_id.not_in(nominated),
        )
        .order_by(PersonYearHours.approved_hours.desc(), StaffMember.staff_no)
        .limit(limit)
    )
    return [Candidate(*row) for row in db.session.execute(query)]
