"""Who is reminded of what: the rule of a reminder, from the figures the people list shows (pure).

A person not registered is asked to register; a registered person still short of the year's
target is told the hours still needed and, this year, about how many a week; anyone else has
nothing missing. A person reminded within the minimum interval is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from volunteer.texts import N_


class NoticeKind(StrEnum):
    """What a reminder asks for: to register, or to serve the hours still needed."""

    REGISTER = "register"
    HOURS = "hours"

    @property
    def label(self) -> str:
        """Name what is missing (a msgid: translate where shown)."""
        return NOTICE_KIND_LABELS[self]


NOTICE_KIND_LABELS = {
    NoticeKind.REGISTER: N_("未注册"),
    NoticeKind.HOURS: N_("时长不足"),
}


@dataclass(frozen=True)
class Standing:
    """One person of the selection as the people list shows them."""

    staff_id: int
    name: str
    staff_no: str
    unit_id: int
    unit_code: str
    unit_name: str
    registered: bool
    needed: Decimal
    weekly: Decimal | None
    email: str | None


@dataclass(frozen=True)
class Reminder:
    """What one person will be told."""

    standing: Standing
    kind: NoticeKind

    def data(self, year: int) -> dict[str, str | int | None]:
        """The figures the notice keeps, as plain JSON values."""
        weekly = self.standing.weekly
        return {
            "year": year,
            "needed": str(self.standing.needed),
            "weekly": None if weekly is None else str(weekly),
            "unit_code": self.standing.unit_code,
        }


@dataclass(frozen=True)
class Plan:
    """A selection split into those with something missing (in list order) and those without.

    Those reminded within the interval (`recently`) are listed but not reminded again.
    """

    missing: list[Reminder]
    recently: frozenset[int]
    nothing_missing: list[Standing]

    @property
    def reminders(self) -> list[Reminder]:
        """The reminders to send now."""
        return [r for r in self.missing if r.standing.staff_id not in self.recently]

    @property
    def recently_reminded(self) -> list[Reminder]:
        """Those with something missing who were reminded within the interval."""
        return [r for r in self.missing if r.standing.staff_id in self.recently]

    def was_recently_reminded(self, reminder: Reminder) -> bool:
        """Say whether this person is skipped for a recent reminder."""
        return reminder.standing.staff_id in self.recently


def missing_of(standing: Standing) -> NoticeKind | None:
    """Say what a person is missing: registration first, then hours; None when nothing."""
    if not standing.registered:
        return NoticeKind.REGISTER
    if standing.needed > 0:
        return NoticeKind.HOURS
    return None


def plan_reminders(standings: list[Standing], recently: set[int]) -> Plan:
    """Split the selection: who is missing what (reminded unless `recently`), who lacks nothing."""
    missing: list[Reminder] = []
    complete: list[Standing] = []
    for standing in standings:
        kind = missing_of(standing)
        if kind is None:
            complete.append(standing)
        else:
            missing.append(Reminder(standing, kind))
    return Plan(missing, frozenset(recently), complete)
