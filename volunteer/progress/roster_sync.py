"""Keep roster_entry in step with staff_member, registration and account.

ORM changes to those tables are collected after each flush and applied just before the commit,
in the same transaction, so no service has to remember to call anything. Bulk statements that
bypass the ORM (the staff import, the city-scale demo) call `refresh_entries` or
`rebuild_roster` themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import and_, case, delete, event, func, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import object_state

from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.people.models import PARTY_MEMBER_STATUSES, StaffMember
from volunteer.progress import breakdown_totals
from volunteer.progress.models import RosterEntry
from volunteer.registration.models import Registration, RegistrationStatus

PENDING_KEY = "roster_entries_to_refresh"
# Beyond this many people one statement rebuilds them all faster than id lists would.
REBUILD_ABOVE = 2_000
COLUMNS = (
    "staff_member_id",
    "account_id",
    "unit_id",
    "status",
    "hired_on",
    "left_on",
    "party_member",
    "registered_on",
)


def _entries_of(condition=None):
    """Select roster_entry rows computed from their sources (for some people, or everyone)."""
    active = Registration.status == RegistrationStatus.ACTIVE
    query = (
        select(
            StaffMember.id,
            Account.id,
            StaffMember.unit_id,
            StaffMember.status,
            StaffMember.hired_on,
            StaffMember.left_on,
            case((StaffMember.political_status.in_(PARTY_MEMBER_STATUSES), True), else_=False),
            case((active, Registration.registered_on)),
        )
        .outerjoin(Registration, Registration.staff_member_id == StaffMember.id)
        .outerjoin(Account, Account.staff_member_id == StaffMember.id)
    )
    return query if condition is None else query.where(condition)


def refresh_entries(staff_ids: Iterable[int]) -> None:
    """Recompute the roster entries of these staff members from their sources."""
    ids = sorted({staff_id for staff_id in staff_ids if staff_id is not None})
    if len(ids) > REBUILD_ABOVE:
        rebuild_roster()
        return
    moved: set[int] = set()
    table = RosterEntry.__table__
    placed = (table.c.staff_member_id, table.c.account_id, table.c.unit_id, table.c.party_member)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        # What the breakdown's kept rows depend on, read back by the writes themselves.
        before = db.session.execute(
            delete(table).where(table.c.staff_member_id.in_(chunk)).returning(*placed)
        ).all()
        after = db.session.execute(
            insert(table)
            .from_select(COLUMNS, _entries_of(StaffMember.id.in_(chunk)))
            .returning(*placed)
        ).all()
        moved |= breakdown_totals.units_changed(before, after)
    breakdown_totals.recount_units(moved)


def rebuild_roster() -> int:
    """Replace every roster entry by one computed from its sources; return how many there are."""
    table = RosterEntry.__table__
    db.session.execute(delete(table))
    db.session.execute(insert(table).from_select(COLUMNS, _entries_of()))
    breakdown_totals.rebuild()
    return db.session.scalar(select(func.count()).select_from(table)) or 0


def check_roster() -> list[int]:
    """Return the staff members whose roster entry differs from its sources (or is missing)."""
    fresh = _entries_of().subquery()
    kept = RosterEntry.__table__
    fresh_columns = list(fresh.c)
    same = and_(
        *(
            kept.c[name].is_not_distinct_from(column)
            for name, column in zip(COLUMNS, fresh_columns, strict=True)
        )
    )
    differing = (
        select(fresh_columns[0])
        .outerjoin(kept, kept.c.staff_member_id == fresh_columns[0])
        .where(~same)
    )
    orphans = select(kept.c.staff_member_id).where(
        ~select(StaffMember.id).where(StaffMember.id == kept.c.staff_member_id).exists()
    )
    return sorted({*db.session.scalars(differing), *db.session.scalars(orphans)})


# --- Keeping step with ORM changes ------------------------------------------------------------


def _staff_ids_touched(session: Session) -> set[int]:
    """The staff members whose entry the flushed changes may alter (old and new links)."""
    touched: set[int | None] = set()
    # session.dirty is computed anew on each use: take it once (an import flushes thousands).
    dirty = session.dirty
    for obj in (*session.new, *dirty, *session.deleted):
        if isinstance(obj, StaffMember):
            touched.add(obj.id)
        elif isinstance(obj, Registration | Account):
            # object_state is inspect() for an instance; mypy cannot pick inspect's overload for
            # Account, whose base UserMixin is untyped.
            link = object_state(obj).attrs.staff_member_id.history
            if isinstance(obj, Account) and obj in dirty and not link.has_changes():
                # Of an account the roster reads only its link to a staff member: a login's
                # time or a new password leaves the entry as it is.
                continue
            touched.add(obj.staff_member_id)
            touched.update(link.deleted or ())
    return {staff_id for staff_id in touched if staff_id is not None}


def _collect(session: Session, _flush_context) -> None:
    touched = _staff_ids_touched(session)
    if touched:
        session.info.setdefault(PENDING_KEY, set()).update(touched)


def _apply(session: Session) -> None:
    # before_commit runs before the commit's own flush: flush first so its changes are seen.
    session.flush()
    pending = session.info.pop(PENDING_KEY, None)
    if pending:
        refresh_entries(pending)


def _forget(session: Session, *_args) -> None:
    session.info.pop(PENDING_KEY, None)


def install() -> None:
    """Listen to every session: collect after each flush, refresh before the commit."""
    if not event.contains(Session, "after_flush", _collect):
        event.listen(Session, "after_flush", _collect)
        event.listen(Session, "before_commit", _apply)
        event.listen(Session, "after_rollback", _forget)
