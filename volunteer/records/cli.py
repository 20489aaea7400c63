"""flask --app volunteer import-records FILE; flask --app volunteer close-forgotten-sign-outs"""

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from volunteer.core.edge import command_transaction
from volunteer.core.numbers import format_hours
from volunteer.extensions import db
from volunteer.imports.cli import echo_error_table, progress_bar
from volunteer.imports.tabular import ImportRejected
from volunteer.progress import roster_sync as roster
from volunteer.records import totals
from volunteer.records.importing import plan as importing
from volunteer.records.importing.outcome import ClippedRow
from volunteer.records.queries import totals_check
from volunteer.records.services import forgotten


@click.command("import-records")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row by the rules; write nothing.")
@click.option("--source-note", help="Where the sessions come from, kept on each record.")
@with_appcontext
def import_records(file: Path, dry_run: bool, source_note: str | None) -> None:
    """Import service sessions from paper sheets or another system (.xlsx or .csv).

    Columns: 姓名; 工号 or 手机号; 活动编号 or 活动名称; 日期; 开始时间; 结束时间 or 时长
    (hours). Each row goes through the same rules as a scan: time outside the activity is
    clipped (the rows are listed), and an end before the start crosses midnight at a night
    activity. One bad row rejects the whole file, listing every error, and the command exits
    with 1. Rows imported before are skipped.
    """
    click.echo(_("正在读取 %(name)s …", name=file.name))
    # Commits by hand, unlike the other commands: a dry run rolls back what passed every rule,
    # and a rejected file lists its rows before the command fails.
    try:
        plan = importing.plan_records_import(data=file.read_bytes(), filename=file.name)
        with progress_bar(len(plan.sessions), _("写入")) as advance:
            summary = importing.apply_records_import(
                plan, source_note=source_note, progress=advance
            )
    except ImportRejected as rejected:
        db.session.rollback()
        echo_error_table(rejected)
        raise SystemExit(1) from None
    echo_clipped(summary.clipped)
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


def echo_clipped(clipped: list[ClippedRow]) -> None:
    """List the rows clipped to their activity, tab-separated like the error table."""
    if not clipped:
        return
    click.echo(_("%(n)d 行超出活动时间，只计入活动时间内的部分：", n=len(clipped)))
    click.echo(
        "\t".join([_("行号"), _("姓名"), _("活动编号"), _("日期"), _("填写 → 计入"), _("时长")])
    )
    for row in clipped:
        hours = format_hours(row.hours)
        click.echo(f"{row.row}\t{row.name}\t{row.activity}\t{row.day}\t{row.change}\t{hours}")


@click.command("close-forgotten-sign-outs")
@with_appcontext
@command_transaction
def close_forgotten_sign_outs() -> None:
    """Send sessions nobody signed out of (2 h after the activity ended) to review with 0 h.

    Meant for cron, every 15 minutes:

    \b
    */15 * * * * cd /srv/volunteer && .venv/bin/flask --app volunteer close-forgotten-sign-outs

    The person's next sign-in closes their own forgotten session anyway; this keeps the
    review queue current.
    """
    count = forgotten.close_forgotten_sign_outs(by=None)
    click.echo(_("已将 %(n)d 条未签退的记录转为待审核。", n=count))


@click.command("check-hours-totals")
@click.option("--fix", is_flag=True, help="Rebuild every total from the records afterwards.")
@with_appcontext
@command_transaction
def check_hours_totals(fix: bool) -> None:
    """Recompute what progress reads, and report any difference from what is kept.

    Every person's yearly totals from the service records, and every roster entry from the
    roster, registrations and logins. The services keep both exact; this proves it. Exits
    with 1 when a difference is found (and not fixed), so a cron job can alert on it.
    """
    kept = totals_check.check_kept()
    for line in kept.lines(limit=20):
        click.echo(line)
    if not kept.found:
        click.echo(_("时长汇总与服务记录一致。"))
        return
    if fix:
        rows = totals.rebuild_totals(breakdown=False)  # rebuild_roster rebuilds it
        entries = roster.rebuild_roster()
        click.echo(_("已按服务记录重建 %(n)d 行时长汇总。", n=rows))
        click.echo(_("已重建 %(n)d 名职工的花名册汇总。", n=entries))
        return
    click.echo(_("发现 %(n)d 处不一致；加 --fix 可按服务记录重建。", n=kept.found))
    raise SystemExit(1)
