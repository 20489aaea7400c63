"""The import-staff command: it imports a roster and prints the counts, shows the preview and
writes nothing on --dry-run, and on a bad file prints the error table and exits non-zero."""

from import_files import write_csv, write_xlsx
from staff_import_world import LI, ZHANG, _row, counts, staff_by_no


def test_cli_imports_a_roster_and_prints_the_counts(runner, db, org, tmp_path):
    path = write_xlsx(tmp_path / "roster.xlsx", [ZHANG, LI])

    result = runner.invoke(args=["import-staff", str(path)])

    assert result.exit_code == 0, result.output
    assert "新增 2" in result.output and "导入完成" in result.output
    assert set(staff_by_no(db)) == {"000123", "000456"}


def test_cli_dry_run_shows_the_preview_and_writes_nothing(runner, db, org, tmp_path):
    path = write_csv(tmp_path / "roster.csv", [ZHANG, LI], encoding="gbk")
    before = counts(db)

    result = runner.invoke(args=["import-staff", str(path), "--dry-run"])

    assert result.exit_code == 0, result.output
    assert "新增 2" in result.output and "试运行" in result.output
    assert counts(db) == before


def test_cli_prints_the_error_table_and_exits_non_zero_on_a_bad_file(runner, db, org, tmp_path):
    path = write_csv(tmp_path / "roster.csv", [ZHANG, _row(工号="000456", 单位编码="XX")])
    before = counts(db)

    result = runner.invoke(args=["import-staff", str(path)])

    assert result.exit_code == 1
    assert "3\t单位编码\tXX\t单位编码不存在" in result.stderr
    assert counts(db) == before
