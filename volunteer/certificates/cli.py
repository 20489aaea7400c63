"""flask --app volunteer certificates: issue and print a year's certificates, one PDF per unit;
flask --app volunteer signing-key create: a self-signed key for signing them."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from volunteer.certificates import queries
from volunteer.certificates.printing import SIGNING_CERT_NAME, SIGNING_KEY_NAME
from volunteer.certificates.services.printing import print_unit_certificates
from volunteer.core.edge import command_transaction
from volunteer.units.models import Unit
from volunteer.units.queries import organisation_root, unit_by_code


@click.command("certificates")
@click.option("--year", type=int, required=True, help="The year certified.")
@click.option("--unit", "code", help="One unit's code (default: every unit below the root).")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the PDFs, one per unit.",
)
@with_appcontext
@command_transaction
def certificates(year: int, code: str | None, out: Path) -> None:
    """Issue the year's annual certificates of everyone eligible; write one PDF per unit."""
    units = _units(code)
    settings = queries.settings_for(year)
    min_hours = settings.min_hours if settings is not None else None
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for unit in units:
        people = len(queries.eligible_accounts(unit, year, min_hours))
        if not people:
            click.echo(_("%(unit)s：没有符合条件的人员，跳过。", unit=unit.name))
            continue
        label = _("%(unit)s（%(n)d 人）", unit=unit.name, n=people)
        with click.progressbar(length=2 * people, label=label) as bar:
            pdf = print_unit_certificates(
                unit.id, year, by_id=None, progress=lambda _done, _total: bar.update(1)
            )
        path = out / f"{unit.code}-{year}.pdf"
        path.write_bytes(pdf)
        written += 1
        click.echo(_("已写入 %(path)s", path=path))
    click.echo(_("共写入 %(n)d 个 PDF 文件。", n=written))


def _units(code: str | None) -> list[Unit]:
    if code:
        unit = unit_by_code(code)
        if unit is None:
            raise click.ClickException(_("找不到单位：%(code)s", code=code))
        return [unit]
    root = organisation_root()
    if root is None:
        raise click.ClickException(_("还没有单位。"))
    children = [child for child in root.children if not child.is_retired]
    return children or [root]


@click.group("signing-key")
def signing_key() -> None:
    """Manage the key that signs certificate PDFs."""


@signing_key.command("create")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the key and certificate (default: the instance folder).",
)
@click.option("--organisation", default=None, help="Name in the certificate (default: the root).")
@click.option("--days", type=int, default=3650, show_default=True, help="Validity in days.")
@click.option("--force", is_flag=True, help="Replace an existing key.")
@with_appcontext
def create_signing_key(out: Path | None, organisation: str | None, days: int, force: bool) -> None:
    """Make a self-signed key and certificate for an intranet without a CA; say how to use them."""
    from volunteer.documents.signing import create_self_signed

    folder = out or Path(current_app.instance_path)
    key, cert = folder / SIGNING_KEY_NAME, folder / SIGNING_CERT_NAME
    if key.exists() and not force:
        raise click.ClickException(_("%(path)s 已存在；要替换请加 --force。", path=key))
    if organisation is None:
        root = organisation_root()
        organisation = root.name if root is not None else current_app.config["ORGANISATION_NAME"]
    create_self_signed(key, cert, organisation=organisation, days=days)
    click.echo(_("已生成签名私钥 %(key)s 和自签名证书 %(cert)s。", key=key, cert=cert))
    if folder.resolve() == Path(current_app.instance_path).resolve():
        click.echo(_("它们在实例目录中，无需设置即可使用；从现在起出具的证明都带数字签名。"))
    else:
        click.echo(_("在 instance/config.py 中设置（或设置同名的 VOLUNTEER_ 环境变量）："))
        click.echo(f'CERTIFICATE_SIGNING_KEY = "{key.resolve()}"')
        click.echo(f'CERTIFICATE_SIGNING_CERT = "{cert.resolve()}"')
    click.echo(_("私钥务必保密并备份；把证书文件发给需要核验签名的单位，导入为受信任证书。"))
