"""The progress commands on the hand-built organisation of the figure tests: `progress` prints a
unit then its children as JSON or CSV with the figures of docs/rules.md §4, and refuses an unknown
unit and a year not begun; `check-hours-totals` reports a drift in the stored totals, exits 1, and
fixes it with --fix."""

from __future__ import annotations

import json

from progress_town_world import D, town_fixture  # noqa: F401 - the fixture is used by name

from volunteer.extensions import db as _db


def test_the_cli_prints_the_unit_then_its_children(town, runner, monkeypatch):
    monkeypatch.setattr("volunteer.progress.queries.years.local_today", lambda: D)
    result = runner.invoke(args=["progress", "--year", "2026", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [row["code"] for row in rows] == ["WJW", "H-A", "H-B"]
    assert list(rows[0]) == [
        "code",
        "name",
        "headcount",
        "registered",
        "registration_rate",
        "approved_hours",
        "hours_per_person",
        "meeting_target",
        "pace_status",
    ]
    assert rows[0] == {
        "code": "WJW",
        "name": "市卫生健康委员会",
        "headcount": 6,
        "registered": 4,
        "registration_rate": 0.6667,
        "approved_hours": 126.0,
        "hours_per_person": 21.0,
        "meeting_target": 1,
        "pace_status": "at_risk",
    }
    assert rows[2]["pace_status"] == "on_track"

    csv_out = runner.invoke(args=["progress", "--year", "2026", "--unit", "h-a", "--format", "csv"])
    lines = csv_out.output.splitlines()
    assert lines[0] == (
        "code,name,headcount,registered,registration_rate,approved_hours,hours_per_person,"
        "meeting_target,pace_status"
    )
    assert lines[1] == "H-A,第一人民医院,3,1,0.3333,40.0,13.33,0,behind"
    assert lines[2].startswith("H-A-01,心内科,2,1,0.5,40.0,20.0,0,")


def test_the_cli_refuses_an_unknown_unit_and_a_future_year(town, runner):
    unknown = runner.invoke(args=["progress", "--unit", "NOPE"])
    assert unknown.exit_code != 0 and "找不到单位" in unknown.output
    future = runner.invoke(args=["progress", "--year", "2999"])
    assert future.exit_code != 0 and "尚未开始" in future.output


def test_check_hours_totals_reports_and_fixes_a_drift(town, runner):
    _db.session.execute(
        _db.text("UPDATE person_year_hours SET approved_hours = approved_hours + 1")
    )
    _db.session.commit()
    report = runner.invoke(args=["check-hours-totals"])
    assert report.exit_code == 1
    assert "approved_hours" in report.output
    fixed = runner.invoke(args=["check-hours-totals", "--fix"])
    assert fixed.exit_code == 0, fixed.output
    assert runner.invoke(args=["check-hours-totals"]).exit_code == 0
