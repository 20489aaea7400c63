"""Reads of reminders: the people a selection names, with their figures; a person's notices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.progress.figures import Measure, person_year
from volunteer.progress.queries.people import PeopleFilter, people_of
from volunteer.reminders.models import Notice
from volunteer.reminders.plan import Standing
from volunteer.units.models import Unit

# The tabs of the people list whose whole population may be reminded at once.
REMINDABLE_FILTERS = (
    PeopleFilter.UNREGISTERED,
    PeopleFilter.BEHIND_PACE,
    PeopleFilter.BELOW_TARGET,
)


@dataclass(frozen=True)
class Selection:
    """Whom a manager picked: a tab of the people list, or people ticked by hand (staff ids)."""

    filter: PeopleFilter | None = None
    staff_ids: tuple[int, ...] = ()

    @property
    def by_hand(self) -> bool:
        """Say whether people were ticked one by one."""
        return self.filter is None

    def as_args(self) -> dict[str, object]:
        """The query arguments that name this selection again (links, hidden fields)."""
        if self.filter is not None:
            return {"filter": self.filter.value}
        return {"person": list(self.staff_ids)}


def standings(unit: Unit, measure: Measure, selection: Selection, today: date) -> list[Standing]:
    """The selected people in service in the unit's subtree on D, judged as the people list judges.

    Ticked people outside the subtree are simply not returned: the caller compares the counts.
    """
    query = people_of(unit, measure, filter=selection.filter or PeopleFilter.ALL)
    if selection.by_hand:
        query = query.where(StaffMember.id.in_(selection.staff_ids))
    result = []
    for row in db.session.execute(query):
        person: StaffMember = row.StaffMember
        figures = person_year(row.approved, row.make_up, row.pending, measure, today)
        result.append(
            Standing(
                staff_id=person.id,
                name=person.name,
                staff_no=person.staff_no,
                unit_id=person.unit_id,
                unit_code=row.unit_code,
                unit_name=row.unit_name,
                registered=bool(row.registered),
                needed=figures.needed,
                weekly=figures.weekly_needed,
                email=person.email,
            )
        )
    return result


def recently_reminded(staff_ids: list[int], since: datetime) -> set[int]:
    """Return which of these people were sent a notice at or after `since` (one statement)."""
    if not staff_ids:
        return set()
    return set(
        db.session.scalars(
            select(Notice.staff_member_id)
            .where(Notice.staff_member_id.in_(staff_ids), Notice.created_at >= since)
            .distinct()
        )
    )


def notices_of(staff_member_id: int | None, *, unread_only: bool = False) -> list[Notice]:
    """A person's notices, newest first (none for a login without a staff member)."""
    if staff_member_id is None:
        return []
    query = select(Notice).where(Notice.staff_member_id == staff_member_id)
    if unread_only:
        query = query.where(Notice.read_at.is_(None))
    return list(db.session.scalars(query.order_by(Notice.created_at.desc(), Notice.id.desc())))
