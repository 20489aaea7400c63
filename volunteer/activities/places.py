"""An activity's places: how many are left and whether the next sign-up has to wait."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Places:
    """An activity's places: its capacity (None: unlimited) against the confirmed sign-ups."""

    capacity: int | None
    confirmed: int

    @property
    def is_full(self) -> bool:
        """Say whether a new sign-up would join the waiting list."""
        return self.capacity is not None and self.confirmed >= self.capacity

    @property
    def left(self) -> int | None:
        """Return the places still free, None when the activity takes everyone."""
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)
