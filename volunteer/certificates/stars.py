"""The star standard: cumulative approved hours against the thresholds of one to five stars.

Stars are awarded by volunteer associations, not by a unit: the certificate and the pages only
say which standard the hours reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from itertools import pairwise

# The common scale (100/300/600/1000/1500 h); provinces that use others set STAR_THRESHOLDS.
DEFAULT_THRESHOLDS: tuple[int, ...] = (100, 300, 600, 1000, 1500)


class BadThresholds(ValueError):
    """The thresholds are not five rising positive numbers."""


def check_thresholds(thresholds: Sequence[Decimal | int | float]) -> tuple[Decimal, ...]:
    """Return the thresholds as Decimals, refusing any that are not five and rising."""
    values = tuple(Decimal(str(value)) for value in thresholds)
    if len(values) != 5 or values[0] <= 0:
        raise BadThresholds("STAR_THRESHOLDS needs five positive hours, e.g. (100, 300, ...)")
    if any(low >= high for low, high in pairwise(values)):
        raise BadThresholds("STAR_THRESHOLDS must rise: each more hours than the one before")
    return values


def star_level(hours: Decimal | int, thresholds: Sequence[Decimal | int | float]) -> int:
    """Return 0–5: how many thresholds the cumulative hours reach (reaching counts)."""
    amount = Decimal(str(hours))
    return sum(1 for threshold in check_thresholds(thresholds) if amount >= threshold)


def hours_to_next_star(
    hours: Decimal | int, thresholds: Sequence[Decimal | int | float]
) -> Decimal | None:
    """Return the hours still needed for the next star, or None at five stars."""
    amount = Decimal(str(hours))
    for threshold in check_thresholds(thresholds):
        if amount < threshold:
            return threshold - amount
    return None
