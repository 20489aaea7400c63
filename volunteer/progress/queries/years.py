"""Which year a figure is measured in: its reference date, its targets, the years offered."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from volunteer.clock import local_today
from volunteer.extensions import db
from volunteer.progress import figures
from volunteer.progress.figures import Measure
from volunteer.records.models import ServiceRecord
from volunteer.targets.models import YearlyTarget
from volunteer.targets.queries import target_for


def measure_for(year: int, today: date | None = None) -> Measure:
    """Return the year's reference date and targets; FutureYear for a year not yet begun."""
    today = today or local_today()
    target = target_for(year)
    return Measure(
        year=year,
        day=figures.reference_date(year, today),
        hours_target=target.hours_per_person,
        registration_target=target.registration_rate,
    )


def first_year() -> int:
    """Return the earliest year with a service record or a stored target (else this year)."""
    earliest_record, earliest_target = db.session.execute(
        select(
            select(func.min(ServiceRecord.service_date)).scalar_subquery(),
            select(func.min(YearlyTarget.year)).scalar_subquery(),
        )
    ).one()
    years = [local_today().year]
    if earliest_record is not None:
        # SQLite hands back the MIN of a date column as text.
        years.append(date.fromisoformat(str(earliest_record)[:10]).year)
    if earliest_target is not None:
        years.append(earliest_target)
    return min(years)
