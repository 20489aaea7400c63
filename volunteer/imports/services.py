"""Read an uploaded file once into an ImportBatch, plan it, and apply it once, all rows or none."""

from __future__ import annotations

import secrets
from datetime import timedelta
from itertools import takewhile
from pathlib import PureWindowsPath
from typing import cast

from flask import has_request_context, request
from flask_babel import gettext as _
from sqlalchemy import CursorResult, delete, update

from volunteer.audit.services import record_change
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import scope_roots
from volunteer.clock import local_today, utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.imports.columns import FileColumns
from volunteer.imports.models import ImportBatch, ImportKind
from volunteer.imports.plan import ImportPlan
from volunteer.imports.settings import upload_limits
from volunteer.imports.stored_rows import pack_table, unpack_table
from volunteer.imports.tabular import ImportRejected, Table, read_table
from volunteer.people.import_columns import STAFF_FILE
from volunteer.people.import_plan import Progress, StaffPlan, plan_staff_import
from volunteer.people.services.staff_import import apply_staff_plan
from volunteer.records.importing.columns import RECORD_FILE
from volunteer.registration.import_columns import REGISTRATION_FILE
from volunteer.units.import_columns import UNIT_FILE
from volunteer.units.importing import UnitPlan, apply_unit_plan, plan_unit_import
from volunteer.units.models import Unit

STAFF, UNITS = ImportKind.STAFF, ImportKind.UNITS
# Uploads hold full ID numbers: one never confirmed is deleted after this long.
UNCONFIRMED_UPLOAD_LIFETIME = timedelta(hours=24)
# Who may import each kind, over which subtree.
# Keyed by str: a kind arrives as the text of a form field or a command's argument.
ROLE_FOR_KIND: dict[str, Role] = {STAFF: Role.MANAGER, UNITS: Role.ADMIN}
COLUMNS: dict[str, FileColumns] = {STAFF: STAFF_FILE, UNITS: UNIT_FILE}
# Every file a page offers the template of, with the role its import page asks for. Sessions
# are imported from the command line; the managers who collect the sheets get their template.
TEMPLATES: dict[str, tuple[FileColumns, Role]] = {
    STAFF: (STAFF_FILE, Role.MANAGER),
    UNITS: (UNIT_FILE, Role.ADMIN),
    "registrations": (REGISTRATION_FILE, Role.MANAGER),
    "records": (RECORD_FILE, Role.MANAGER),
}


def import_scope(account: Account | None, kind: str) -> list[Unit] | None:
    """Return the subtrees an account may import `kind` into; None (everything) for the system."""
    return None if account is None else scope_roots(account, ROLE_FOR_KIND[kind])


def store_upload(
    *, kind: str, filename: str, content: bytes, uploader: Account | None
) -> ImportBatch:
    """Read the file once and keep its rows under a random token, for the preview and the apply.

    A file that cannot be read raises ImportRejected, and nothing is kept.
    """
    if kind not in ROLE_FOR_KIND:
        raise DomainError(_("不支持的导入类型。"))
    if not content:
        raise DomainError(_("上传的文件是空的。"))
    # Browsers on Windows may send the full path; keep only the name people recognise.
    name = PureWindowsPath(filename).name[-255:] or "upload"
    table = read_upload(kind, name, content)
    return store_rows(kind=kind, filename=name, table=table, uploader=uploader)


def store_rows(*, kind: str, filename: str, table: Table, uploader: Account | None) -> ImportBatch:
    """Keep rows already read from a file under a random token; the file itself is not kept."""
    _discard_stale_uploads()
    batch = ImportBatch(
        token=secrets.token_urlsafe(32),
        kind=ImportKind(kind),
        filename=filename,
        content=pack_table(table),
        uploaded_by_id=uploader.id if uploader else None,
        scope_unit_id=_common_ancestor(import_scope(uploader, kind)),
    )
    db.session.add(batch)
    db.session.flush()
    return batch


def _discard_stale_uploads() -> None:
    """Delete everyone's uploads left unconfirmed for longer than UNCONFIRMED_UPLOAD_LIFETIME."""
    db.session.execute(
        delete(ImportBatch)
        .where(
            ImportBatch.applied_at.is_(None),
            ImportBatch.uploaded_at < utc_now() - UNCONFIRMED_UPLOAD_LIFETIME,
        )
        .execution_options(synchronize_session=False)
    )


def read_upload(kind: str, filename: str, content: bytes) -> Table:
    """Read a file's rows with the columns its kind needs; raise ImportRejected when unreadable."""
    return read_table(content, filename, columns=COLUMNS[kind], limits=upload_limits())


def kept_rows(batch: ImportBatch) -> Table:
    """Return the rows kept with an upload; one kept as a file (before rows were) is read once."""
    table = unpack_table(batch.content)
    if table is None:
        table = read_upload(batch.kind, batch.filename, batch.content)
        batch.content = pack_table(table)
    return table


def plan_import(
    kind: str, table: Table, *, scope: list[Unit] | None, progress: Progress | None = None
) -> ImportPlan:
    """Check every row and say what applying would do; raise ImportRejected on any bad row."""
    plan: ImportPlan
    try:
        if kind == STAFF:
            plan = plan_staff_import(table, scope=scope, today=local_today(), progress=progress)
        else:
            plan = plan_unit_import(table, scope=scope)
    except ImportRejected as rejected:
        rejected.header = table.header
        raise
    plan.header = table.header
    return plan


def plan_batch(batch: ImportBatch, *, scope: list[Unit] | None) -> ImportPlan:
    """Plan the rows kept with an upload against the database as it is now."""
    return plan_import(batch.kind, kept_rows(batch), scope=scope)


def apply_batch(
    *, batch: ImportBatch, scope: list[Unit] | None, actor: Account | None
) -> dict[str, int]:
    """Plan a stored upload afresh and apply it; the caller commits, or rolls back on error."""
    if batch.applied_at is not None:
        raise Conflict(_("该文件已经导入过，不能重复导入。"))
    return apply_import(batch=batch, plan=plan_batch(batch, scope=scope), actor=actor)


def apply_import(
    *,
    batch: ImportBatch,
    plan: ImportPlan,
    actor: Account | None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write a plan made from `batch`, audit it, and mark the batch applied; return the counts.

    `actor` None: the system (the command line), importing over the whole organisation.
    """
    actor_id = actor.id if actor else None
    _claim(batch)
    reason = f"导入文件 {batch.filename}"  # stored in the audit log, in the organisation's language
    if isinstance(plan, StaffPlan):
        apply_staff_plan(
            plan,
            actor_id=actor_id,
            today=local_today(),
            reason=reason,
            remote_addr=request.remote_addr if has_request_context() else "cli",
            progress=progress,
        )
    elif isinstance(plan, UnitPlan):
        apply_unit_plan(plan, reason=reason, actor=actor)
    summary = plan.summary()
    batch.summary = summary
    # The rows (full ID numbers included) have done their job; the summary is what stays shown.
    batch.content = b""
    record_change(
        action=f"import.{batch.kind}",
        subject_type="import_batch",
        subject_id=batch.id,
        unit_id=batch.scope_unit_id,
        after={**summary, "filename": batch.filename},
        actor_id=actor_id,
    )
    db.session.flush()
    return summary


def _claim(batch: ImportBatch) -> None:
    """Mark the batch applied, or refuse: of two concurrent applies only one row update wins."""
    claimed = db.session.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch.id, ImportBatch.applied_at.is_(None))
        .values(applied_at=utc_now())
    )
    if cast(CursorResult, claimed).rowcount != 1:
        raise Conflict(_("该文件已经导入过，不能重复导入。"))
    db.session.refresh(batch, ["applied_at"])


def _common_ancestor(roots: list[Unit] | None) -> int | None:
    """Return the id of the lowest unit whose subtree holds every root (the root unit for None)."""
    if roots is None:
        return db.session.scalar(db.select(Unit.id).where(Unit.parent_id.is_(None)))
    if not roots:
        return None
    paths = [root.path.strip("/").split("/") for root in roots]
    shared = takewhile(lambda ids: len(set(ids)) == 1, zip(*paths, strict=False))
    common = [ids[0] for ids in shared]
    return int(common[-1]) if common else None
