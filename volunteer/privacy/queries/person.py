"""Who the person is to the registry: roster entry, moves, registrations, login, roles, years."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.orm import aliased

from volunteer.auth.models import Account, DeviceLogin, RoleGrant
from volunteer.people.models import StaffMember, StaffTransfer
from volunteer.records.models import PersonYearHours
from volunteer.registration.models import Registration
from volunteer.units.models import Unit


@dataclass(frozen=True)
class Person:
    """The logged-in person as the tables name them: a login, and a roster entry if staff."""

    account_id: int
    staff_member_id: int | None

    @classmethod
    def of(cls, account: Account) -> Person:
        """Name the person an account belongs to (no statement: both ids are on the account)."""
        return cls(account_id=account.id, staff_member_id=account.staff_member_id)

    def is_staff(self, column) -> ColumnElement[bool]:
        """Match `column` to the person's roster entry; nothing when they are not staff."""
        return column == self.staff_member_id if self.staff_member_id is not None else false()


def named(account_id) -> ColumnElement[str]:
    """Name the account in `account_id` (who recorded, approved, issued …) by the roster's name."""
    account, staff = aliased(Account), aliased(StaffMember)
    return (
        select(func.coalesce(staff.name, account.display_name))
        .select_from(account)
        .outerjoin(staff, staff.id == account.staff_member_id)
        .where(account.id == account_id)
        .correlate_except(account, staff)
        .scalar_subquery()
    )


def unit_named(unit_id) -> ColumnElement[str]:
    """Name the unit in `unit_id`."""
    unit = aliased(Unit)
    return select(unit.name).where(unit.id == unit_id).correlate_except(unit).scalar_subquery()


def registration_ids(person: Person) -> Select:
    """Select the ids of the person's registrations: by their login, or by their roster entry."""
    return select(Registration.id).where(
        or_(
            Registration.account_id == person.account_id,
            person.is_staff(Registration.staff_member_id),
        )
    )


def roster(person: Person) -> Select:
    """Select the person's roster entry (none when they are not on a roster)."""
    return select(
        StaffMember.name.label("name"),
        StaffMember.staff_no.label("staff_no"),
        unit_named(StaffMember.unit_id).label("unit"),
        StaffMember.phone.label("phone"),
        StaffMember.email.label("email"),
        StaffMember.gender.label("gender"),
        StaffMember.id_card.label("id_card"),
        StaffMember.political_status.label("political_status"),
        StaffMember.hired_on.label("hired_on"),
        StaffMember.status.label("status"),
        StaffMember.left_on.label("left_on"),
        StaffMember.created_at.label("created_at"),
        StaffMember.updated_at.label("updated_at"),
    ).where(person.is_staff(StaffMember.id))


def transfers(person: Person) -> Select:
    """Select the person's moves between units, latest first."""
    return (
        select(
            StaffTransfer.effective_on.label("effective_on"),
            unit_named(StaffTransfer.from_unit_id).label("from_unit"),
            unit_named(StaffTransfer.to_unit_id).label("to_unit"),
            StaffTransfer.reason.label("reason"),
            named(StaffTransfer.recorded_by_id).label("recorded_by"),
            StaffTransfer.recorded_at.label("recorded_at"),
        )
        .where(person.is_staff(StaffTransfer.staff_member_id))
        .order_by(StaffTransfer.effective_on.desc(), StaffTransfer.id.desc())
    )


def registrations(person: Person) -> Select:
    """Select the person's registrations, what they typed in them, and how each was resolved."""
    return (
        select(
            Registration.status.label("status"),
            Registration.source.label("source"),
            unit_named(Registration.unit_id).label("unit"),
            Registration.registered_on.label("registered_on"),
            Registration.national_volunteer_no.label("national_volunteer_no"),
            Registration.is_external.label("is_external"),
            Registration.external_affiliation.label("external_affiliation"),
            Registration.claimed_name.label("claimed_name"),
            Registration.claimed_staff_no.label("claimed_staff_no"),
            Registration.phone.label("phone"),
            Registration.consented_at.label("consented_at"),
            Registration.created_at.label("created_at"),
            named(Registration.resolved_by_id).label("resolved_by"),
            Registration.resolved_at.label("resolved_at"),
            Registration.resolution_reason.label("resolution_reason"),
        )
        .where(Registration.id.in_(registration_ids(person)))
        .order_by(Registration.created_at.desc(), Registration.id.desc())
    )


def account(person: Person) -> Select:
    """Select the person's login (never its password hash)."""
    return select(
        Account.username.label("username"),
        Account.display_name.label("display_name"),
        Account.phone.label("phone"),
        Account.active.label("active"),
        Account.created_at.label("created_at"),
        Account.last_login_at.label("last_login_at"),
        Account.failed_logins.label("failed_logins"),
        Account.lock_ends_at.label("lock_ends_at"),
    ).where(Account.id == person.account_id)


def roles(person: Person) -> Select:
    """Select every role the login was granted, revoked ones too, latest first."""
    return (
        select(
            RoleGrant.role.label("role"),
            unit_named(RoleGrant.unit_id).label("unit"),
            named(RoleGrant.granted_by_id).label("granted_by"),
            RoleGrant.granted_at.label("granted_at"),
            RoleGrant.revoked_at.label("revoked_at"),
        )
        .where(RoleGrant.account_id == person.account_id)
        .order_by(RoleGrant.granted_at.desc(), RoleGrant.id.desc())
    )


def year_hours(person: Person) -> Select:
    """Select the person's hours per year as the progress pages count them, latest year first."""
    return (
        select(
            PersonYearHours.year.label("year"),
            PersonYearHours.approved_hours.label("approved_hours"),
            PersonYearHours.make_up_hours.label("make_up_hours"),
            PersonYearHours.pending_hours.label("pending_hours"),
        )
        .where(PersonYearHours.account_id == person.account_id)
        .order_by(PersonYearHours.year.desc())
    )


def device_logins(person: Person) -> Select:
    """Select the person's logins, one per browser, latest first (never the key in the cookie)."""
    return (
        select(
            DeviceLogin.created_at.label("created_at"),
            DeviceLogin.last_seen_at.label("last_seen_at"),
            DeviceLogin.user_agent.label("user_agent"),
            DeviceLogin.address.label("address"),
            DeviceLogin.remembered.label("remembered"),
            DeviceLogin.revoked_at.label("revoked_at"),
        )
        .where(DeviceLogin.account_id == person.account_id)
        .order_by(DeviceLogin.created_at.desc(), DeviceLogin.id.desc())
    )
