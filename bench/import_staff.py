"""Time a 30,000-row staff roster import against openpyxl merely reading the same file (issue 2).

    .venv/bin/python bench/import_staff.py

Writes bench/out/roster-30000.xlsx (about 60 units, generated people with valid ID numbers),
builds a fresh SQLite database with the migrations (and a PostgreSQL one when
VOLUNTEER_BENCH_DATABASE_URL names a throwaway database: its public schema is dropped), then
times (a) openpyxl reading every cell, the floor no import can beat, (b) the whole import as
`flask import-staff` runs it (read, validate, plan, apply, commit) and (c) the same file again,
which must change nothing. Exits 1 when (b) takes 15 s or more.
"""

from __future__ import annotations

import os
import platform
import random
import secrets
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask_migrate import upgrade
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from volunteer import create_app
from volunteer.demo.people import make_people
from volunteer.extensions import db
from volunteer.imports import services
from volunteer.people.models import StaffMember

ROOT = Path(__file__).resolve().parent.parent

ROWS = 30_000
LIMIT_SECONDS = 15.0
OUT = ROOT / "bench" / "out"
HOSPITALS = 12
DEPARTMENTS = ["急诊科", "心血管内科", "儿科", "护理部"]
HEADER = ["姓名", "工号", "单位编码", "手机号", "性别", "身份证号", "政治面貌", "入职日期"]
HEADER += ["在职状态", "离职日期"]


def unit_rows() -> list[list[str]]:
    """Return a commission, 12 hospitals and 4 departments each: 61 units."""
    rows = [["WJW", "示范市卫生健康委员会", "", "机关"]]
    for h in range(1, HOSPITALS + 1):
        rows.append([f"H{h:02d}", f"示范市第{h}医院", "WJW", "单位"])
        rows += [
            [f"H{h:02d}-{d:02d}", name, f"H{h:02d}", "科室"]
            for d, name in enumerate(DEPARTMENTS, start=1)
        ]
    return rows


def write_roster(path: Path, unit_codes: list[str]) -> None:
    """Write the roster as Excel users do: dates as dates, some 工号 as numbers shown 000000."""
    rng = random.Random(2)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for n, person in enumerate(make_people(ROWS, seed=2), start=1):
        hired_on = person.hired_on
        staff_no: object = f"{n:06d}"
        if n % 10 == 0:
            staff_no = WriteOnlyCell(sheet, value=n)
            staff_no.number_format = "000000"
        status, left_on = "在职", None
        if rng.random() < 0.05:
            status = rng.choice(["离职", "退休"])
            left_on = min(hired_on + timedelta(days=rng.randrange(3000)), date(2025, 6, 30))
        sheet.append(
            [
                person.name,
                staff_no,
                rng.choice(unit_codes),
                person.phone,
                person.gender,
                person.id_card,
                person.political_status,
                min(hired_on, date(2025, 6, 30)),
                status,
                left_on,
            ]
        )
    workbook.save(path)


def write_units(path: Path) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["编码", "名称", "上级编码", "类型"])
    for row in unit_rows():
        sheet.append(row)
    workbook.save(path)


def read_every_cell(path: Path) -> int:
    """The floor: what openpyxl alone needs to hand over every cell of the file."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for row in workbook.worksheets[0].iter_rows():
        for cell in row:
            cell.value  # noqa: B018 (touching the value is the point)
            cells += 1
    workbook.close()
    return cells


def import_file(kind: str, path: Path) -> tuple[dict[str, int], str]:
    """Import a file exactly as the CLI does, as the system; return the counts and phase times."""
    marks = [time.perf_counter()]
    content = path.read_bytes()
    table = services.read_upload(kind, path.name, content)
    marks.append(time.perf_counter())
    plan = services.plan_import(kind, table, scope=None)
    marks.append(time.perf_counter())
    batch = services.store_upload(kind=kind, filename=path.name, content=content, uploader=None)
    summary = services.apply_import(batch=batch, plan=plan, actor_id=None)
    db.session.commit()
    marks.append(time.perf_counter())
    phases = zip(("read", "check+plan", "write+commit"), marks, marks[1:], strict=False)
    return summary, ", ".join(f"{name} {end - start:.2f} s" for name, start, end in phases)


def fresh_database(url: str) -> None:
    """Empty the database and build the schema with the migrations."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    else:
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()


def bench_database(url: str, roster: Path, units: Path) -> tuple[float, float, str]:
    """Return the seconds of the first import and of the repeated one, and the first's phases."""
    fresh_database(url)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(16)})
    with app.app_context():
        upgrade()
        import_file("units", units)
        start = time.perf_counter()
        first, phases = import_file("staff", roster)
        elapsed = time.perf_counter() - start
        assert first["new"] == ROWS, first
        assert db.session.scalar(sa.select(sa.func.count(StaffMember.id))) == ROWS

        start = time.perf_counter()
        again, _ = import_file("staff", roster)
        repeated = time.perf_counter() - start
        assert again == {"new": 0, "updated": 0, "unchanged": ROWS, "left": 0}, again
        db.session.remove()
        db.engine.dispose()
    return elapsed, repeated, phases


def line(label: str, seconds: float, note: str) -> None:
    print(f"{label:<38} {seconds:6.2f} s  ({note})")


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    roster, units = OUT / f"roster-{ROWS}.xlsx", OUT / "units.xlsx"
    write_units(units)
    if not roster.exists():
        codes = [row[0] for row in unit_rows()[1:]]
        write_roster(roster, codes)
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )
    print(f"file: {roster.relative_to(ROOT)} ({roster.stat().st_size / 1e6:.1f} MB, {ROWS} rows)")

    start = time.perf_counter()
    cells = read_every_cell(roster)
    floor = time.perf_counter() - start
    line(f"(a) openpyxl reading {cells} cells", floor, "the floor")

    databases = {"SQLite": f"sqlite:///{OUT / 'bench.db'}"}
    if os.environ.get("VOLUNTEER_BENCH_DATABASE_URL"):
        databases["PostgreSQL"] = os.environ["VOLUNTEER_BENCH_DATABASE_URL"]
    failed = False
    for label, url in databases.items():
        elapsed, repeated, phases = bench_database(url, roster, units)
        line(f"(b) full import on {label}", elapsed, f"{elapsed / floor:.1f}x the floor: {phases}")
        line(f"(c) same file again on {label}", repeated, "all unchanged")
        if elapsed >= LIMIT_SECONDS:
            print(f"FAIL: the import on {label} took {elapsed:.1f} s, limit {LIMIT_SECONDS:.0f} s")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
