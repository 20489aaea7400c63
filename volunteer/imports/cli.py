"""What import-units and import-staff share: read, preview, then apply as the system, or refuse.

The commands wrap run_import() in core.edge.command_transaction, which commits once at the end.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from flask_babel import gettext as _

from volunteer.imports import services
from volunteer.imports.columns import HeaderReading
from volunteer.imports.plan import ImportPlan, Outcome
from volunteer.imports.tabular import ImportRejected

# Below this many rows a file is read and written before a bar could tell anyone anything.
LONG_FILE = 1000


def run_import(kind: str, path: Path, *, dry_run: bool) -> None:
    """Import `path` over the whole organisation; exit 1 with the error table on a bad file.

    Other refusals propagate, for the command's transaction to turn into an error message.
    """
    content = path.read_bytes()
    try:
        click.echo(_("正在读取 %(name)s …", name=path.name))
        table = services.read_upload(kind, path.name, content)
        with progress_bar(len(table.rows), _("校验")) as advance:
            plan = services.plan_import(kind, table, scope=None, progress=advance)
        click.echo(_preview_line(kind, plan))
        for line in header_lines(table.header):
            click.echo(line)
        if dry_run:
            click.echo(_("试运行：未写入任何数据。"))
            return
        batch = services.store_rows(kind=kind, filename=path.name, table=table, uploader=None)
        with progress_bar(len(plan.changes), _("写入")) as advance:
            services.apply_import(batch=batch, plan=plan, actor=None, progress=advance)
    except ImportRejected as rejected:
        echo_error_table(rejected)
        click.get_current_context().exit(1)
    click.echo(_("导入完成。"))


@contextmanager
def progress_bar(length: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """Yield a callback advancing a progress bar, shown only for long files."""
    if length < LONG_FILE:
        yield None
        return
    # On stderr, so the preview and the result on stdout stay clean for a script to read.
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield bar.update


def _preview_line(kind: str, plan: ImportPlan) -> str:
    # Only people leave: a unit file has no 离职/退休 outcome.
    outcomes = [o for o in Outcome if kind == services.STAFF or o != Outcome.LEFT]
    parts = [f"{_(outcome.label)} {plan.counts[outcome]}" for outcome in outcomes]
    return _("共 %(n)d 行：", n=plan.total) + "，".join(parts)


def header_lines(header: HeaderReading) -> Iterator[str]:
    """Say which headers were read under another name, and which were left out."""
    if header.renamed:
        pairs = _("；").join(f"「{written}」→ {column}" for written, column in header.renamed)
        yield _("列名对应：") + pairs
    if header.ignored:
        yield _("以下列未识别，已忽略：") + _("、").join(header.ignored)


def echo_error_table(rejected: ImportRejected) -> None:
    """Print the rows to fix, tab-separated so the table pastes into a spreadsheet."""
    click.echo(rejected.message, err=True)
    click.echo("\t".join([_("行号"), _("列"), _("值"), _("原因")]), err=True)
    for error in rejected.errors:
        reason = error.worded(_(error.reason))
        click.echo(f"{error.row}\t{error.column}\t{error.value}\t{reason}", err=True)
