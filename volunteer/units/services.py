"""Changes to the unit tree: create, rename, move, retire; each audited, committed by the caller."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, update

from volunteer.audit.services import record_change, snapshot
from volunteer.auth.models import Account
from volunteer.clock import local_today
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.units.models import Unit, UnitKind
from volunteer.units.queries import live_children_count, organisation_root

AUDITED_FIELDS = ["code", "name", "kind", "parent_id", "retired_on"]
DEFAULT_ROOT_CODE = "ORG"


def ensure_root_unit(name: str = "卫生健康委员会", *, actor: Account | None) -> Unit:
    """Return the tree's root, creating a placeholder root in an empty database."""
    root = organisation_root()
    if root is None:
        root = create_unit(
            code=DEFAULT_ROOT_CODE,
            name=name,
            kind=UnitKind.ORGANISATION,
            parent=None,
            actor=actor,
        )
    return root


def create_unit(
    *, code: str, name: str, kind: UnitKind, parent: Unit | None, actor: Account | None
) -> Unit:
    """Add a unit under `parent` (None only for the root of an empty tree)."""
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise DomainError(_("单位编码和名称不能为空。"))
    if db.session.scalar(db.select(Unit.id).where(Unit.code == code)):
        raise Conflict(_("单位编码 %(code)s 已存在。", code=code))
    if parent is None and db.session.scalar(db.select(func.count(Unit.id))):
        raise DomainError(_("只能有一个根单位，请选择上级单位。"))
    if parent is not None and parent.is_retired:
        raise DomainError(_("上级单位已撤销，不能在其下新增单位。"))
    unit = Unit(code=code, name=name, kind=kind, parent=parent)
    db.session.add(unit)
    db.session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    db.session.flush()
    record_change(
        action="unit.create",
        subject_type="unit",
        subject_id=unit.id,
        unit_id=unit.id,
        after=snapshot(unit, AUDITED_FIELDS),
        actor_id=actor.id if actor else None,
    )
    return unit


def update_unit(
    *,
    unit: Unit,
    name: str | None = None,
    kind: UnitKind | None = None,
    actor: Account | None,
) -> bool:
    """Rename a unit or change its kind; return whether anything changed."""
    before = snapshot(unit, AUDITED_FIELDS)
    if name is not None and name.strip():
        unit.name = name.strip()
    if kind is not None:
        unit.kind = kind
    after = snapshot(unit, AUDITED_FIELDS)
    if after == before:
        return False
    db.session.flush()
    record_change(
        action="unit.update",
        subject_type="unit",
        subject_id=unit.id,
        unit_id=unit.id,
        before=before,
        after=after,
        actor_id=actor.id if actor else None,
    )
    return True


def move_unit(
    *, unit: Unit, new_parent: Unit, reason: str | None = None, actor: Account | None
) -> None:
    """Hang a unit and its whole subtree under another parent."""
    if unit.parent_id is None:
        raise DomainError(_("根单位不能移动。"))
    if unit.contains(new_parent):
        raise DomainError(_("不能把单位移动到它自己或它的下级单位之下。"))
    if new_parent.is_retired:
        raise DomainError(_("目标上级单位已撤销。"))
    if unit.parent_id == new_parent.id:
        return
    before = snapshot(unit, AUDITED_FIELDS)
    old_prefix, new_prefix = unit.path, f"{new_parent.path}{unit.id}/"
    # Rewrite every descendant's path in one statement: replace the old prefix with the new one.
    db.session.execute(
        update(Unit)
        .where(Unit.path.startswith(old_prefix, autoescape=True))
        .values(path=new_prefix + func.substr(Unit.path, len(old_prefix) + 1))
        .execution_options(synchronize_session=False)
    )
    unit.parent_id = new_parent.id
    db.session.flush()
    db.session.expire_all()
    record_change(
        action="unit.move",
        subject_type="unit",
        subject_id=unit.id,
        unit_id=unit.id,
        before=before,
        after=snapshot(unit, AUDITED_FIELDS),
        reason=reason,
        actor_id=actor.id if actor else None,
    )


def retire_unit(
    *, unit: Unit, on: date | None, reason: str | None = None, actor: Account | None
) -> None:
    """Mark a unit as retired; it must first have no live sub-units and no staff in service."""
    from volunteer.people.models import EmploymentStatus, StaffMember

    if unit.parent_id is None:
        raise DomainError(_("根单位不能撤销。"))
    if unit.is_retired:
        return
    if on is None:
        raise DomainError(_("请填写日期。"))
    # Unit.is_retired does not look at the date, so a future one would hide the unit today.
    if on > local_today():
        raise DomainError(_("撤销日期不能晚于今天。"))
    live_children = live_children_count(unit)
    if live_children:
        raise DomainError(
            _("该单位还有 %(n)d 个未撤销的下级单位，请先移动或撤销。", n=live_children)
        )
    staff = db.session.scalar(
        db.select(func.count(StaffMember.id)).where(
            StaffMember.unit_id == unit.id, StaffMember.status == EmploymentStatus.ACTIVE
        )
    )
    if staff:
        raise DomainError(_("该单位还有 %(n)d 名在职职工，请先调动。", n=staff))
    before = snapshot(unit, AUDITED_FIELDS)
    unit.retired_on = on
    db.session.flush()
    record_change(
        action="unit.retire",
        subject_type="unit",
        subject_id=unit.id,
        unit_id=unit.id,
        before=before,
        after=snapshot(unit, AUDITED_FIELDS),
        reason=reason,
        actor_id=actor.id if actor else None,
    )
