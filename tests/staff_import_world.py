"""Two roster rows and the helpers the staff roster import tests share: import a file as the
CLI does, read the stored staff and the counts an import may change, and collect a rejection's
row errors."""

import pytest
from import_files import STAFF_HEADER, id_number
from sqlalchemy import func

from volunteer.audit.models import AuditEntry
from volunteer.imports import services
from volunteer.imports.tabular import ImportRejected
from volunteer.people.models import StaffMember, StaffTransfer

ZHANG = [
    "张三",
    "000123",
    "H-A-01",
    "13800138000",
    "男",
    id_number(),
    "中共党员",
    "2015-07-01",
    "在职",
]
LI = ["李四", "000456", "H-B-01", "13900139000", "女", "", "", "2018/3/5", "在职"]


def import_file(data: bytes, filename: str = "roster.csv", *, scope=None):
    """Import as the CLI does: plan, keep the batch, apply; return the plan."""
    table = services.read_upload("staff", filename, data)
    plan = services.plan_import("staff", table, scope=scope)
    batch = services.store_upload(kind="staff", filename=filename, content=data, uploader=None)
    services.apply_import(batch=batch, plan=plan, actor=None)
    return plan


def staff_by_no(db) -> dict[str, StaffMember]:
    return {p.staff_no: p for p in db.session.scalars(db.select(StaffMember))}


def counts(db) -> tuple[int, int, int]:
    return tuple(
        db.session.scalar(db.select(func.count()).select_from(model))
        for model in (StaffMember, AuditEntry, StaffTransfer)
    )


def rejection(data: bytes, filename: str = "roster.csv", scope=None) -> list[tuple]:
    with pytest.raises(ImportRejected) as raised:
        import_file(data, filename, scope=scope)
    return [(e.row, e.column, e.value, e.reason) for e in raised.value.errors]


def _row(**changes) -> list:
    values = dict(zip(STAFF_HEADER, ZHANG, strict=True))
    values.update(changes)
    return list(values.values())
