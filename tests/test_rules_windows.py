"""The sign-in and sign-out windows around an activity (docs/rules.md §3), the number of
sessions one person may have at an activity in a day, and when two sessions overlap: every
boundary as a table of examples, no database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from rules_world import END, RULES, START, at, minutes

from volunteer.records import rules
from volunteer.records.rules import RuleBroken

# --- Windows -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "refusal"),
    [
        pytest.param(START - minutes(61), "签到尚未开始", id="61 min before start → refused"),
        pytest.param(START - minutes(60), None, id="60 min before start → open"),
        pytest.param(START - minutes(59), None, id="59 min before start → open"),
        pytest.param(START, None, id="at start → open"),
        pytest.param(END - minutes(1), None, id="1 min before end → open"),
        pytest.param(END - timedelta(seconds=1), None, id="1 s before end → open"),
        pytest.param(END, "活动已结束", id="at end → refused"),
        pytest.param(END + minutes(1), "活动已结束", id="after end → refused"),
    ],
)
def test_sign_in_window(moment, refusal):
    if refusal is None:
        rules.check_sign_in_window(moment, START, END, RULES)
    else:
        with pytest.raises(RuleBroken) as refused:
            rules.check_sign_in_window(moment, START, END, RULES)
        assert refusal in refused.value.message


def test_sign_in_too_early_names_the_minutes():
    with pytest.raises(RuleBroken) as refused:
        rules.check_sign_in_window(START - minutes(61), START, END, RULES)
    assert refused.value.params == {"minutes": 60}
    assert rules.sign_in_opens_at(START, RULES) == START - minutes(60)


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        pytest.param(END, True, id="at end → accepted"),
        pytest.param(END + minutes(119), True, id="end + 1 h 59 → accepted"),
        pytest.param(END + minutes(120), True, id="end + 2 h exactly → accepted"),
        pytest.param(END + minutes(121), False, id="end + 2 h 01 → forgotten"),
        pytest.param(END + timedelta(minutes=120, seconds=1), False, id="end + 2 h 00 s 1 → late"),
    ],
)
def test_sign_out_window(moment, accepted):
    assert rules.is_forgotten(moment, END, RULES) is not accepted
    assert rules.sign_out_closes_at(END, RULES) == END + minutes(120)


# --- Sessions per day and overlaps -------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier_sessions", "allowed"),
    [
        pytest.param(0, True, id="first session → ok"),
        pytest.param(2, True, id="2 earlier → third ok"),
        pytest.param(3, False, id="3 earlier → fourth refused"),
        pytest.param(4, False, id="4 earlier → refused"),
    ],
)
def test_sessions_per_day(earlier_sessions, allowed):
    if allowed:
        rules.check_sessions_per_day(earlier_sessions, RULES)
    else:
        with pytest.raises(RuleBroken) as refused:
            rules.check_sessions_per_day(earlier_sessions, RULES)
        assert refused.value.params == {"count": 3}


@pytest.mark.parametrize(
    ("begin", "end", "others", "clash"),
    [
        pytest.param(at(10), at(11), [], None, id="nothing else → none"),
        pytest.param(at(10), at(11), [(at(9), at(10))], None, id="touching before → none"),
        pytest.param(at(10), at(11), [(at(11), at(12))], None, id="touching after → none"),
        pytest.param(
            at(10), at(11), [(at(9), at(10, 1))], (at(9), at(10, 1)), id="1 min shared → clash"
        ),
        pytest.param(
            at(10), at(11), [(at(10, 15), at(10, 30))], (at(10, 15), at(10, 30)), id="inside"
        ),
        pytest.param(at(10), at(11), [(at(9), at(12))], (at(9), at(12)), id="around"),
        pytest.param(
            at(10),
            at(11),
            [(at(8), at(9)), (at(10, 59), at(12))],
            (at(10, 59), at(12)),
            id="the first that clashes",
        ),
    ],
)
def test_overlaps(begin, end, others, clash):
    assert rules.overlaps(begin, end, others) == clash
