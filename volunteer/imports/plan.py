"""What an import would do, row by row: the preview people check before they commit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from volunteer.imports.columns import HeaderReading
from volunteer.texts import N_


class Outcome(StrEnum):
    """What happens to one row of a file."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    LEFT = "left"  # a person in service marked 离职 or 退休

    @property
    def label(self) -> str:
        """Name the outcome (a msgid: translate where shown)."""
        return OUTCOME_LABELS[self]

    @property
    def tone(self) -> str:
        """Say how a badge shows it: a new row (ok), someone leaving (warn), else plain."""
        return {Outcome.NEW: "ok", Outcome.LEFT: "warn"}.get(self, "")


OUTCOME_LABELS = {
    Outcome.NEW: N_("新增"),
    Outcome.UPDATED: N_("更新"),
    Outcome.UNCHANGED: N_("未变"),
    Outcome.LEFT: N_("离职/退休"),
}


@dataclass(frozen=True)
class RowChange:
    """One row that changes something: its key (工号 or 编码) and each field's before and after."""

    row: int
    key: str
    name: str
    outcome: Outcome
    diff: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        """Say whether the row adds someone: its preview shows values, not before → after."""
        return self.outcome == Outcome.NEW


@dataclass
class ImportPlan:
    """The outcome of every row; `changes` lists only the rows that write something."""

    counts: Counter = field(default_factory=Counter)
    changes: list[RowChange] = field(default_factory=list)
    # Which header of the file was read as which column, for the preview to say.
    header: HeaderReading = field(default_factory=HeaderReading)

    def add(self, change: RowChange) -> None:
        self.counts[change.outcome] += 1
        if change.outcome != Outcome.UNCHANGED:
            self.changes.append(change)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> dict[str, int]:
        """Return the counts of every outcome, zeros included, as stored and audited."""
        return {str(outcome): self.counts[outcome] for outcome in Outcome}
