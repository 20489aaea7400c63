"""The roster as the targets see it: one compact row per staff member, kept in step."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.people.models import EmploymentStatus


class RosterEntry(Model):
    """What docs/rules.md §4.3 needs of a staff member, copied from roster, registration and login.

    The progress figures read 30,000 of these (plus person_year_hours) instead of joining
    staff_member, registration and account per person: on SQLite those three lookups cost more
    than everything else. volunteer.progress.roster_sync keeps each row in step at every commit that
    touches its sources; `flask check-hours-totals` compares them all.
    """

    __tablename__ = "roster_entry"
    __table_args__ = {"sqlite_with_rowid": False}

    staff_member_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id"), primary_key=True, autoincrement=False
    )
    # The login whose records are this person's hours (None: no login yet, so no hours).
    account_id: Mapped[int | None]
    # The unit today; progress places people on a past date through staff_transfer. Indexed:
    # a unit's progress reads its subtree's entries only (queries.headcount.roster_of).
    unit_id: Mapped[int] = mapped_column(index=True)
    # The staff member's status copied as stored (the same strings, the same 16 characters).
    status: Mapped[EmploymentStatus] = mapped_column(stored_as_value(EmploymentStatus, 16))
    hired_on: Mapped[date | None]
    left_on: Mapped[date | None]
    party_member: Mapped[bool]
    # The date of the person's active registration (None: not registered, or still pending).
    registered_on: Mapped[date | None]


class UnitYearBreakdown(Model):
    """Approved hours, records and people of a unit's staff in a year, by one breakdown group.

    The unit is each person's roster unit today and `party` their roster party flag, so every
    person lies in exactly one (unit, party) and people add up across units and parties. The
    breakdown corrects for people placed elsewhere on D (volunteer.progress.breakdown_totals).
    `dimension` is 'all' (key 0), 'team', 'project', 'category' or 'theme'; key 0: in none.
    """

    __tablename__ = "unit_year_breakdown"
    __table_args__ = {"sqlite_with_rowid": False}

    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    party: Mapped[bool] = mapped_column(primary_key=True)
    dimension: Mapped[str] = mapped_column(String(8), primary_key=True)
    key_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    hours: Mapped[Decimal] = mapped_column(Numeric(10, 1), default=Decimal("0"))
    records: Mapped[int] = mapped_column(default=0)
    people: Mapped[int] = mapped_column(default=0)
