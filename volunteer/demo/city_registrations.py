"""The city's registrations: the logins, volunteer roles and registrations of the staff who
registered (about 82 %), external volunteers, and claims waiting for a manager."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from volunteer.auth.models import Role
from volunteer.demo.city_staff import Staff
from volunteer.demo.city_state import City
from volunteer.demo.people import make_people
from volunteer.registration.models import RegistrationSource, RegistrationStatus
from volunteer.registration.services.self_registration import EXTERNAL_PREFIX, PENDING_PREFIX

EARLIEST_REGISTRATION = date(2018, 3, 5)
AFFILIATIONS = ["示范市卫生职业技术学院", "示范医学院", "社区居民", "患者家属", "退休医务人员"]

ACCOUNT_COLUMNS = [
    "id",
    "username",
    "phone",
    "display_name",
    "password_hash",
    "active",
    "staff_member_id",
    "created_at",
]
GRANT_COLUMNS = ["account_id", "role", "unit_id", "granted_at"]
REGISTRATION_COLUMNS = [
    "status",
    "source",
    "staff_member_id",
    "account_id",
    "unit_id",
    "is_external",
    "external_affiliation",
    "claimed_name",
    "claimed_staff_no",
    "phone",
    "national_volunteer_no",
    "registered_on",
    "consented_at",
    "created_at",
]


@dataclass(slots=True)
class Volunteer:
    """Someone with a login who may serve this year: days as indexes from 1 January."""

    account_id: int
    staff_id: int | None
    first_day: int
    last_day: int
    top_before: int  # Top.index before the move (or always)
    top_after: int
    switch_day: int | None
    party: bool


def add_registrations(city: City) -> None:
    """Register most staff (each unit its own rate), some externals, a few pending claims."""
    rng, writer = city.rng, city.writer
    rates = [min(1.0, 0.65 + 0.4 * rng.random()) for _ in city.tops]
    rates[0] = 0.95
    account_id = writer.next_id("account")
    accounts, grants, registrations = [], [], []
    city.volunteers = []
    for staff in city.staff:
        before_the_year = staff.left_on is not None and staff.left_on < city.year_start
        top_before = city.top_of_unit[staff.first_unit]
        if rng.random() >= (0.5 if before_the_year else rates[top_before]):
            continue
        if before_the_year:
            registered_on = city.day_between(
                max(staff.hired_on, EARLIEST_REGISTRATION), staff.left_on - timedelta(days=1)
            )
        elif staff.hired_on >= city.year_start or rng.random() < 0.3:
            registered_on = city.day_between(max(staff.hired_on, city.year_start), city.today)
        else:
            earliest = max(staff.hired_on, EARLIEST_REGISTRATION)
            registered_on = city.day_between(earliest, city.year_start - timedelta(days=1))
        at = city.local_moment(registered_on, 9 * 60)
        accounts.append(
            (
                account_id,
                staff.staff_no,
                staff.phone,
                staff.name,
                city.password_hash,
                True,
                staff.id,
                at,
            )
        )
        grants.append((account_id, str(Role.VOLUNTEER), staff.unit_id, at))
        national = rng.random() < 0.15
        registrations.append(
            (
                str(RegistrationStatus.ACTIVE),
                str(RegistrationSource.NATIONAL_IMPORT if national else RegistrationSource.SELF),
                staff.id,
                account_id,
                staff.first_unit,
                False,
                None,
                staff.name,
                staff.staff_no,
                staff.phone,
                f"3301{rng.randrange(10**9):09d}" if national else None,
                writer.day(registered_on),
                at,
                at,
            )
        )
        if not before_the_year:
            city.volunteers.append(_volunteer(city, staff, account_id, registered_on))
        account_id += 1
    account_id = _outsiders(city, account_id, accounts, grants, registrations)
    writer.write("account", ACCOUNT_COLUMNS, writer.moments(accounts, (7,)))
    writer.write("role_grant", GRANT_COLUMNS, writer.moments(grants, (3,)))
    writer.write("registration", REGISTRATION_COLUMNS, writer.moments(registrations, (12, 13)))
    city.counts["accounts"], city.counts["registrations"] = len(accounts), len(registrations)
    city.advance("注册与账号 registrations and logins", len(accounts) * 3)


def _volunteer(city: City, staff: Staff, account_id: int, registered_on: date) -> Volunteer:
    """The days a staff member may serve this year: registered, hired and not yet gone."""
    start = max(city.year_start, staff.hired_on, registered_on)
    end = city.last_day
    if staff.left_on is not None:  # left_on is the first day out
        end = min(end, staff.left_on - timedelta(days=1))
    moved = None if staff.moved_on is None else (staff.moved_on - city.year_start).days
    return Volunteer(
        account_id,
        staff.id,
        (start - city.year_start).days,
        (end - city.year_start).days,
        city.top_of_unit[staff.first_unit],
        city.top_of_unit[staff.unit_id],
        moved,
        staff.party,
    )


def _outsiders(city: City, account_id: int, accounts, grants, registrations) -> int:
    """External volunteers (serve, never counted) and registrations awaiting a manager."""
    rng, writer = city.rng, city.writer
    externals = max(1, city.size.staff // 100)
    pending = min(10, len(city.tops))
    # Another seed, so the roster's names do not come back; its phones are taken already.
    people = make_people(externals + pending, seed=7_777 + city.place.number, taken=city.phones)
    for n, person in enumerate(people):
        top = city.tops[n % len(city.tops)]
        external = n < externals
        registered_on = city.day_between(city.year_start - timedelta(days=400), city.today)
        at = city.local_moment(registered_on, 10 * 60)
        prefix = EXTERNAL_PREFIX if external else PENDING_PREFIX
        accounts.append(
            (
                account_id,
                prefix + person.phone,
                person.phone,
                person.name,
                city.password_hash,
                external,
                None,
                at,
            )
        )
        status = RegistrationStatus.ACTIVE if external else RegistrationStatus.PENDING
        registrations.append(
            (
                str(status),
                str(RegistrationSource.SELF),
                None,
                account_id,
                top.id,
                external,
                rng.choice(AFFILIATIONS) if external else None,
                person.name,
                None if external else f"{top.index:02d}{rng.randrange(10**5):05d}",
                person.phone,
                None,
                writer.day(registered_on),
                at,
                at,
            )
        )
        if external:
            grants.append((account_id, str(Role.VOLUNTEER), top.id, at))
            first = max(0, (registered_on - city.year_start).days)
            city.volunteers.append(
                Volunteer(account_id, None, first, city.days - 1, top.index, top.index, None, False)
            )
        account_id += 1
    return account_id
