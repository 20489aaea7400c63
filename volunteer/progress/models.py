"""The roster as the targets see it: one compact row per staff member, kept in step."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from volunteer.extensions import db


class RosterEntry(db.Model):
    """What DESIGN §4 needs of one staff member, copied from the roster, registration and login.

    The progress figures read 30,000 of these (plus person_year_hours) instead of joining
    staff_member, registration and account per person: on SQLite those three lookups cost more
    than everything else. volunteer.progress.roster keeps each row in step at every commit that
    touches its sources; `flask check-hours-totals` compares them all.
    """

    __tablename__ = "roster_entry"
    __table_args__ = {"sqlite_with_rowid": False}

    staff_member_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id"), primary_key=True, autoincrement=False
    )
    # The login whose records are this person's hours (None: no login yet, so no hours).
    account_id: Mapped[int | None]
    # The unit today; progress places people on a past date through staff_transfer.
    unit_id: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    hired_on: Mapped[date | None]
    left_on: Mapped[date | None]
    party_member: Mapped[bool]
    # The date of the person's active registration (None: not registered, or still pending).
    registered_on: Mapped[date | None]
