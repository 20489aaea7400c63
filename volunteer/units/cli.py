"""flask --app volunteer import-units FILE [--dry-run]"""

from pathlib import Path

import click
from flask.cli import with_appcontext

from volunteer.core.edge import command_transaction
from volunteer.imports.cli import run_import
from volunteer.imports.services import UNITS


@click.command("import-units")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and show the preview; write nothing.")
@with_appcontext
@command_transaction
def import_units(file: Path, dry_run: bool):
    """Import the unit tree (编码, 名称, 上级编码, 类型): every row valid, or nothing written.

    类型 takes the words people write (委机关, 医院, 疾控中心, 科, 病区 …; the import page lists
    them) or is left blank to follow the tree; headers may use their usual other names.
    """
    run_import(UNITS, file, dry_run=dry_run)
