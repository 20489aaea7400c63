"""How pages show a registration-rate target."""

from decimal import Decimal


def target_percent(rate: Decimal) -> str:
    """Show a rate target stored as a fraction as people set it: 1 → 100%, 0.995 → 99.5%."""
    return f"{(Decimal(rate) * 100).normalize():f}%"
