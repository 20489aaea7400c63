"""The unit tree: organisation → units (hospitals, centres) → departments."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from volunteer.clock import UTCDateTime, utc_now
from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.texts import N_


class UnitKind(StrEnum):
    """Level of a node in the tree; the import's 类型 column uses the Chinese labels."""

    ORGANISATION = "organisation"
    UNIT = "unit"
    DEPARTMENT = "department"

    @property
    def label(self) -> str:
        """Name the kind as the import's 类型 column writes it (a msgid: translate where shown)."""
        return UNIT_KIND_LABELS[self]


UNIT_KIND_LABELS = {
    UnitKind.ORGANISATION: N_("机关"),
    UnitKind.UNIT: N_("单位"),
    UnitKind.DEPARTMENT: N_("科室"),
}


def path_within(path: str, root_paths: list[str] | None) -> bool:
    """Say whether a unit path lies in one of the given subtrees (None: anywhere)."""
    return root_paths is None or any(path.startswith(root) for root in root_paths)


class Unit(Model):
    """A node of the tree with a stable code; `path` lists its ancestors for subtree queries."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[UnitKind] = mapped_column(stored_as_value(UnitKind, 16), default=UnitKind.UNIT)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    # "/1/7/31/": every ancestor's id and its own, so a subtree is one LIKE 'prefix%' on an index.
    path: Mapped[str] = mapped_column(String(255), index=True, default="/")
    retired_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)

    parent: Mapped[Unit | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.code")

    @property
    def depth(self) -> int:
        """Return 0 for the root, 1 for its children, and so on."""
        return self.path.count("/") - 2

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None

    def contains(self, other: Unit) -> bool:
        """Say whether `other` is this unit or lies below it."""
        return other.path.startswith(self.path)

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name}>"
