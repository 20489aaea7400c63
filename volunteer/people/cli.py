"""flask --app volunteer import-staff FILE [--dry-run]"""

from pathlib import Path

import click
from flask.cli import with_appcontext

from volunteer.core.edge import command_transaction
from volunteer.imports.cli import run_import
from volunteer.imports.services import STAFF


@click.command("import-staff")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and show the preview; write nothing.")
@with_appcontext
@command_transaction
def import_staff(file: Path, dry_run: bool):
    """Import a staff roster (.xlsx or .csv): every row valid, or nothing written."""
    run_import(STAFF, file, dry_run=dry_run)
