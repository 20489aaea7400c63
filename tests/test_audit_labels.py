"""Every action code and every field the services write to the audit log has a label.

The codes and fields are collected from the source itself (the `action=` of every audit call,
the field lists passed to snapshot(), the keys of before/after dicts), so a new kind of change
that nobody labelled fails here instead of reaching an inspector as `registration.create`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from volunteer.audit.field_labels import FIELD_LABELS
from volunteer.audit.labels import ACTION_LABELS, CATEGORIES, SUBJECT_LABELS
from volunteer.imports.models import ImportKind
from volunteer.imports.plan import Outcome
from volunteer.people.import_plan import FIELD_COLUMNS
from volunteer.records.models import CorrectionStatus

SOURCE = Path(__file__).resolve().parent.parent / "volunteer"
ACTION = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*$")

# Codes built with an f-string, and the values their variable part takes.
DYNAMIC_ACTIONS = {
    "import.": list(ImportKind),  # imports/services.py: f"import.{batch.kind}"
    "correction.": [CorrectionStatus.ACCEPTED, CorrectionStatus.REJECTED],  # a resolution
}
# Fields a service writes from a mapping rather than a literal: an import's summary (one count
# per outcome, and the file's name) and the roster columns of the bulk staff import.
DYNAMIC_FIELDS = {*(str(o) for o in Outcome), "filename", "staff_no", *FIELD_COLUMNS}


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        yield path, ast.parse(path.read_text("utf-8"))


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}


def _values(node: ast.expr, scope: ast.FunctionDef, functions: dict) -> Iterator[ast.expr]:
    """Follow a name to what was assigned to it, and a call of a local function to its returns."""
    if isinstance(node, ast.Name):
        for assign in ast.walk(scope):
            if isinstance(assign, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in assign.targets
            ):
                yield from _values(assign.value, scope, functions)
    elif isinstance(node, ast.Call) and _call_name(node) in functions:
        function = functions[_call_name(node)]
        for ret in ast.walk(function):
            if isinstance(ret, ast.Return) and ret.value is not None:
                yield from _values(ret.value, function, functions)
    elif isinstance(node, ast.IfExp):
        yield from _values(node.body, scope, functions)
        yield from _values(node.orelse, scope, functions)
    else:
        yield node


def _audit_calls(tree: ast.Module) -> Iterator[tuple[ast.Call, ast.FunctionDef]]:
    """Yield the calls that write an audit entry: record_change(action=…) and the audit helpers."""
    for function in (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)):
        for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
            if "audit" in _call_name(call).lower() or any(k.arg == "action" for k in call.keywords):
                yield call, function


def collected_actions() -> set[str]:
    """Return every action code the services write, dynamic ones expanded."""
    codes: set[str] = set()
    for _path, tree in _modules():
        functions = _functions(tree)
        for call, scope in _audit_calls(tree):
            arguments = [k.value for k in call.keywords if k.arg == "action"]
            if "audit" in _call_name(call).lower():
                arguments += call.args
            for argument in arguments:
                for value in _values(argument, scope, functions):
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        if ACTION.match(value.value):
                            codes.add(value.value)
                    elif isinstance(value, ast.JoinedStr) and _code_prefix(value):
                        prefix = _code_prefix(value)
                        assert prefix in DYNAMIC_ACTIONS, f"add {prefix!r} to DYNAMIC_ACTIONS"
                        codes.update(f"{prefix}{part}" for part in DYNAMIC_ACTIONS[prefix])
    return codes


def _code_prefix(text: ast.JoinedStr) -> str:
    """Return "import." for f"import.{kind}"; "" for any other f-string (a reason, a note)."""
    head = text.values[0]
    prefix = head.value if isinstance(head, ast.Constant) else ""
    return prefix if re.fullmatch(r"[a-z][a-z_]*\.", str(prefix)) else ""


def collected_fields() -> set[str]:
    """Return every before/after field the services write: snapshot() lists and dict keys."""
    fields = set(DYNAMIC_FIELDS)
    for _path, tree in _modules():
        lists = {
            target.id: node.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        functions = _functions(tree)
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            if _call_name(call) == "snapshot" and len(call.args) == 2:
                names = call.args[1]
                names = lists.get(names.id, names) if isinstance(names, ast.Name) else names
                fields.update(_strings(names))
        for call, scope in _audit_calls(tree):
            for keyword in call.keywords:
                if keyword.arg in ("before", "after"):
                    for value in _values(keyword.value, scope, functions):
                        fields.update(_dict_keys(value))
            for node in ast.walk(scope):
                # after["volunteer_role_moved"] = True
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
                    target = node.targets[0]
                    if getattr(target.value, "id", "") in ("before", "after", "audited"):
                        fields.update(_strings(target.slice))
    return fields


def _strings(node: ast.AST) -> set[str]:
    return {
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }


def _dict_keys(node: ast.expr) -> set[str]:
    if not isinstance(node, ast.Dict):
        return set()
    return {k.value for k in node.keys if isinstance(k, ast.Constant) and isinstance(k.value, str)}


ACTIONS = sorted(collected_actions())
FIELDS = sorted(collected_fields())


def test_the_collector_finds_the_codes_of_every_feature():
    families = {code.split(".")[0] for code in ACTIONS}
    assert {"record", "registration", "staff", "unit", "activity", "correction"} <= families
    assert {"import.staff", "correction.accepted", "account.login_failed"} <= set(ACTIONS)
    assert {"status", "signed_in_at", "unit_id", "registration_rate", "left"} <= set(FIELDS)


@pytest.mark.parametrize("action", ACTIONS)
def test_every_action_in_the_code_has_a_label(action):
    assert action in ACTION_LABELS, f"label {action!r} in volunteer/audit/field_labels.py"


@pytest.mark.parametrize("action", sorted({*ACTIONS, *ACTION_LABELS}))
def test_every_action_belongs_to_exactly_one_category(action):
    holding = [key for key, category in CATEGORIES.items() if category.holds(action)]
    assert len(holding) == 1, holding


@pytest.mark.parametrize("field", FIELDS)
def test_every_audited_field_has_a_label(field):
    assert field in FIELD_LABELS, f"label {field!r} in volunteer/audit/field_labels.py"


def test_every_subject_the_services_write_has_a_label():
    subjects = set()
    for _path, tree in _modules():
        functions = _functions(tree)
        for call, scope in _audit_calls(tree):
            for keyword in call.keywords:
                if keyword.arg == "subject_type":
                    for value in _values(keyword.value, scope, functions):
                        subjects |= _strings(value) if isinstance(value, ast.Constant) else set()
            # audit(obj, "team", "team.create", FIELDS, …): the subject comes before the action
            if len(call.args) >= 3 and isinstance(call.args[1], ast.Constant):
                subjects.add(call.args[1].value)
    assert {"service_record", "staff_member", "team"} <= subjects
    assert subjects <= SUBJECT_LABELS.keys() | {"test"}
