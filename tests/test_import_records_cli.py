"""The record commands: `import-records` imports a sheet once and skips it on a second run, writes
nothing on a dry run, lists the clipped rows, and prints the error table and exits 1 on bad rows;
`close-forgotten-sign-outs` sends a session left open to review."""

import pytest
from conftest import local_time
from import_files import RECORDS_HEADER, write_csv
from import_records_world import (  # noqa: F401 - the fixtures are used by name
    DAY,
    morning_fixture,
    records,
    row,
    world_fixture,
)

from volunteer.records.models import RecordSource, RecordStatus, ReviewReason
from volunteer.records.services import sessions


def test_command_imports_then_skips_on_the_second_run(db, world, runner, tmp_path):
    path = write_csv(tmp_path / "sheet.csv", [row(world["zhang"], world["clinic"])], RECORDS_HEADER)

    first = runner.invoke(args=["import-records", str(path), "--source-note", "纸质表"])
    second = runner.invoke(args=["import-records", str(path)])

    assert first.exit_code == 0, first.output
    assert "新增 1 条，已导入过 0 条" in first.output
    assert "新增 0 条，已导入过 1 条" in second.output
    assert records(db)[0].note == "纸质表，第 2 行"


def test_command_dry_run_writes_nothing(db, world, runner, tmp_path):
    path = write_csv(tmp_path / "sheet.csv", [row(world["zhang"], world["clinic"])], RECORDS_HEADER)
    result = runner.invoke(args=["import-records", "--dry-run", str(path)])
    assert result.exit_code == 0, result.output
    assert "未写入" in result.output
    assert records(db) == []


@pytest.mark.parametrize(
    ("options", "outcome"), [(["--dry-run"], "检查通过（未写入）"), ([], "导入完成")]
)
def test_command_lists_the_clipped_rows(db, world, morning, runner, tmp_path, options, outcome):
    line = row(world["zhang"], morning, "07:30", "12:40", day="2026-03-07")
    path = write_csv(tmp_path / "sheet.csv", [line], RECORDS_HEADER)

    result = runner.invoke(args=["import-records", *options, str(path)])

    assert result.exit_code == 0, result.output
    assert "1 行超出活动时间，只计入活动时间内的部分：" in result.output
    assert f"2\t张三\t{morning.number}\t2026-03-07\t07:30–12:40 → 08:00–12:00\t4" in result.output
    assert outcome in result.output


def test_command_prints_the_error_table_and_exits_1(db, world, runner, tmp_path):
    rows = [
        row(world["zhang"], world["clinic"]),
        ["赵六", "NOBODY", "", "HD000001", DAY, "9:00", "10:00"],
    ]
    path = write_csv(tmp_path / "sheet.csv", rows, RECORDS_HEADER)
    result = runner.invoke(args=["import-records", str(path)])
    assert result.exit_code == 1
    assert "3\t工号\tNOBODY\t工号不在花名册中" in result.output
    assert records(db) == []


def test_close_forgotten_sign_outs_command(db, world, runner, org, make_activity):
    past = make_activity(org["a"], "早班导诊", starts_at=local_time(2026, 3, 1, 8, 0), hours=2)
    sessions.record_sign_in(
        account=world["zhang"],
        activity=past,
        source=RecordSource.SELF_SCAN,
        at=local_time(2026, 3, 1, 8, 0),
    )
    db.session.commit()

    result = runner.invoke(args=["close-forgotten-sign-outs"])

    assert result.exit_code == 0 and "1" in result.output
    (record,) = records(db)
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.review_reason == ReviewReason.FORGOTTEN_SIGN_OUT
