"""flask --app volunteer demo-data: a small organisation to try the registry with, or a city."""

import time

import click
from flask.cli import with_appcontext

from volunteer.activities.models import Activity
from volunteer.clock import local_today
from volunteer.core.times import local_period
from volunteer.demo.certificates import issue_demo_certificates
from volunteer.demo.services import (
    STAFF_PER_UNIT,
    DemoLogin,
    demo_loaded,
    existing_logins,
    load_demo,
)
from volunteer.demo.today import ensure_running_activity
from volunteer.demo.year import expected_sessions
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
    type=click.Choice(["small", "city", "province"]),
    default="small",
    show_default=True,
    help="small: 3 hospitals, ~200 staff, a year. city: ~60 units, 30,000 staff, 1.2M records. "
    "province: 10 such cities, 300,000 staff, 12M records (PostgreSQL only).",
)
@with_appcontext
def demo_data(scale: str):
    """Load the demo organisation once; later runs start today's activity and print the logins."""
    if demo_loaded():
        click.echo(
            "数据库中已有单位数据，跳过演示数据加载。Units exist already: demo not loaded again."
        )
        if scale != "small":
            _print_logins(existing_logins())
            # A city on top of other data would mix two trees: refuse rather than half-load.
            raise SystemExit(1)
        running = ensure_running_activity()
        db.session.commit()
        _print_running(running)
        _print_logins(existing_logins())
        return
    if scale == "city":
        _load_city()
        return
    if scale == "province":
        _load_province()
        return
    logins = _load_small()
    running = ensure_running_activity()
    db.session.commit()
    click.echo("演示数据已加载 Demo organisation loaded.")
    _print_running(running)
    _print_logins(logins)


def _load_small() -> list[DemoLogin]:
    with click.progressbar(
        length=expected_sessions(local_today(), sum(STAFF_PER_UNIT.values())),
        label="演示数据 demo",
        show_eta=False,
    ) as bar:
        logins = load_demo(advance=bar.update)
        db.session.commit()
    volunteer = next(login.username for login in logins if login.role == "volunteer")
    issued = issue_demo_certificates(volunteer)
    db.session.commit()
    click.echo(f"已出具并签名 {issued} 份演示证明 Demo certificates issued and signed: {issued}")
    return logins


def _load_city() -> None:
    from volunteer.demo.city import CITY, load_city, work_estimate

    _load_at_scale(
        "城市规模演示数据 city demo",
        "城市规模演示数据已加载 City demo loaded",
        work_estimate(CITY),
        lambda advance: load_city(CITY, advance=advance),
    )


def _load_province() -> None:
    from volunteer.demo.province import PROVINCE, load_province, province_work_estimate

    if db.engine.dialect.name != "postgresql":
        click.echo(
            "省级规模演示数据（30 万职工、1200 万条服务记录）只支持 PostgreSQL：在 SQLite 上"
            "需在一个写事务中写入数 GB 数据，期间整个数据库被锁定。请用 PostgreSQL 数据库，"
            "或改用 --scale city。Province scale needs PostgreSQL; use --scale city on SQLite.",
            err=True,
        )
        raise SystemExit(1)
    _load_at_scale(
        "省级规模演示数据 province",
        "省级规模演示数据已加载 Province demo loaded",
        province_work_estimate(PROVINCE),
        lambda advance: load_province(PROVINCE, advance=advance),
    )


def _load_at_scale(label: str, done: str, work: int, load) -> None:
    """Load a city or a province behind a progress bar, then say what was loaded and the logins."""
    from volunteer.demo.city import analyze_after_load

    began = time.perf_counter()
    with click.progressbar(length=work, label=label, show_eta=True) as bar:

        def advance(what: str, rows: int) -> None:
            bar.label = f"{what:<28}"
            bar.update(rows)

        loaded = load(advance)
        db.session.commit()
        bar.update(work)
    analyze_after_load()
    db.session.commit()
    click.echo(f"{done} in {time.perf_counter() - began:.0f} s:")
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


def _print_running(activity: Activity | None) -> None:
    if activity is not None:
        click.echo(
            f"正在进行的活动 Running now: {activity.title}"
            f"（{activity.unit.name}，{local_period(activity.starts_at, activity.ends_at)}）"
        )
