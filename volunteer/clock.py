"""The current time, in UTC for storage and in the organisation's zone for dates people see."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import DateTime, Dialect
from sqlalchemy.types import TypeDecorator


def utc_now() -> datetime:
    """Return the current moment as an aware UTC datetime."""
    return datetime.now(UTC)


def local_zone() -> ZoneInfo:
    """Return the organisation's time zone (default Asia/Shanghai)."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def local_today() -> date:
    """Return today's date in the organisation's time zone, not the server's."""
    return local_day(utc_now())


def local_day(moment: datetime) -> date:
    """Return the calendar day `moment` falls on in the organisation's time zone."""
    return local_time(moment).date()


def local_time(moment: datetime) -> datetime:
    """Return `moment` on the organisation's clock; a naive moment is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(local_zone())


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as naive UTC (portable to SQLite) and hand them back aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use clock.utc_now() or an aware value")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)
