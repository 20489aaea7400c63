"""flask --app volunteer import-records FILE; flask --app volunteer close-forgotten-sign-outs"""

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from volunteer.extensions import db
from volunteer.imports.cli import _progress, echo_error_table
from volunteer.imports.tabular import ImportRejected
from volunteer.progress import roster
from volunteer.records import importing, services, totals


@click.command("import-records")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row by the rules; write nothing.")
@click.option("--source-note", help="Where the sessions come from, kept on each record.")
@with_appcontext
def import_records(file: Path, dry_run: bool, source_note: str | None) -> None:
    """Import service sessions from paper sheets or another system (.xlsx or .csv).

    Columns: 姓名; 工号 or 手机号; 活动编号 or 活动名称; 日期; 开始时间; 结束时间 or 时长
    (hours). Each row goes through the same rules as a scan. One bad row rejects the whole
    file, listing every error, and the command exits with 1. Rows imported before are skipped.
    """
    click.echo(_("正在读取 %(name)s …", name=file.name))
    try:
        plan = importing.plan_records_import(data=file.read_bytes(), filename=file.name)
        with _progress(len(plan.sessions), _("写入")) as advance:
            summary = importing.apply_records_import(
                plan, source_note=source_note, progress=advance
            )
    except ImportRejected as rejected:
        db.session.rollback()
        echo_error_table(rejected)
        raise SystemExit(1) from None
    counts = {"new": summary.created, "old": summary.already, "waiting": summary.waiting}
    if dry_run:
        db.session.rollback()
        message = _(
            "检查通过（未写入）：新增 %(new)d 条，已导入过 %(old)d 条，"
            "其中 %(waiting)d 条将待审核。",
            **counts,
        )
    else:
        db.session.commit()
        message = _(
            "导入完成：新增 %(new)d 条，已导入过 %(old)d 条，其中 %(waiting)d 条待审核。", **counts
        )
    click.echo(message)


@click.command("close-forgotten-sign-outs")
@with_appcontext
def close_forgotten_sign_outs() -> None:
    """Send sessions nobody signed out of (2 h after the activity ended) to review with 0 h.

    Meant for cron, every 15 minutes:

    \b
    */15 * * * * cd /srv/volunteer && .venv/bin/flask --app volunteer close-forgotten-sign-outs

    The person's next sign-in closes their own forgotten session anyway; this keeps the
    review queue current.
    """
    count = services.close_forgotten_sign_outs()
    db.session.commit()
    click.echo(_("已将 %(n)d 条未签退的记录转为待审核。", n=count))


@click.command("check-hours-totals")
@click.option("--fix", is_flag=True, help="Rebuild every total from the records afterwards.")
@with_appcontext
def check_hours_totals(fix: bool) -> None:
    """Recompute what progress reads, and report any difference from what is kept.

    Every person's yearly totals from the service records, and every roster entry from the
    roster, registrations and logins. The services keep both exact; this proves it. Exits
    with 1 when a difference is found (and not fixed), so a cron job can alert on it.
    """
    differences = totals.check_totals()
    for diff in differences:
        click.echo(
            _(
                "账号 %(account)d，%(year)d 年，%(column)s：记录为 %(stored)s，重算为 %(real)s",
                account=diff.account_id,
                year=diff.year,
                column=diff.column,
                stored=diff.stored,
                real=diff.recomputed,
            )
        )
    stale = roster.check_roster()
    if stale:
        shown = ", ".join(str(staff_id) for staff_id in stale[:20])
        click.echo(_("%(n)d 名职工的花名册汇总与职工信息不一致：%(ids)s", n=len(stale), ids=shown))
    if not differences and not stale:
        click.echo(_("时长汇总与服务记录一致。"))
        return
    if fix:
        rows = totals.rebuild_totals()
        entries = roster.rebuild_roster()
        db.session.commit()
        click.echo(_("已按服务记录重建 %(n)d 行时长汇总。", n=rows))
        click.echo(_("已重建 %(n)d 名职工的花名册汇总。", n=entries))
        return
    count = len(differences) + len(stale)
    click.echo(_("发现 %(n)d 处不一致；加 --fix 可按服务记录重建。", n=count))
    raise SystemExit(1)
