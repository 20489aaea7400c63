"""flask --app volunteer import-staff (being built)."""

import click


@click.command("import-staff")
def import_staff():
    """Not built yet."""
    raise click.ClickException("not built yet")
