"""flask --app volunteer demo-data (being built)."""

import click


@click.command("demo-data")
def demo_data():
    """Not built yet."""
    raise click.ClickException("not built yet")
