"""flask --app volunteer import-registrations (being built)."""

import click


@click.command("import-registrations")
def import_registrations():
    """Not built yet."""
    raise click.ClickException("not built yet")
