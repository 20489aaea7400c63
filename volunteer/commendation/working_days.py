"""Working days for the notice period (公示): Saturdays and Sundays do not count.

Public holidays and the weekends worked in their place change every year by State Council
notice; a deployment that needs them passes them in as `holidays` and `workdays`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


def is_working_day(
    day: date, *, holidays: Collection[date] = (), workdays: Collection[date] = ()
) -> bool:
    """Say whether `day` is a working day: Monday to Friday, unless listed otherwise."""
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def first_working_day(
    day: date, *, holidays: Collection[date] = (), workdays: Collection[date] = ()
) -> date:
    """Return `day` if it is a working day, else the next one."""
    while not is_working_day(day, holidays=holidays, workdays=workdays):
        day += ONE_DAY
    return day


def notice_period(
    published_on: date,
    days: int,
    *,
    holidays: Collection[date] = (),
    workdays: Collection[date] = (),
) -> tuple[date, date]:
    """Return the first and last day of a notice of `days` working days published on a date.

    The notice starts on the day it is published when that is a working day, else on the next
    working day; its last day is the `days`-th working day counting the first.
    """
    if days < 1:
        raise ValueError("a notice lasts at least one working day")
    first = first_working_day(published_on, holidays=holidays, workdays=workdays)
    last, counted = first, 1
    while counted < days:
        last += ONE_DAY
        if is_working_day(last, holidays=holidays, workdays=workdays):
            counted += 1
    return first, last
