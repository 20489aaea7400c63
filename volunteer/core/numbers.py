"""How hours are written on pages, charts and in messages (pure: no Flask)."""

from decimal import Decimal

# Hours arrive as Decimal (columns, sums), int or float (settings), or None (no rows).
Amount = Decimal | float | None


def format_hours(value: Amount) -> str:
    """Show hours with one decimal only when it has one: 3, 2.5."""
    amount = Decimal(str(value or 0)).quantize(Decimal("0.1"))
    return f"{amount:.0f}" if amount == amount.to_integral() else f"{amount}"


def format_per_person(value: Amount) -> str:
    """Show hours per person (or the pace) to two places: 0.99 is not yet 1."""
    return f"{Decimal(str(value or 0)).quantize(Decimal('0.01'))}"
