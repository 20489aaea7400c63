"""flask --app volunteer import-registrations FILE: the national-system list, organisation-wide."""

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from volunteer.core.edge import command_transaction
from volunteer.imports.cli import echo_error_table, header_lines
from volunteer.imports.tabular import ImportRejected
from volunteer.registration.services.national_import import import_national_registrations


@click.command("import-registrations")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and report; write nothing.")
@with_appcontext
@command_transaction
def import_registrations(file: Path, dry_run: bool) -> None:
    """Import registrations exported from 全国志愿服务信息系统 (.xlsx or .csv).

    Columns: 姓名, 工号 or 手机号, 志愿者编号, 注册日期. Every row must match a staff member;
    one bad row rejects the whole file, listing every error, and the command exits with 1.
    """
    try:
        summary = import_national_registrations(
            data=file.read_bytes(), filename=file.name, dry_run=dry_run, actor=None
        )
    except ImportRejected as rejected:
        # The file is checked before anything is written: there is nothing to undo.
        echo_error_table(rejected)
        raise SystemExit(1) from None
    for line in header_lines(summary.header):
        click.echo(line)
    counts = {"c": summary.created, "u": summary.updated, "n": summary.unchanged}
    if dry_run:
        click.echo(_("检查通过（未写入）：新增 %(c)d，更新 %(u)d，未变 %(n)d。", **counts))
    else:
        click.echo(_("导入完成：新增 %(c)d，更新 %(u)d，未变 %(n)d。", **counts))
