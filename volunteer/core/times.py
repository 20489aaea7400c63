"""Local dates and times as people read them; every page and message formats through here."""

from datetime import date, datetime

from volunteer.clock import local_time

# The formats are all digits, the same in every language, and every time is shown in the
# organisation's zone (i18n.select_timezone): written out here they give what Babel's patterns
# gave, at about a quarter of the cost per call.


def local_datetime(moment: datetime | None) -> str:
    """Show an aware moment in the organisation's zone: 2026-03-05 09:00."""
    if not moment:
        return ""
    local = local_time(moment)
    return f"{_ymd(local)} {local:%H:%M}"


def hhmm(moment: datetime | None) -> str:
    """Show the local time of day of an aware moment: 09:00."""
    return f"{local_time(moment):%H:%M}" if moment else ""


def local_date(moment: datetime | None) -> str:
    """Show the local date of an aware moment: 2026-03-05."""
    return _ymd(local_time(moment)) if moment else ""


def _ymd(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def day_text(day: date | None) -> str:
    """Show a calendar date the one way every page does: 2026-03-05."""
    return day.isoformat() if day else ""


def local_period(begin: datetime, end: datetime | None) -> str:
    """Show a start and an end, the end's date only when it is another day."""
    if end is None:
        return local_datetime(begin)
    same_day = local_date(begin) == local_date(end)
    return f"{local_datetime(begin)} – {hhmm(end) if same_day else local_datetime(end)}"
