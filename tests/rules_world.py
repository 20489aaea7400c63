"""The example activity the hour-rule tests share: the default rules, 09:00–12:00 on 5 March
2026 in Shanghai, and shorthands for local times and minutes."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from volunteer.records.rules import HourRules

RULES = HourRules()
SHANGHAI = ZoneInfo("Asia/Shanghai")
# An activity from 09:00 to 12:00 local time (01:00–04:00 UTC).
START = datetime(2026, 3, 5, 9, 0, tzinfo=SHANGHAI)
END = datetime(2026, 3, 5, 12, 0, tzinfo=SHANGHAI)


def at(hour: int, minute: int = 0, *, day: int = 5) -> datetime:
    """Return a local time on 5 March 2026 (or another day of that month)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)
