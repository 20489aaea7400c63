"""What an import of service sessions did, or would do: the counts and the rows clipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from volunteer.core.times import hhmm, local_date
from volunteer.records.models import ServiceRecord


@dataclass(frozen=True)
class ClippedRow:
    """A row that reached outside its activity: the times written and the times that count.

    Only time inside the activity counts, as at a scan (docs/rules.md §3.1); the record keeps
    the times written, and the preview shows the manager both before the file is applied.
    """

    row: int
    name: str
    activity: str
    written: tuple[datetime, datetime]
    counted: tuple[datetime, datetime]
    hours: Decimal

    @property
    def day(self) -> str:
        return local_date(self.written[0])

    @property
    def change(self) -> str:
        """Return the clipping as people read it: 07:30–12:40 → 08:00–12:00."""
        return f"{_clock(self.written)} → {_clock(self.counted)}"


def _clock(period: tuple[datetime, datetime]) -> str:
    return f"{hhmm(period[0])}–{hhmm(period[1])}"


@dataclass
class RecordsImportSummary:
    """What an import did: records created, rows imported before, new ones waiting for review,
    and the new rows clipped to their activity."""

    created: int = 0
    already: int = 0
    waiting: int = 0
    records: list[ServiceRecord] = field(default_factory=list)
    clipped: list[ClippedRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.already
