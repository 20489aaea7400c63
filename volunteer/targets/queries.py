"""Reads of the yearly targets, falling back to the configured defaults."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app

from volunteer.extensions import db
from volunteer.targets.models import YearlyTarget


@dataclass(frozen=True)
class Target:
    """The targets a year is measured against; `stored` is False when they are the defaults."""

    year: int
    registration_rate: Decimal
    hours_per_person: Decimal
    document: str | None = None
    stored: bool = False


def default_target(year: int) -> Target:
    """Return the configured defaults (100% and 48 h unless the settings say otherwise)."""
    config = current_app.config
    return Target(
        year=year,
        registration_rate=Decimal(str(config["DEFAULT_REGISTRATION_RATE_TARGET"])),
        hours_per_person=Decimal(str(config["DEFAULT_HOURS_TARGET"])),
    )


def target_for(year: int) -> Target:
    """Return the year's targets: its stored row, or the defaults."""
    row = db.session.get(YearlyTarget, year)
    if row is None:
        return default_target(year)
    return Target(
        year=row.year,
        registration_rate=row.registration_rate,
        hours_per_person=row.hours_per_person,
        document=row.document,
        stored=True,
    )


def stored_targets() -> list[YearlyTarget]:
    """Return every year's stored targets, latest year first."""
    return list(db.session.scalars(db.select(YearlyTarget).order_by(YearlyTarget.year.desc())))
