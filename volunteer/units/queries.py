"""Reads about the unit tree: the part a user may see, with headcounts, and lookups by code."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func

from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import unit_scope_clause
from volunteer.extensions import db
from volunteer.people.queries import in_service_by_subtree
from volunteer.people.validation import fold_identifier
from volunteer.units.models import Unit


@dataclass
class TreeNode:
    """A unit, the staff in service in its subtree, and the child nodes shown under it."""

    unit: Unit
    in_service: int
    children: list[TreeNode] = field(default_factory=list)


def units_with_headcount(*conditions) -> list[tuple[Unit, int]]:
    """Return units matching `conditions`, by code, each with its subtree's staff in service."""
    counts = in_service_by_subtree(*conditions)
    rows = db.session.execute(
        db.select(Unit, func.coalesce(counts.c.in_service, 0))
        .outerjoin(counts, counts.c.unit_id == Unit.id)
        .where(*conditions)
        .order_by(Unit.code)
    )
    return [(unit, in_service) for unit, in_service in rows]


def scope_tree(viewer: Account, role: Role, *, include_retired: bool = False) -> list[TreeNode]:
    """Return the trees of the units `viewer` may see as `role`, siblings ordered by code."""
    conditions = [unit_scope_clause(viewer, role)]
    if not include_retired:
        conditions.append(Unit.retired_on.is_(None))
    nodes: dict[int | None, TreeNode] = {
        unit.id: TreeNode(unit, count) for unit, count in units_with_headcount(*conditions)
    }
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def children_with_headcount(unit: Unit) -> list[tuple[Unit, int]]:
    """Return a unit's direct children with their subtrees' staff in service."""
    return units_with_headcount(Unit.parent_id == unit.id)


def organisation_root() -> Unit | None:
    """Return the root of the tree, the organisation (None in an empty database)."""
    return db.session.scalar(db.select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.id))


def unit_by_code(code: str | None) -> Unit | None:
    """Find a unit by its code, however the person typed it (case, full-width, spaces)."""
    wanted = fold_identifier(code)
    if not wanted:
        return None
    return db.session.scalar(db.select(Unit).where(func.upper(Unit.code) == wanted))


def codes_in_scope(viewer: Account, role: Role, *, exclude_below: Unit | None = None) -> list[Unit]:
    """List live units the viewer may pick as a target, for a datalist of codes."""
    query = (
        db.select(Unit)
        .where(unit_scope_clause(viewer, role), Unit.retired_on.is_(None))
        .order_by(Unit.code)
    )
    if exclude_below is not None:
        query = query.where(~Unit.path.startswith(exclude_below.path, autoescape=True))
    return list(db.session.scalars(query))


def subtree_units(unit: Unit) -> list[Unit]:
    """List the live units of a subtree (the unit first), to choose where a person works."""
    return list(
        db.session.scalars(
            db.select(Unit)
            .where(Unit.path.startswith(unit.path, autoescape=True), Unit.retired_on.is_(None))
            .order_by(Unit.path != unit.path, Unit.code)
        )
    )


def lineage(unit: Unit) -> list[Unit]:
    """Return the unit's ancestors from the root down, then the unit itself (for breadcrumbs)."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    found = {u.id: u for u in db.session.scalars(db.select(Unit).where(Unit.id.in_(ids)))}
    return [found[unit_id] for unit_id in ids if unit_id in found]


def live_children_count(unit: Unit) -> int:
    """Count a unit's sub-units not yet retired (a unit with any cannot be retired)."""
    return db.session.scalar(
        db.select(func.count(Unit.id)).where(Unit.parent_id == unit.id, Unit.retired_on.is_(None))
    )
