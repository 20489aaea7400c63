"""What the city's generation steps share: its size, calendar, tree and the people so far."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from volunteer.clock import local_zone
from volunteer.demo.city_write import BulkWriter

# Reports progress: (what is being done, how many more rows are written).
Advance = Callable[[str, int], None]


@dataclass(frozen=True)
class CitySize:
    """How big a city to generate; the default is the issue's city scale."""

    units: int = 60
    departments: int = 5  # per unit
    staff: int = 30_000
    records: int = 1_200_000


@dataclass(frozen=True)
class Place:
    """Where a city sits: alone (the defaults) or as one of a province's cities, whose unit
    codes, staff numbers (the volunteers' logins) and external volunteers must differ."""

    name: str = "示范市"  # in its units' names
    code: str = "WJW"  # its commission's code
    prefix: str = ""  # before its units' codes: "C01-" in a province
    staff_prefix: str = ""  # before its staff numbers: "01" in a province
    number: int = 0  # 0 alone, 1… in a province: picks the external volunteers' seed


@dataclass
class Top:
    """A unit directly under the commission, or the commission itself: where people serve."""

    index: int
    id: int
    code: str
    name: str
    kind: str  # hospital, public_health, community or commission
    departments: list[int]
    weight: float  # share of the staff


@dataclass
class City:
    """What the generation steps share: the calendar, the tree and the people written so far."""

    rng: random.Random
    writer: BulkWriter
    size: CitySize
    today: date
    advance: Advance
    password_hash: str
    place: Place = field(default_factory=Place)
    # Every phone given out so far, the province's when the city is one of its own: unique logins.
    phones: set[str] = field(default_factory=set)
    tops: list[Top] = field(default_factory=list)
    top_of_unit: dict[int, int] = field(default_factory=dict)  # unit id -> Top.index
    admin_id: int = 0
    manager_id: int = 0
    staff: list = field(default_factory=list)  # city_staff.Staff
    volunteers: list = field(default_factory=list)  # city_registrations.Volunteer
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def year_start(self) -> date:
        return date(self.today.year, 1, 1)

    @property
    def last_day(self) -> date:
        """Records end yesterday: nothing is dated in the future, no session is open."""
        return self.today - timedelta(days=1)

    @property
    def days(self) -> int:
        """Days of service in the year so far (0 on 1 January)."""
        return max(0, (self.last_day - self.year_start).days + 1)

    def day_between(self, first: date, last: date) -> date:
        """A random day in [first, last]; `first` when the range is empty."""
        span = (last - first).days
        return first if span <= 0 else first + timedelta(days=self.rng.randrange(span + 1))

    def local_moment(self, day: date, minutes: int = 0) -> datetime:
        """Return local `day` at 00:00 plus `minutes`, as a naive UTC datetime for writing."""
        moment = datetime.combine(day, time(), local_zone()) + timedelta(minutes=minutes)
        return moment.astimezone(UTC).replace(tzinfo=None)
