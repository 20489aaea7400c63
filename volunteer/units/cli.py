"""flask --app volunteer import-units FILE [--dry-run]"""

from pathlib import Path

import click
from flask.cli import with_appcontext

from volunteer.imports.cli import run_import
from volunteer.imports.services import UNITS


@click.command("import-units")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and show the preview; write nothing.")
@with_appcontext
def import_units(file: Path, dry_run: bool):
    """Import the unit tree (编码, 名称, 上级编码, 类型): every row valid, or nothing written."""
    run_import(UNITS, file, dry_run=dry_run)
