"""Reads of the yearly targets, falling back to the configured defaults."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from flask import current_app

from volunteer.auth.models import Account
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


def editor_names(rows: Iterable[YearlyTarget]) -> dict[int, str]:
    """Map the accounts that last set these years' targets to their display names."""
    editor_ids = {row.updated_by_id for row in rows if row.updated_by_id}
    query = db.select(Account.id, Account.display_name).where(Account.id.in_(editor_ids))
    return dict(db.session.execute(query).all())


@dataclass(frozen=True)
class HoursTowardTarget:
    """A person's approved hours of a year against the hours-per-person target."""

    approved: Decimal
    target: Decimal

    @property
    def reached(self) -> bool:
        return self.approved >= self.target

    @property
    def missing(self) -> Decimal:
        """Return the hours still to serve (0 once the target is reached)."""
        return max(self.target - self.approved, Decimal(0))

    @property
    def bar_value(self) -> Decimal:
        """Return how far a progress bar that ends at the target is filled."""
        return min(self.approved, self.target)


def hours_toward_target(approved: Decimal, year: int) -> HoursTowardTarget:
    """Compare a person's approved hours of `year` with that year's hours-per-person target."""
    return HoursTowardTarget(approved=approved, target=target_for(year).hours_per_person)
