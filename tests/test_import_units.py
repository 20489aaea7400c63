"""Unit tree import: rows in any order, existing codes renamed or moved, all rows or none."""

import pytest
from import_files import UNIT_HEADER, csv_bytes, write_xlsx
from sqlalchemy import func

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.auth.permissions import scope_roots
from volunteer.imports import services
from volunteer.imports.tabular import ImportRejected
from volunteer.units.models import Unit, UnitKind


def import_units(rows: list[list], *, scope=None, filename="units.csv"):
    """Import as the CLI does; return the plan."""
    data = csv_bytes(rows, UNIT_HEADER)
    plan = services.plan_import("units", services.read_upload("units", filename, data), scope=scope)
    batch = services.store_upload(kind="units", filename=filename, content=data, uploader=None)
    services.apply_import(batch=batch, plan=plan, actor_id=None)
    return plan


def units_by_code(db) -> dict[str, Unit]:
    return {unit.code: unit for unit in db.session.scalars(db.select(Unit))}


def rejection(rows: list[list], scope=None) -> list[tuple]:
    with pytest.raises(ImportRejected) as raised:
        import_units(rows, scope=scope)
    return [(e.row, e.column, e.reason) for e in raised.value.errors]


def count(db, model) -> int:
    return db.session.scalar(db.select(func.count()).select_from(model))


def test_tree_is_built_from_rows_in_any_order(db):
    plan = import_units(
        [
            ["H1-01", "急诊科", "H1", "科室"],
            ["H1", "第一医院", "WJW", "单位"],
            ["WJW", "市卫健委", "", "机关"],
        ]
    )
    db.session.commit()

    assert plan.summary()["new"] == 3
    units = units_by_code(db)
    assert units["H1-01"].parent_id == units["H1"].id and units["H1"].parent_id == units["WJW"].id
    assert units["H1-01"].path == f"/{units['WJW'].id}/{units['H1'].id}/{units['H1-01'].id}/"
    assert units["H1-01"].kind == UnitKind.DEPARTMENT and units["WJW"].kind == "organisation"


def test_existing_codes_are_renamed_and_moved_with_their_subtree(db, org):
    plan = import_units(
        [
            ["H-A-01", "心血管内科", "H-B", "科室"],
            ["H-B", "第二人民医院", "WJW", "单位"],
            ["H-C", "中医院", "WJW", "单位"],
        ]
    )
    db.session.commit()

    assert plan.summary() == {"new": 1, "updated": 1, "unchanged": 1, "left": 0}
    units = units_by_code(db)
    moved = units["H-A-01"]
    assert (moved.name, moved.parent_id) == ("心血管内科", org["b"].id)
    assert moved.path == f"{org['b'].path}{moved.id}/"
    actions = db.session.scalars(
        db.select(AuditEntry.action).where(AuditEntry.subject_id == moved.id)
    )
    assert {"unit.update", "unit.move"} <= set(actions)


def test_a_unit_can_move_under_a_unit_that_was_below_it(db, org):
    # H-A-01 leaves H-A for the root, then H-A goes under it: order must follow the new tree.
    import_units([["H-A", "第一人民医院", "H-A-01", "单位"], ["H-A-01", "心内科", "WJW", "单位"]])
    db.session.commit()

    units = units_by_code(db)
    assert units["H-A"].parent_id == units["H-A-01"].id
    assert units["H-A-01"].parent_id == org["root"].id


def test_importing_the_same_tree_again_changes_nothing(db, org):
    rows = [["H-C", "中医院", "WJW", "单位"], ["H-C-01", "针灸科", "H-C", "科室"]]
    import_units(rows)
    db.session.commit()
    audits = count(db, AuditEntry)

    plan = import_units(rows)
    db.session.commit()

    assert plan.summary() == {"new": 0, "updated": 0, "unchanged": 2, "left": 0}
    assert count(db, AuditEntry) == audits + 1  # the import's own summary


BAD_TREES = [
    pytest.param(
        [["H-C", "中医院", "NOPE", "单位"]], (2, "上级编码", "上级编码不存在"), id="parent"
    ),
    pytest.param(
        [["H-C", "中医院", "WJW", "单位"], ["H-C", "肿瘤医院", "WJW", "单位"]],
        (3, "编码", "编码与第 2 行重复"),
        id="duplicate",
    ),
    pytest.param(
        [["H-C", "中医院", "WJW", "医院"]], (2, "类型", "类型应为“机关”“单位”或“科室”"), id="type"
    ),
    pytest.param([["H-C", "", "WJW", "单位"]], (2, "名称", "名称不能为空"), id="name"),
    pytest.param(
        [["X", "新根", "", "机关"]], (2, "上级编码", "只有根单位 WJW 可以没有上级"), id="root"
    ),
    pytest.param(
        [["H-A", "第一人民医院", "H-A-01", "单位"]], (2, "上级编码", "上级关系形成循环"), id="cycle"
    ),
]


@pytest.mark.parametrize(("rows", "error"), BAD_TREES)
def test_one_bad_row_rejects_the_tree_and_writes_nothing(db, org, rows, error):
    units, audits = count(db, Unit), count(db, AuditEntry)

    assert rejection([*rows, ["H-D", "妇幼保健院", "WJW", "单位"]]) == [error]
    db.session.rollback()
    assert (count(db, Unit), count(db, AuditEntry)) == (units, audits)


def test_every_row_of_a_cycle_in_the_file_is_reported(db, org):
    errors = rejection([["X1", "甲", "X2", "单位"], ["X2", "乙", "X1", "单位"]])

    assert errors == [(2, "上级编码", "上级关系形成循环"), (3, "上级编码", "上级关系形成循环")]


def test_administrator_imports_only_under_their_own_subtree(db, org, make_account):
    admin = make_account("admin-a", Role.ADMIN, org["a"])
    scope = scope_roots(admin, Role.ADMIN)
    errors = rejection(
        [
            ["H-A-02", "儿科", "H-A", "科室"],
            ["H-B-02", "儿科", "H-B", "科室"],
            ["H-B", "二院", "WJW", "单位"],
        ],
        scope=scope,
    )

    assert errors == [
        (3, "上级编码", "上级单位不在您的管理范围内"),
        (4, "编码", "不在您的管理范围内"),
    ]


def test_cli_imports_units_from_an_xlsx(runner, db, org, tmp_path):
    path = write_xlsx(tmp_path / "units.xlsx", [["H-C", "中医院", "WJW", "单位"]], UNIT_HEADER)

    result = runner.invoke(args=["import-units", str(path)])

    assert result.exit_code == 0, result.output
    assert "新增 1" in result.output
    assert units_by_code(db)["H-C"].parent_id == org["root"].id


def test_cli_refuses_a_bad_tree_with_the_error_table(runner, db, org, tmp_path):
    path = write_xlsx(tmp_path / "units.xlsx", [["H-C", "中医院", "NOPE", "单位"]], UNIT_HEADER)

    result = runner.invoke(args=["import-units", str(path)])

    assert result.exit_code == 1
    assert "2\t上级编码\tNOPE\t上级编码不存在" in result.stderr
    assert "H-C" not in units_by_code(db)
