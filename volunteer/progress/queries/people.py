"""The people of a unit for one year: the list's filters, its rows and the count of each tab."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import aliased

from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.progress.figures import Measure
from volunteer.progress.queries.headcount import person_rows
from volunteer.texts import N_
from volunteer.units.models import Unit


class PeopleFilter(StrEnum):
    """A tab of the people list; ALL is the headcount on D, LEFT those who left in the year."""

    ALL = "all"
    UNREGISTERED = "unregistered"
    BEHIND_PACE = "behind_pace"
    BELOW_TARGET = "below_target"
    LEFT = "left"

    @classmethod
    def parse(cls, value: str | None) -> PeopleFilter:
        """Read ?filter=; anything unknown is the whole list."""
        return cls(value) if value is not None and value in cls._value2member_map_ else cls.ALL

    @property
    def label(self) -> str:
        """The tab's name (Chinese; pages translate it)."""
        return PEOPLE_FILTER_LABELS[self]

    @property
    def lists_leavers(self) -> bool:
        """Whether the list shows those who left (never counted) instead of the headcount."""
        return self is PeopleFilter.LEFT

    @property
    def as_arg(self) -> str | None:
        """The ?filter= value of a link, None for the default so URLs stay short."""
        return None if self is PeopleFilter.ALL else self.value


PEOPLE_FILTER_LABELS = {
    PeopleFilter.ALL: N_("全部在职"),
    PeopleFilter.UNREGISTERED: N_("未注册"),
    PeopleFilter.BEHIND_PACE: N_("落后进度"),
    PeopleFilter.BELOW_TARGET: N_("未达标"),
    PeopleFilter.LEFT: N_("已离职"),
}
PEOPLE_FILTERS = tuple(PeopleFilter)
PEOPLE_SORTS = ("unit", "staff_no", "name", "approved", "pending", "make_up")


def people_of(
    unit: Unit, measure: Measure, *, filter: str = "all", sort: str = "unit", descending=False
) -> Select:
    """Select (StaffMember, unit code, unit name, registered, registered_on, approved, make_up,
    pending) for the unit's subtree, placed by their unit on D."""
    population = "left" if filter == PeopleFilter.LEFT else "counted"
    rows = person_rows(measure, population, within=unit).subquery("person")
    placed = aliased(Unit)
    query = (
        select(
            StaffMember,
            placed.code.label("unit_code"),
            placed.name.label("unit_name"),
            rows.c.registered,
            rows.c.registered_on,
            rows.c.approved,
            rows.c.make_up,
            rows.c.pending,
        )
        .join(rows, rows.c.staff_id == StaffMember.id)
        .join(placed, placed.id == rows.c.unit_id)
        .where(placed.path.startswith(unit.path, autoescape=True))
    )
    if filter == PeopleFilter.UNREGISTERED:
        query = query.where(rows.c.registered == 0)
    elif filter == PeopleFilter.BEHIND_PACE:
        query = query.where(rows.c.approved < measure.pace)
    elif filter == PeopleFilter.BELOW_TARGET:
        query = query.where(rows.c.approved < measure.hours_target)
    columns = {
        "unit": (placed.code, StaffMember.staff_no),
        "staff_no": (StaffMember.staff_no,),
        "name": (StaffMember.name, StaffMember.staff_no),
        "approved": (rows.c.approved, StaffMember.staff_no),
        "pending": (rows.c.pending, StaffMember.staff_no),
        "make_up": (rows.c.make_up, StaffMember.staff_no),
    }[sort if sort in PEOPLE_SORTS else "unit"]
    first, *rest = columns
    return query.order_by(first.desc() if descending else first.asc(), *rest)


def people_counts(unit: Unit, measure: Measure) -> dict[str, int]:
    """Count the unit's people under each filter of the people list, in one grouped pass.

    The headcount on D and those who left during the year are disjoint populations (a person
    who left on or before D is not in service on D), so one scan over both gives every tab.
    """
    rows = person_rows(measure, "counted_or_left", within=unit).subquery("person")
    placed = aliased(Unit)
    is_counted = rows.c.counted == 1

    def tally(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.session.execute(
        select(
            tally(is_counted).label("all"),
            tally(and_(is_counted, rows.c.registered == 0)).label("unregistered"),
            tally(and_(is_counted, rows.c.approved < measure.pace)).label("behind_pace"),
            tally(and_(is_counted, rows.c.approved < measure.hours_target)).label("below_target"),
            tally(~is_counted).label("left"),
        )
        .select_from(rows)
        .join(placed, placed.id == rows.c.unit_id)
        .where(placed.path.startswith(unit.path, autoescape=True))
    ).one()
    return {name: int(value) for name, value in row._mapping.items()}
