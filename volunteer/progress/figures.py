"""The arithmetic of docs/rules.md §4: reference date, pace, its status, what a person still needs.

Pure: no Flask, no database. Comparisons against pace cross-multiply integers and Decimals, so
a unit exactly on the pace line is on track rather than lost to a rounding error.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from volunteer.texts import N_

# A unit is at risk from 80% of pace, behind below that (docs/rules.md §4.6).
AT_RISK_SHARE = Decimal("0.8")
ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")


class PaceStatus(StrEnum):
    """Where a unit or person stands against the pace line on the reference date."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    BEHIND = "behind"

    @property
    def label(self) -> str:
        """Name the status in Chinese; pages translate it, documents sent up keep it as it is."""
        return PACE_LABELS[self]

    @property
    def tone(self) -> str:
        """The badge's tone: ok, warn or err (a unit that cannot be judged reads as behind)."""
        return PACE_TONES[self]


PACE_LABELS = {
    PaceStatus.ON_TRACK: N_("进度正常"),
    PaceStatus.AT_RISK: N_("存在风险"),
    PaceStatus.BEHIND: N_("进度滞后"),
}
PACE_TONES = {PaceStatus.ON_TRACK: "ok", PaceStatus.AT_RISK: "warn", PaceStatus.BEHIND: "err"}


class FutureYear(ValueError):
    """A year that has not begun has no figures yet."""


def reference_date(year: int, today: date) -> date:
    """Return D: today for the current year, 31 December for a past one."""
    if year > today.year:
        raise FutureYear(year)
    return today if year == today.year else date(year, 12, 31)


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def day_of_year(day: date) -> int:
    return day.timetuple().tm_yday


def pace(target_hours: Decimal, day: date) -> Decimal:
    """Return the hours per person expected by `day`: target × day of year / days in year."""
    exact = Decimal(target_hours) * day_of_year(day) / days_in_year(day.year)
    return exact.quantize(TWO_PLACES, ROUND_HALF_UP)


def pace_status(hours: Decimal, people: int, target_hours: Decimal, day: date) -> PaceStatus:
    """Judge `hours` shared by `people` against the pace on `day`.

    hours / people ≥ target × doy / days  ⇔  hours × days ≥ target × doy × people.
    A unit with nobody in service has nothing on track: it reads as behind.
    """
    if people <= 0:
        return PaceStatus.BEHIND
    done = Decimal(hours) * days_in_year(day.year)
    due = Decimal(target_hours) * day_of_year(day) * people
    if done >= due:
        return PaceStatus.ON_TRACK
    if done >= due * AT_RISK_SHARE:
        return PaceStatus.AT_RISK
    return PaceStatus.BEHIND


def share(part: int | Decimal, whole: int) -> Decimal | None:
    """Return part / whole as a fraction to four places, or None when there is no whole."""
    if whole <= 0:
        return None
    return (Decimal(part) / whole).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def per_person(hours: Decimal, people: int) -> Decimal:
    """Return hours per person to two places (0 for nobody)."""
    if people <= 0:
        return Decimal("0.00")
    return (Decimal(hours) / people).quantize(TWO_PLACES, ROUND_HALF_UP)


def hours_still_needed(target_hours: Decimal, approved: Decimal) -> Decimal:
    """Return the hours a person still needs to reach the year's target (never negative)."""
    return max(Decimal(target_hours) - Decimal(approved), Decimal("0")).quantize(ONE_PLACE)


def weekly_rate_needed(needed: Decimal, day: date, today: date) -> Decimal | None:
    """Return the hours per week that reach the target by 31 December, counting from `day`.

    None once the year is over (a past year is measured on 31 December and cannot change).
    """
    if day < today or needed <= 0:
        return None if day < today else Decimal("0.0")
    days_left = (date(day.year, 12, 31) - day).days + 1  # today still counts
    return (Decimal(needed) * 7 / days_left).quantize(ONE_PLACE, ROUND_HALF_UP)


@dataclass(frozen=True)
class Measure:
    """What a figure is measured against: the year, its reference date and its targets."""

    year: int
    day: date
    hours_target: Decimal
    registration_target: Decimal

    @property
    def pace(self) -> Decimal:
        return pace(self.hours_target, self.day)

    @property
    def is_past(self) -> bool:
        return self.day == date(self.year, 12, 31)


def monthly_pace_line(target_hours: Decimal, year: int) -> list[Decimal]:
    """Return the cumulative hours per person expected at the end of each month."""
    line = []
    for month in range(1, 13):
        last = date(year, month, calendar.monthrange(year, month)[1])
        line.append(pace(target_hours, last))
    return line


@dataclass(frozen=True)
class PersonYear:
    """One person's year against the target: what they have and what they still need."""

    approved: Decimal
    make_up: Decimal
    pending: Decimal
    needed: Decimal
    weekly_needed: Decimal | None
    pace_status: PaceStatus


# Hours as a query hands them back: Decimal, a float from SQLite's sums, 0 or None.
HoursValue = Decimal | float | int | None


def person_year(
    approved: HoursValue,
    make_up: HoursValue,
    pending: HoursValue,
    measure: Measure,
    today: date,
) -> PersonYear:
    """Judge one person's approved hours against the year's target and pace."""
    hours = Decimal(str(approved or 0)).quantize(ONE_PLACE)
    needed = hours_still_needed(measure.hours_target, hours)
    return PersonYear(
        approved=hours,
        make_up=Decimal(str(make_up or 0)).quantize(ONE_PLACE),
        pending=Decimal(str(pending or 0)).quantize(ONE_PLACE),
        needed=needed,
        weekly_needed=weekly_rate_needed(needed, measure.day, today),
        pace_status=pace_status(hours, 1, measure.hours_target, measure.day),
    )
