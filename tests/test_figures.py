"""The pure arithmetic of docs/rules.md §4: reference date, pace and its edges, what a person
needs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from volunteer.progress import figures
from volunteer.progress.figures import FutureYear, PaceStatus

H48 = Decimal("48")


def test_reference_date_is_today_this_year_and_31_december_before():
    today = date(2026, 11, 23)
    assert figures.reference_date(2026, today) == today
    assert figures.reference_date(2025, today) == date(2025, 12, 31)
    with pytest.raises(FutureYear):
        figures.reference_date(2027, today)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 1), Decimal("0.13")),  # 48 × 1 / 365
        (date(2026, 7, 2), Decimal("24.07")),  # day 183 of 365
        (date(2026, 12, 31), Decimal("48.00")),
        (date(2028, 12, 31), Decimal("48.00")),  # a leap year has 366 days
        (date(2028, 2, 29), Decimal("7.87")),  # day 60 of 366
    ],
)
def test_pace_is_the_target_times_the_share_of_the_year_gone(day, expected):
    assert figures.pace(H48, day) == expected


# On 31 December the pace is the whole target: 48 h, and 80% of it 38.4 h.
@pytest.mark.parametrize(
    ("hours", "people", "status"),
    [
        (Decimal("48"), 1, PaceStatus.ON_TRACK),  # exactly on the line
        (Decimal("47.9"), 1, PaceStatus.AT_RISK),
        (Decimal("38.4"), 1, PaceStatus.AT_RISK),  # exactly 80%
        (Decimal("38.3"), 1, PaceStatus.BEHIND),
        (Decimal("480"), 10, PaceStatus.ON_TRACK),
        (Decimal("383.9"), 10, PaceStatus.BEHIND),
        (Decimal("0"), 0, PaceStatus.BEHIND),  # nobody in service: nothing on track
    ],
)
def test_pace_status_edges(hours, people, status):
    assert figures.pace_status(hours, people, H48, date(2026, 12, 31)) == status


def test_pace_status_compares_exactly_not_after_rounding():
    # Day 100: pace = 48 × 100 / 365 = 13.150684…; 13.15 h rounds to the pace but is below it.
    day = date(2026, 4, 10)
    assert figures.day_of_year(day) == 100
    assert figures.pace_status(Decimal("13.15"), 1, H48, day) == PaceStatus.AT_RISK
    assert figures.pace_status(Decimal("13.16"), 1, H48, day) == PaceStatus.ON_TRACK


def test_shares_and_hours_per_person():
    assert figures.share(2, 3) == Decimal("0.6667")
    assert figures.share(0, 0) is None
    assert figures.per_person(Decimal("100"), 3) == Decimal("33.33")
    assert figures.per_person(Decimal("5"), 0) == Decimal("0.00")


def test_hours_still_needed_never_go_negative():
    assert figures.hours_still_needed(H48, Decimal("30.5")) == Decimal("17.5")
    assert figures.hours_still_needed(H48, Decimal("60")) == Decimal("0.0")


def test_weekly_rate_counts_today_and_stops_when_the_year_is_over():
    today = date(2026, 12, 25)  # 7 days left, today included
    assert figures.weekly_rate_needed(Decimal("14"), today, today) == Decimal("14.0")
    assert figures.weekly_rate_needed(Decimal("0"), today, today) == Decimal("0.0")
    past = date(2025, 12, 31)
    assert figures.weekly_rate_needed(Decimal("14"), past, today) is None


def test_monthly_pace_line_ends_at_the_target():
    line = figures.monthly_pace_line(H48, 2026)
    assert len(line) == 12
    assert line[0] == Decimal("4.08")  # 48 × 31 / 365
    assert line[-1] == Decimal("48.00")
    assert line == sorted(line)
