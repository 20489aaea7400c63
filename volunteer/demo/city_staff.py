"""The city's roster: staff who left before or during the year, joined during it, or moved."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from volunteer.demo.city_state import City, Top
from volunteer.demo.people import make_people
from volunteer.people.models import PARTY_MEMBER_STATUSES, EmploymentStatus
from volunteer.people.services.roster import AUDITED_FIELDS

# Shares of the staff who left before the year, left during it, joined during it, or moved.
FATES = [("left_before", 0.015), ("left", 0.04), ("hired", 0.03), ("moved", 0.02)]
AT_THE_COMMISSION = 0.005  # the commission's own office staff
AT_THE_UNIT_ITSELF = 0.02  # hospital staff attached to no department

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


def add_staff(city: City) -> None:
    """Write the roster, with leavers, this year's hires and moves (StaffTransfer rows)."""
    rng, size, writer = city.rng, city.size, city.writer
    people = make_people(size.staff, seed=rng.randrange(10**6), taken=city.phones)
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
        staff_no = f"{city.place.staff_prefix}{top.index:02d}{numbers[top.index]:05d}"
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
    writer.write("staff_member", STAFF_COLUMNS, writer.moments(rows, (11, 12)))
    writer.write("staff_transfer", TRANSFER_COLUMNS, writer.moments(transfers, (5,)))
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


def _new_unit(city: City, top: Top, unit_id: int, cumulative: list[float], units: list) -> int:
    """A move: half to another department of the same unit, half to another unit."""
    rng = city.rng
    choices = [d for d in top.departments if d != unit_id]
    if not choices or rng.random() >= 0.5:
        other = units[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
        choices = [d for d in other.departments or [other.id] if d != unit_id]
    if not choices:  # the only unit of a tiny city: move to the commission
        return city.tops[0].id
    return rng.choice(choices)
