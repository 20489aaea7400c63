"""Unit tree import: rows in any order, existing codes renamed or moved, all rows or none."""

import pytest
from import_files import UNIT_HEADER, csv_bytes, write_xlsx
from sqlalchemy import func

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.auth.permissions import scope_roots
from volunteer.imports import services
from volunteer.imports.tabular import ImportRejected
from volunteer.units.import_columns import KIND_WORDS
from volunteer.units.models import Unit, UnitKind


def import_units(rows: list[list], *, scope=None, filename="units.csv"):
    """Import as the CLI does; return the plan."""
    data = csv_bytes(rows, UNIT_HEADER)
    plan = services.plan_import("units", services.read_upload("units", filename, data), scope=scope)
    batch = services.store_upload(kind="units", filename=filename, content=data, uploader=None)
    services.apply_import(batch=batch, plan=plan, actor=None)
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


WORDS = [(word, kind) for kind, words in KIND_WORDS.items() for word in words]


@pytest.mark.parametrize(("word", "kind"), WORDS, ids=[word for word, _kind in WORDS])
def test_each_unit_type_people_write_maps_to_a_kind(db, org, word, kind):
    plan = import_units([["X1", "某单位", "H-A", word]])
    db.session.commit()

    assert units_by_code(db)["X1"].kind == kind
    (change,) = plan.changes
    assert change.diff["类型"][1] in {kind.label, f"{kind.label}（“{word}”）"}


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("社区卫生服务中心 ", UnitKind.UNIT),
        ("ＣＤＣ", None),  # full-width Latin is folded, and still unknown
        ("organisation", UnitKind.ORGANISATION),
        ("医院（三级）", UnitKind.UNIT),
    ],
)
def test_unit_types_are_read_whatever_the_spacing_width_or_note(db, org, written, kind):
    rows = [["X1", "某单位", "H-A", written]]
    if kind is None:
        assert [(row, column) for row, column, _reason in rejection(rows)] == [(2, "类型")]
    else:
        import_units(rows)
        assert units_by_code(db)["X1"].kind == kind


def test_an_unknown_type_names_every_accepted_word(db, org):
    with pytest.raises(ImportRejected) as raised:
        import_units([["H-C", "中医院", "WJW", "协会"]])

    (error,) = raised.value.errors
    assert (error.row, error.column, error.value) == (2, "类型", "协会")
    assert error.reason.startswith("类型“协会”无法识别。可填 ")
    assert all(word in error.reason for word, _kind in WORDS)
    assert error.reason.endswith("也可留空，按层级推断")


def test_a_blank_type_is_inferred_from_the_level_in_the_tree(db):
    plan = import_units(
        [
            ["D1-1", "内科一病区", "D1", ""],
            ["D1", "内科", "H1", ""],
            ["H1", "第一医院", "WJW", ""],
            ["WJW", "市卫健委", "", ""],
        ]
    )
    db.session.commit()

    units = units_by_code(db)
    assert units["WJW"].kind == UnitKind.ORGANISATION
    assert units["H1"].kind == UnitKind.UNIT
    assert units["D1"].kind == units["D1-1"].kind == UnitKind.DEPARTMENT
    shown = {change.key: change.diff["类型"] for change in plan.changes}
    assert shown["H1"] == (None, "单位（按层级推断）")


def test_a_file_without_a_type_column_infers_under_the_existing_tree(db, org):
    data = csv_bytes([["H-C", "中医院", "WJW"], ["H-C-01", "针灸科", "H-C"]], UNIT_HEADER[:3])
    table = services.read_upload("units", "units.csv", data)
    plan = services.plan_import("units", table, scope=None)
    batch = services.store_upload(kind="units", filename="units.csv", content=data, uploader=None)
    services.apply_import(batch=batch, plan=plan, actor=None)
    db.session.commit()

    units = units_by_code(db)
    assert (units["H-C"].kind, units["H-C-01"].kind) == (UnitKind.UNIT, UnitKind.DEPARTMENT)


def test_a_blank_type_keeps_an_existing_units_kind(db, org):
    # H-A is a unit at level 1; moved under H-B it would be inferred a department.
    plan = import_units([["H-A", "第一人民医院", "H-B", ""], ["WJW", "市卫生健康委员会", "", ""]])
    db.session.commit()

    assert units_by_code(db)["H-A"].kind == UnitKind.UNIT
    assert plan.summary()["unchanged"] == 1 and "类型" not in plan.changes[0].diff


def test_a_type_word_changes_an_existing_units_kind_and_says_which_word(db, org):
    plan = import_units([["H-A-01", "心内科", "H-A", "中心"]])

    (change,) = plan.changes
    assert change.diff["类型"] == ("科室", "单位（“中心”）")


@pytest.mark.parametrize(
    ("parent", "error"),
    [
        (["H-C", "中医院", "WJW", "协会"], (2, "类型")),
        (["H-C", "", "WJW", "医院"], (2, "名称")),
        (["H-C", "中医院", "H-C", "医院"], (2, "上级编码")),
    ],
    ids=["unknown-type", "blank-name", "own-parent"],
)
def test_an_error_on_a_parent_is_not_repeated_on_its_children(db, org, parent, error):
    errors = rejection(
        [
            parent,
            ["H-C-01", "针灸科", "H-C", "科室"],
            ["H-C-02", "推拿科", "H-C", "科"],
            ["H-C-02-1", "推拿一病区", "H-C-02", "病区"],
        ]
    )

    assert [(row, column) for row, column, _reason in errors] == [error]


def test_a_child_of_a_refused_parent_still_reports_its_own_errors(db, org):
    errors = rejection([["H-C", "中医院", "WJW", "协会"], ["H-C-01", "", "H-C", "科室"]])

    assert [(row, column) for row, column, _reason in errors] == [(2, "类型"), (3, "名称")]
    assert "上级编码不存在" not in {reason for _row, _column, reason in errors}
