"""Mask personal data for display: ID-card numbers, phones and names."""


def mask_id_card(number: str | None) -> str:
    """Show the first 6 and last 4 characters of an ID-card number: 110101********1234."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(phone: str | None) -> str:
    """Show a mobile number as 138****5678."""
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_name(name: str | None) -> str:
    """Keep the first character of a name: 张*, 欧阳** ."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1)


def mask_name_between(name: str | None) -> str:
    """Keep a name's first and last characters, the first of two: 张*三, 李*, 欧**锋.

    For the public verification page, where a reader compares it with the paper in hand.
    """
    if not name:
        return ""
    if len(name) <= 2:
        return name[0] + "*" * (len(name) - 1)
    return name[0] + "*" * (len(name) - 2) + name[-1]
