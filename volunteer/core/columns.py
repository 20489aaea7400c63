"""Column types shared by every feature's models."""

from enum import StrEnum

from sqlalchemy import Enum


def stored_as_value(enum: type[StrEnum], length: int) -> Enum:
    """Map an enum to the VARCHAR(`length`) column it always was: its values stored, no migration.

    No native type and no CHECK constraint, so the schema stays as it is; Python refuses a
    value outside the enum before it reaches the database.
    """
    return Enum(
        enum,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
