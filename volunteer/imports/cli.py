"""What import-units and import-staff share: read, preview, then apply as the system, or refuse."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask_babel import gettext as _

from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.imports import services
from volunteer.imports.plan import OUTCOME_LABELS, ImportPlan, Outcome
from volunteer.imports.tabular import ImportRejected

# Below this many rows a file is read and written before a bar could tell anyone anything.
LONG_FILE = 1000


def run_import(kind: str, path: Path, *, dry_run: bool) -> None:
    """Import `path` over the whole organisation; exit 1 with the error table on a bad file."""
    content = path.read_bytes()
    try:
        click.echo(_("正在读取 %(name)s …", name=path.name))
        table = services.read_upload(kind, path.name, content)
        with _progress(len(table.rows), _("校验")) as advance:
            plan = services.plan_import(kind, table, scope=None, progress=advance)
        click.echo(_preview_line(kind, plan))
        if dry_run:
            click.echo(_("试运行：未写入任何数据。"))
            return
        batch = services.store_upload(kind=kind, filename=path.name, content=content, uploader=None)
        with _progress(len(plan.changes), _("写入")) as advance:
            services.apply_import(batch=batch, plan=plan, actor_id=None, progress=advance)
        db.session.commit()
    except ImportRejected as rejected:
        db.session.rollback()
        echo_error_table(rejected)
        click.get_current_context().exit(1)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(_("导入完成。"))


@contextmanager
def _progress(length: int, label: str) -> Iterator:
    """Yield a callback advancing a progress bar, shown only for long files."""
    if length < LONG_FILE:
        yield None
        return
    with click.progressbar(length=length, label=label, file=click.get_text_stream("stderr")) as bar:
        yield bar.update


def _preview_line(kind: str, plan: ImportPlan) -> str:
    outcomes = list(Outcome) if kind == services.STAFF else [o for o in Outcome if o != "left"]
    parts = [f"{OUTCOME_LABELS[outcome]} {plan.counts[outcome]}" for outcome in outcomes]
    return _("共 %(n)d 行：", n=plan.total) + "，".join(parts)


def echo_error_table(rejected: ImportRejected) -> None:
    """Print the rows to fix, tab-separated so the table pastes into a spreadsheet."""
    click.echo(rejected.message, err=True)
    click.echo("\t".join([_("行号"), _("列"), _("值"), _("原因")]), err=True)
    for error in rejected.errors:
        click.echo(f"{error.row}\t{error.column}\t{error.value}\t{error.reason}", err=True)
