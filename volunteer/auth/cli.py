"""flask --app volunteer create-admin: the first login of a new deployment."""

import click
from flask.cli import with_appcontext

from volunteer.auth import services
from volunteer.auth.models import Role
from volunteer.core.edge import command_transaction
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.units.models import Unit
from volunteer.units.services import ensure_root_unit


@click.command("create-admin")
@click.option("--username", required=True, help="Login name of the administrator.")
@click.option("--password", required=True, help="At least 8 characters.")
@click.option("--name", "display_name", default="系统管理员", help="Name shown in pages.")
@click.option("--unit", "unit_code", default=None, help="Unit code to scope to (default: root).")
@with_appcontext
@command_transaction
def create_admin(username: str, password: str, display_name: str, unit_code: str | None):
    """Create an administrator account over the whole organisation (or one unit's subtree)."""
    # The operator at the console acts as the system: no account is the actor.
    unit = ensure_root_unit(actor=None) if unit_code is None else _unit_by_code(unit_code)
    account = services.create_account(
        username=username, password=password, display_name=display_name, actor=None
    )
    services.grant_role(
        account=account, role=Role.ADMIN, unit=unit, reason="create-admin", actor=None
    )
    click.echo(f"管理员 {username} 已创建，管理范围：{unit.name}（{unit.code}）")


def _unit_by_code(code: str) -> Unit:
    unit = db.session.scalar(db.select(Unit).where(Unit.code == code))
    if unit is None:
        raise DomainError(f"单位编码 {code} 不存在。")
    return unit
