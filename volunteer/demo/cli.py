"""flask --app volunteer demo-data: a small organisation to try the registry with."""

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
@with_appcontext
def demo_data():
    """Load the demo organisation once; later runs only print the demo logins."""
    if demo_loaded():
        click.echo(
            "数据库中已有单位数据，跳过演示数据加载。Units exist already: demo not loaded again."
        )
        _print_logins(existing_logins())
        return
    logins = load_demo()
    db.session.commit()
    click.echo("演示数据已加载 Demo organisation loaded.")
    _print_logins(logins)


def _print_logins(logins: list[DemoLogin]) -> None:
    if logins:
        click.echo("演示账号 Demo logins:")
    for login in logins:
        click.echo(
            f"  {ROLE_NAMES[login.role]:<28} {login.username:<12} {login.password}  ({login.scope})"
        )
