"""The rules of a session still open, as a table of examples: when the next half hour counts,
which sign-out asks to confirm, and when everyone may be signed out at once. No database."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from volunteer.records import open_session
from volunteer.records.rules import HourRules

RULES = HourRules()
SHANGHAI = ZoneInfo("Asia/Shanghai")
# An activity from 09:00 to 12:00 local time.
START = datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI)
END = datetime(2026, 3, 5, 12, 0, tzinfo=SHANGHAI)


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(2026, 3, 5, hour, minute, second, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("signed_in", "now", "hours", "minutes_left", "next_hours"),
    [
        pytest.param(at(9), at(9, 15), "0", 1, "0.5", id="15 min: 1 more for 0.5"),
        pytest.param(at(9), at(9, 15, 30), "0", 1, "0.5", id="15.5 min: rounds up to 1 more"),
        pytest.param(at(9), at(9, 16), "0.5", 30, "1", id="16 min: 30 more for 1"),
        pytest.param(at(9), at(9, 45), "0.5", 1, "1", id="45 min: 1 more for 1"),
        pytest.param(at(9), at(9, 46), "1", 30, "1.5", id="46 min: 1 h 16 is the next step"),
        pytest.param(at(9), at(10, 0), "1", 16, "1.5", id="1 h: 16 more"),
        pytest.param(at(8, 50), at(8, 55), "0", 21, "0.5", id="before the start: from 09:00"),
        pytest.param(at(10, 30), at(11, 45), "1", 1, "1.5", id="late starter: own minutes"),
    ],
)
def test_next_half_hour(signed_in, now, hours, minutes_left, next_hours):
    credit = open_session.next_credit(signed_in, now, START, END, RULES)
    assert credit.hours == Decimal(hours)
    assert credit.minutes_left(now) == minutes_left
    assert credit.next_hours == Decimal(next_hours)
    # At most what a sign-out at the end would credit: 3 h, or 1.5 h from 10:30.
    assert credit.most == Decimal("1.5" if signed_in == at(10, 30) else "3")


@pytest.mark.parametrize(
    ("signed_in", "now", "hours", "most", "ended"),
    [
        pytest.param(at(9), at(11, 50), "3", "3", False, id="2 h 50: 3 h, the end comes first"),
        pytest.param(at(9, 50), at(11, 40), "2", "2", False, id="1 h 50: 2 h 16 is after 12:00"),
        pytest.param(at(9), at(12, 30), "3", "3", True, id="after the end"),
    ],
)
def test_no_next_step_after_the_end(signed_in, now, hours, most, ended):
    credit = open_session.next_credit(signed_in, now, START, END, RULES)
    assert credit.at is None and credit.minutes_left(now) is None and credit.next_hours is None
    assert (credit.hours, credit.most, credit.ended) == (Decimal(hours), Decimal(most), ended)


def test_the_steps_follow_the_rounding_thresholds():
    rules = HourRules(round_down_up_to=5, round_half_up_to=35)
    credit = open_session.next_credit(at(9), at(9, 5), START, END, rules)
    assert (credit.minutes_left(at(9, 5)), credit.next_hours) == (1, Decimal("0.5"))


@pytest.mark.parametrize(
    ("after", "asks"),
    [
        (timedelta(seconds=0), True),
        (timedelta(minutes=9, seconds=59), True),
        (timedelta(minutes=10), False),
        (timedelta(minutes=30), False),
    ],
)
def test_a_sign_out_within_ten_minutes_asks_to_confirm(after, asks):
    assert open_session.is_quick_sign_out(at(9), at(9) + after) is asks


@pytest.mark.parametrize(
    ("now", "is_open"),
    [
        (at(11, 29), False),
        (at(11, 30), True),
        (at(12, 0), True),
        (at(13, 59), True),
        (at(14, 0), False),
    ],
)
def test_everyone_may_be_signed_out_from_half_an_hour_before_the_end(now, is_open):
    window = open_session.closing_window(END, RULES)
    assert window.is_open(now) is is_open
