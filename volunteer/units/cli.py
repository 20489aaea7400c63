"""flask --app volunteer import-units (being built)."""

import click


@click.command("import-units")
def import_units():
    """Not built yet."""
    raise click.ClickException("not built yet")
