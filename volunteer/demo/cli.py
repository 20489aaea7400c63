"""flask --app volunteer demo-data: a small organisation to try the registry with, or a city."""

import time

import click
from flask.cli import with_appcontext

from volunteer.demo.services import DemoLogin, demo_loaded, existing_logins, load_demo
from volunteer.extensions import db

ROLE_NAMES = {
    "admin": "系统管理员 administrator",
    "manager": "单位管理员 unit manager",
    "coordinator": "活动负责人 coordinator",
    "volunteer": "志愿者 volunteer",
}


@click.command("demo-data")
@click.option(
    "--scale",
    type=click.Choice(["small", "city"]),
    default="small",
    show_default=True,
    help="small: 3 hospitals, ~200 staff. city: ~60 units, 30,000 staff, 1.2 million records.",
)
@with_appcontext
def demo_data(scale: str):
    """Load the demo organisation once; later runs only print the demo logins."""
    if demo_loaded():
        click.echo(
            "数据库中已有单位数据，跳过演示数据加载。Units exist already: demo not loaded again."
        )
        _print_logins(existing_logins())
        if scale == "city":
            # A city on top of other data would mix two trees: refuse rather than half-load.
            raise SystemExit(1)
        return
    if scale == "city":
        _load_city()
        return
    logins = load_demo()
    db.session.commit()
    click.echo("演示数据已加载 Demo organisation loaded.")
    _print_logins(logins)


def _load_city() -> None:
    from volunteer.demo.city import CITY, analyze_after_load, load_city, work_estimate

    began = time.perf_counter()
    with click.progressbar(
        length=work_estimate(CITY), label="城市规模演示数据 city demo", show_eta=True
    ) as bar:

        def advance(what: str, rows: int) -> None:
            bar.label = f"{what:<24}"
            bar.update(rows)

        loaded = load_city(CITY, advance=advance)
        db.session.commit()
        bar.update(bar.length)
    analyze_after_load()
    db.session.commit()
    click.echo(f"城市规模演示数据已加载 City demo loaded in {time.perf_counter() - began:.0f} s:")
    for name, count in loaded.counts.items():
        click.echo(f"  {name:<24} {count:>10,}")
    _print_logins(loaded.logins)


def _print_logins(logins: list[DemoLogin]) -> None:
    if logins:
        click.echo("演示账号 Demo logins:")
    for login in logins:
        click.echo(
            f"  {ROLE_NAMES[login.role]:<28} {login.username:<12} {login.password}  ({login.scope})"
        )
