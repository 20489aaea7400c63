"""Find what a form names: a recent activity, an activity by number, a volunteer to make up for."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased, selectinload

from volunteer.activities.models import Activity, ActivityStatus
from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.people.search import matching
from volunteer.people.search_text import PersonQuery
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.scanner.reach import within_reach
from volunteer.units.models import Unit

RECENT_ACTIVITY_DAYS = 60
VOLUNTEER_SEARCH_LIMIT = 20


def recent_activities(days: int = RECENT_ACTIVITY_DAYS) -> list[Activity]:
    """Return the organisation's activities that began in the last `days` days."""
    now = utc_now()
    return list(
        db.session.scalars(
            select(Activity)
            .where(
                Activity.starts_at >= now - timedelta(days=days),
                Activity.starts_at <= now,
                Activity.status == ActivityStatus.SCHEDULED,
            )
            .order_by(Activity.starts_at.desc())
        )
    )


def activity_by_number(number: str) -> Activity | None:
    """Find an activity by its number (HD000123, or the bare digits)."""
    digits = number.upper().removeprefix("HD").lstrip("0")
    if not digits.isdigit():
        return None
    return db.session.get(Activity, int(digits))


def _volunteers_in_reach(activity: Activity, searcher: Account) -> Select:
    """Select (Account, Registration) of the registered volunteers the activity may take."""
    home_unit = aliased(Unit, name="home_unit")
    return (
        select(Account, Registration)
        .join(Registration, Registration.account_id == Account.id)
        .outerjoin(StaffMember, Account.staff_member_id == StaffMember.id)
        .join(home_unit, home_unit.id == func.coalesce(StaffMember.unit_id, Registration.unit_id))
        .options(selectinload(Account.staff_member).selectinload(StaffMember.unit))
        .where(
            Registration.status == RegistrationStatus.ACTIVE,
            Account.active.is_(True),
            within_reach(activity, searcher, account_id=Account.id, home_unit_path=home_unit.path),
        )
    )


def find_volunteers(
    query: PersonQuery, activity: Activity, searcher: Account
) -> list[tuple[Account, Registration]]:
    """Find the registered volunteers the query names among those the activity may take.

    The scanner's rules (volunteer/scanner/reach.py): a whole 工号 or phone, part of a name,
    or part of a name with the phone's last four digits.
    """
    rows = db.session.execute(
        _volunteers_in_reach(activity, searcher)
        .where(
            matching(
                query,
                name=func.coalesce(StaffMember.name, Registration.claimed_name),
                staff_no=StaffMember.staff_no,
                phones=[StaffMember.phone, Registration.phone],
            )
        )
        .order_by(Account.display_name, Account.id)
        .limit(VOLUNTEER_SEARCH_LIMIT)
    )
    return [(row.Account, row.Registration) for row in rows]


def volunteer_in_reach(account_id: int, activity: Activity, searcher: Account) -> Account | None:
    """Return the chosen volunteer if the search could have found them, else None.

    An account number typed into the address must not show the name of someone out of reach.
    """
    row = db.session.execute(
        _volunteers_in_reach(activity, searcher).where(Account.id == account_id)
    ).first()
    return row.Account if row else None
