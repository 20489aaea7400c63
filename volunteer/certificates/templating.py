"""What the volunteer's home page and the person page show of certificates: the star standard."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _

from volunteer.auth.models import Account
from volunteer.certificates import queries
from volunteer.certificates.stars import hours_to_next_star, star_level
from volunteer.extensions import db
from volunteer.people.models import StaffMember


@dataclass(frozen=True)
class Standing:
    """A person's cumulative approved hours and the star standard they reach."""

    account_id: int | None
    hours: Decimal
    stars: int
    to_next: Decimal | None

    @property
    def statement(self) -> str:
        """Say which standard the hours reach ("" below one star): a standard, not an award."""
        if not self.stars:
            return ""
        return _("累计服务时长达到%(n)d星级志愿者标准", n=self.stars)


def person_standing(account_id: int | None) -> Standing:
    """Return an account's cumulative hours against the star thresholds."""
    if account_id is None:
        return Standing(None, Decimal(0), 0, None)
    thresholds = current_app.config["STAR_THRESHOLDS"]
    hours = queries.cumulative_hours(account_id)
    return Standing(
        account_id, hours, star_level(hours, thresholds), hours_to_next_star(hours, thresholds)
    )


def staff_standing(person: StaffMember) -> Standing:
    """Return a staff member's standing through their login (none: no hours yet)."""
    account_id = db.session.scalar(
        db.select(Account.id).where(Account.staff_member_id == person.id)
    )
    return person_standing(account_id)
