"""Import a unit tree (编码, 名称, 上级编码, 类型): rows in any order, all valid or nothing written.

A parent may come later in the file than its children. 类型 takes the words people write
(医院, 疾控中心, 科; units/import_columns.py), or is inferred from the tree when blank. Existing
codes are renamed or moved through the unit services, so every change is audited like one made by
hand, and importing the same file again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from flask_babel import gettext as _

from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.imports.plan import ImportPlan, Outcome, RowChange
from volunteer.imports.tabular import ImportRejected, RowError, Table
from volunteer.people.validation import clean_text, fold_identifier
from volunteer.units.import_columns import KIND_WORDS, kind_at_depth, kind_for_word
from volunteer.units.models import Unit, UnitKind, path_within
from volunteer.units.services import create_unit, move_unit, update_unit

MAX_LENGTH = {"编码": 32, "名称": 100}


@dataclass(frozen=True)
class UnitRow:
    """A valid row; codes are normalised to upper case, parent None only for the root."""

    row: int
    code: str
    name: str
    parent_code: str | None
    # None until the tree is known when the cell was blank; `word` is the cell as written.
    kind: UnitKind | None
    word: str = ""


@dataclass
class UnitPlan(ImportPlan):
    """The preview, plus the rows that change, parents before children."""

    ordered: list[UnitRow] = field(default_factory=list)


def plan_unit_import(table: Table, *, scope: list[Unit] | None) -> UnitPlan:
    """Check every row against the tree and the administrator's scope (None: the whole tree)."""
    errors: list[RowError] = []
    # refused: the codes of rows with errors of their own, and their row numbers.
    rows, refused = _read_rows(table, errors)
    stored = {unit.code.upper(): unit for unit in db.session.scalars(db.select(Unit))}
    root = next((unit for unit in stored.values() if unit.parent_id is None), None)
    by_id = {unit.id: unit for unit in stored.values()}
    scope_paths = None if scope is None else [unit.path for unit in scope]

    def parent_of(code: str) -> str | None:
        """Return the code of a unit's parent once the file is applied (None: root or unknown)."""
        if code in rows:
            return rows[code].parent_code
        unit = stored.get(code)
        return by_id[unit.parent_id].code.upper() if unit and unit.parent_id else None

    roots_in_file = 0
    for row in rows.values():
        unit, parent = stored.get(row.code), stored.get(row.parent_code or "")

        def fail(column: str, value: str, reason: str, number: int = row.row) -> None:
            errors.append(RowError(number, column, value, reason))

        if unit is not None and not path_within(unit.path, scope_paths):
            fail("编码", row.code, _("不在您的管理范围内"))
        elif row.parent_code is None:
            roots_in_file += 1
            if root is not None and row.code != root.code.upper():
                fail("上级编码", "", _("只有根单位 %(code)s 可以没有上级", code=root.code))
            elif root is None and roots_in_file > 1:
                fail("上级编码", "", _("只能有一个根单位"))
        elif unit is not None and unit.parent_id is None:
            fail("上级编码", row.parent_code, _("根单位不能移动"))
        elif parent is None and row.parent_code in refused:
            pass  # the parent's row shows its own error; "上级编码不存在" here would mislead
        elif parent is None and row.parent_code not in rows:
            fail("上级编码", row.parent_code, _("上级编码不存在"))
        elif parent is None or (unit is not None and unit.parent_id == parent.id):
            pass  # a parent from the file is checked on its own row; staying put needs no check
        elif not path_within(parent.path, scope_paths):
            fail("上级编码", row.parent_code, _("上级单位不在您的管理范围内"))
        elif parent.retired_on is not None:
            fail("上级编码", row.parent_code, _("上级单位已撤销"))

    depth = _final_depths(rows, parent_of, errors)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda error: error.row))
    for code, row in rows.items():
        if row.kind is None:
            unit = stored.get(code)
            kind = UnitKind(unit.kind) if unit is not None else kind_at_depth(depth[code])
            rows[code] = replace(row, kind=kind)

    plan = UnitPlan()
    for row in sorted(rows.values(), key=lambda row: (depth[row.code], row.row)):
        change = _row_change(row, stored.get(row.code), by_id)
        plan.add(change)
        if change.outcome != Outcome.UNCHANGED:
            plan.ordered.append(row)
    plan.changes.sort(key=lambda change: change.row)
    return plan


def apply_unit_plan(plan: UnitPlan, *, reason: str, actor: Account | None) -> None:
    """Create, rename and move units, parents first, through the audited unit services."""
    units = {unit.code.upper(): unit for unit in db.session.scalars(db.select(Unit))}
    for row in plan.ordered:
        assert row.kind is not None  # planning resolved every blank 类型
        parent = units[row.parent_code] if row.parent_code else None
        unit = units.get(row.code)
        if unit is None:
            units[row.code] = create_unit(
                code=row.code, name=row.name, kind=row.kind, parent=parent, actor=actor
            )
            continue
        update_unit(unit=unit, name=row.name, kind=row.kind, actor=actor)
        if parent is not None and unit.parent_id != parent.id:
            move_unit(unit=unit, new_parent=parent, reason=reason, actor=actor)
    db.session.flush()


def _read_rows(table: Table, errors: list[RowError]) -> tuple[dict[str, UnitRow], dict[str, int]]:
    """Normalise every row; report blank, over-long, unknown-type and repeated values.

    Return the valid rows by code, and the codes of the refused rows with their row numbers.
    """
    rows: dict[str, UnitRow] = {}
    refused: dict[str, int] = {}
    for number, values in table.rows:
        found = len(errors)
        code = fold_identifier(values.get("编码"))
        name = clean_text(values.get("名称"))
        for column, value in (("编码", code), ("名称", name)):
            if not value:
                errors.append(RowError(number, column, "", _("%(column)s不能为空", column=column)))
            elif len(value) > MAX_LENGTH[column]:
                reason = _("过长（最多 %(n)d 个字符）", n=MAX_LENGTH[column])
                errors.append(RowError(number, column, value, reason))
        word = clean_text(values.get("类型"))
        kind = kind_for_word(word) if word else None
        if word and kind is None:
            errors.append(RowError(number, "类型", word, _unknown_kind(word)))
        if code in rows:
            reason = _("编码与第 %(n)d 行重复", n=rows[code].row)
            errors.append(RowError(number, "编码", code, reason))
        parent_code = fold_identifier(values.get("上级编码")) or None
        if parent_code is not None and parent_code == code:
            errors.append(RowError(number, "上级编码", parent_code, _("上级不能是自己")))
        if len(errors) == found:
            rows[code] = UnitRow(number, code, name, parent_code, kind, word)
        elif code and code not in rows:
            refused.setdefault(code, number)
    return rows, refused


def _unknown_kind(word: str) -> str:
    """Say that a 类型 is not known, listing every word accepted for each kind."""
    words = _("；").join(
        _("%(kind)s：%(words)s", kind=_(kind.label), words=_("、").join(accepted))
        for kind, accepted in KIND_WORDS.items()
    )
    return _("类型“%(word)s”无法识别。可填 %(words)s；也可留空，按层级推断", word=word, words=words)


def _final_depths(rows: dict[str, UnitRow], parent_of, errors: list[RowError]) -> dict[str, int]:
    """Return each unit's depth in the tree the file makes; report the rows caught in a cycle."""
    depth: dict[str, int] = {}
    for start in rows:
        trail: list[str] = []
        code = start
        while code is not None and code not in depth and code not in trail:
            trail.append(code)
            code = parent_of(code)
        if code is not None and code in trail:
            cut = trail.index(code)
            for member in trail[cut:]:
                depth[member] = 0
                if member in rows:
                    row = rows[member]
                    errors.append(
                        RowError(row.row, "上级编码", row.parent_code or "", _("上级关系形成循环"))
                    )
            trail, base = trail[:cut], 0
        else:
            base = depth[code] if code is not None else -1
        for offset, member in enumerate(reversed(trail), start=1):
            depth[member] = base + offset
    return depth


def _row_change(row: UnitRow, unit: Unit | None, by_id: dict[int, Unit]) -> RowChange:
    assert row.kind is not None  # every blank 类型 is resolved once the tree is known
    after = {"名称": row.name, "类型": row.kind.label, "上级编码": row.parent_code}
    if unit is None:
        diff: dict[str, tuple[str | None, str | None]] = {
            column: (None, value) for column, value in after.items() if value
        }
        diff["类型"] = (None, _kind_shown(row.kind, row.word))
        return RowChange(row.row, row.code, row.name, Outcome.NEW, diff)
    parent = by_id.get(unit.parent_id) if unit.parent_id else None
    before = {
        "名称": unit.name,
        "类型": UnitKind(unit.kind).label,
        "上级编码": parent.code.upper() if parent else None,
    }
    diff = {
        column: (before[column], after[column])
        for column in after
        if before[column] != after[column]
    }
    if "类型" in diff:
        diff["类型"] = (_(before["类型"] or ""), _kind_shown(row.kind, row.word))
    outcome = Outcome.UPDATED if diff else Outcome.UNCHANGED
    return RowChange(row.row, row.code, row.name, outcome, diff)


def _kind_shown(kind: UnitKind, word: str) -> str:
    """Show the kind a row gets, with the word that gave it or that it was inferred."""
    label = _(kind.label)
    if not word:
        return _("%(kind)s（按层级推断）", kind=label)
    return label if word == kind.label else _("%(kind)s（“%(word)s”）", kind=label, word=word)
