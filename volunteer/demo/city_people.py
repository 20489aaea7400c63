"""The city's roster and registrations: staff who left, joined or moved during the year, and
the logins, volunteer roles and registrations of those who registered (about 82 %)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING

from volunteer.auth.models import Role
from volunteer.demo.people import make_people
from volunteer.people.models import PARTY_MEMBER_STATUSES, EmploymentStatus
from volunteer.people.services import AUDITED_FIELDS
from volunteer.registration.models import RegistrationSource, RegistrationStatus
from volunteer.registration.services import EXTERNAL_PREFIX, PENDING_PREFIX

if TYPE_CHECKING:
    from volunteer.demo.city import City

# Shares of the staff who left before the year, left during it, joined during it, or moved.
FATES = [("left_before", 0.015), ("left", 0.04), ("hired", 0.03), ("moved", 0.02)]
AT_THE_COMMISSION = 0.005  # the commission's own office staff
AT_THE_UNIT_ITSELF = 0.02  # hospital staff attached to no department
EARLIEST_REGISTRATION = date(2018, 3, 5)
AFFILIATIONS = ["示范市卫生职业技术学院", "示范医学院", "社区居民", "患者家属", "退休医务人员"]

# The roster's own fields (those the services audit) with the id and timestamps.
STAFF_COLUMNS = ["id", *AUDITED_FIELDS, "created_at", "updated_at"]
TRANSFER_COLUMNS = [
    "staff_member_id",
    "from_unit_id",
    "to_unit_id",
    "effective_on",
    "reason",
    "recorded_at",
]
ACCOUNT_COLUMNS = [
    "id",
    "username",
    "phone",
    "display_name",
    "password_hash",
    "active",
    "staff_member_id",
    "session_version",
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
class Staff:
    """One generated staff member, as far as registrations and records need to know."""

    id: int
    staff_no: str
    name: str
    phone: str
    first_unit: int  # the unit on 1 January (before any move)
    unit_id: int  # the unit today
    hired_on: date
    left_on: date | None
    moved_on: date | None
    party: bool


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


def add_staff(city: City) -> None:
    """Write the roster, with leavers, this year's hires and moves (StaffTransfer rows)."""
    rng, size, writer = city.rng, city.size, city.writer
    people = make_people(size.staff, seed=rng.randrange(10**6))
    units = city.tops[1:]
    cumulative = list(accumulate(top.weight for top in units))
    numbers = [0] * len(city.tops)
    next_id = writer.next_id("staff_member")
    city.staff = []
    rows, transfers = [], []
    # The roster as imported on 1 January.
    imported = city.local_moment(city.year_start)
    for person, fate in zip(people, _fates(rng, size.staff), strict=True):
        if rng.random() < AT_THE_COMMISSION:
            top = city.tops[0]
        else:
            top = units[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
        alone = not top.departments or rng.random() < AT_THE_UNIT_ITSELF
        unit_id = top.id if alone else rng.choice(top.departments)
        numbers[top.index] += 1
        staff_no = f"{top.index:02d}{numbers[top.index]:05d}"
        hired_on = min(person.hired_on, city.year_start - timedelta(days=1))
        status, left_on, moved_on, first_unit = EmploymentStatus.ACTIVE, None, None, unit_id
        if fate == "left_before":
            status = rng.choice([EmploymentStatus.LEFT, EmploymentStatus.RETIRED])
            hired_on = min(hired_on, city.year_start - timedelta(days=400))
            left_on = city.day_between(hired_on + timedelta(days=30), city.year_start)
            left_on = min(left_on, city.year_start - timedelta(days=1))
        elif fate == "left":
            status = rng.choice([EmploymentStatus.LEFT, EmploymentStatus.RETIRED])
            left_on = city.day_between(city.year_start + timedelta(days=9), city.today)
        elif fate == "hired":
            hired_on = city.day_between(city.year_start, city.today - timedelta(days=14))
        elif fate == "moved":
            moved_on = city.day_between(
                city.year_start + timedelta(days=14), city.today - timedelta(days=7)
            )
            unit_id = _new_unit(city, top, unit_id, cumulative, units)
            recorded = city.local_moment(moved_on, 9 * 60)
            transfers.append(
                (next_id, first_unit, unit_id, writer.day(moved_on), "工作调动", recorded)
            )
        party = person.political_status in PARTY_MEMBER_STATUSES
        id_card = person.id_card if rng.random() < 0.85 else None
        rows.append(
            (
                next_id,
                staff_no,
                person.name,
                unit_id,
                person.phone,
                person.gender,
                id_card,
                person.political_status,
                writer.day(hired_on),
                str(status),
                writer.day(left_on),
                imported,
                imported,
            )
        )
        city.staff.append(
            Staff(
                next_id,
                staff_no,
                person.name,
                person.phone,
                first_unit,
                unit_id,
                hired_on,
                left_on,
                moved_on,
                party,
            )
        )
        next_id += 1
    writer.write("staff_member", STAFF_COLUMNS, _moments(writer, rows, (11, 12)))
    writer.write("staff_transfer", TRANSFER_COLUMNS, _moments(writer, transfers, (5,)))
    city.counts["staff"], city.counts["transfers"] = len(rows), len(transfers)
    city.advance("职工 staff", len(rows))


def _fates(rng, count: int) -> list[str]:
    """What happens to each person this year; at least one of each, however small the city."""
    fates = []
    for fate, share in FATES:
        fates += [fate] * max(1, round(share * count))
    fates += ["stays"] * (count - len(fates))
    rng.shuffle(fates)
    return fates[:count]


def _new_unit(city: City, top, unit_id: int, cumulative: list[float], units: list) -> int:
    """A move: half to another department of the same unit, half to another unit."""
    rng = city.rng
    choices = [d for d in top.departments if d != unit_id]
    if not choices or rng.random() >= 0.5:
        other = units[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
        choices = [d for d in other.departments or [other.id] if d != unit_id]
    if not choices:  # the only unit of a tiny city: move to the commission
        return city.tops[0].id
    return rng.choice(choices)


def _moments(writer, rows: list[tuple], positions: tuple[int, ...]) -> list[tuple]:
    """Turn the naive UTC datetimes at `positions` into the database's form."""
    if writer.postgres:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for position in positions:
            row[position] = writer.moment(row[position])
        converted.append(tuple(row))
    return converted


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
                1,
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
    writer.write("account", ACCOUNT_COLUMNS, _moments(writer, accounts, (8,)))
    writer.write("role_grant", GRANT_COLUMNS, _moments(writer, grants, (3,)))
    writer.write("registration", REGISTRATION_COLUMNS, _moments(writer, registrations, (12, 13)))
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
    # Another seed: the roster's phones and names must not come back.
    taken = {staff.phone for staff in city.staff}
    people = [p for p in make_people(externals + pending + 50, seed=7_777) if p.phone not in taken]
    for n, person in enumerate(people[: externals + pending]):
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
                1,
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
