"""Local dates and times as people read them; every page and message formats through here."""

from datetime import date, datetime

from flask_babel import format_datetime


def local_datetime(moment: datetime | None) -> str:
    """Show an aware moment in the organisation's zone: 2026-03-05 09:00."""
    return format_datetime(moment, "yyyy-MM-dd HH:mm") if moment else ""


def hhmm(moment: datetime | None) -> str:
    """Show the local time of day of an aware moment: 09:00."""
    return format_datetime(moment, "HH:mm") if moment else ""


def local_date(moment: datetime | None) -> str:
    """Show the local date of an aware moment: 2026-03-05."""
    return format_datetime(moment, "yyyy-MM-dd") if moment else ""


def day_text(day: date | None) -> str:
    """Show a calendar date the one way every page does: 2026-03-05."""
    return day.isoformat() if day else ""


def local_period(begin: datetime, end: datetime | None) -> str:
    """Show a start and an end, the end's date only when it is another day."""
    if end is None:
        return local_datetime(begin)
    same_day = local_date(begin) == local_date(end)
    return f"{local_datetime(begin)} – {hhmm(end) if same_day else local_datetime(end)}"
