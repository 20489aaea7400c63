"""Turn one row of a roster file into checked, normalised values, or into row errors."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from flask_babel import gettext as _

from volunteer.core.masking import mask_id_card
from volunteer.imports.tabular import RowError
from volunteer.people.models import EmploymentStatus
from volunteer.people.validation import (
    GENDERS,
    clean_text,
    email_problem,
    fold_identifier,
    fold_width,
    id_card_problem,
    is_valid_phone,
    normalise_email,
    normalise_phone,
    parse_date,
    trim_name,
)
from volunteer.units.models import path_within

# The file names statuses in Chinese, whatever the uploader's language.
STATUS_BY_LABEL = {status.label: status for status in EmploymentStatus}
MAX_LENGTH = {"姓名": 50, "工号": 32, "政治面貌": 20}


@dataclass(frozen=True)
class UnitRef:
    """What a row check needs of a unit."""

    id: int
    code: str
    path: str
    retired_on: date | None


@dataclass(frozen=True)
class StaffRow:
    """A valid row; None in an optional field means the cell was blank."""

    row: int
    staff_no: str
    name: str
    unit_id: int
    phone: str | None
    email: str | None
    gender: str | None
    id_card: str | None
    political_status: str | None
    hired_on: date | None
    status: EmploymentStatus
    left_on: date | None

    def stored_fields(self) -> dict:
        """Return the StaffMember fields this row gives, 工号 aside."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _NOT_STORED}


_NOT_STORED = {"row", "staff_no"}


def read_staff_row(
    number: int,
    values: dict[str, str],
    units: dict[str, UnitRef],
    scope_paths: list[str] | None,
    today: date,
    errors: list[RowError],
) -> StaffRow | None:
    """Check one row; append its problems to `errors` and return None when it has any."""
    found: list[RowError] = []

    def fail(column: str, value: str, reason: str) -> None:
        found.append(RowError(number, column, value, reason))

    name = trim_name(values.get("姓名"))
    staff_no = fold_identifier(values.get("工号"))
    for column, value in (("姓名", name), ("工号", staff_no)):
        if not value:
            fail(column, "", _("%(column)s不能为空", column=column))
        elif len(value) > MAX_LENGTH[column]:
            fail(column, value, _("过长（最多 %(n)d 个字符）", n=MAX_LENGTH[column]))

    unit = _unit(values.get("单位编码"), units, scope_paths, fail)
    phone = normalise_phone(values.get("手机号"))
    if phone and not is_valid_phone(phone):
        fail("手机号", phone, _("手机号格式不正确"))
    email = normalise_email(values.get("邮箱"))
    problem = email_problem(email) if email else None
    if problem:
        fail("邮箱", email, _(problem))
    gender = clean_text(values.get("性别"))
    if gender and gender not in GENDERS:
        fail("性别", gender, _("性别应为“男”或“女”"))
    id_card = fold_identifier(values.get("身份证号"))
    problem = id_card_problem(id_card) if id_card else None
    if problem:
        # Even a wrong ID number is someone's: the error table shows it masked.
        fail("身份证号", mask_id_card(id_card), _(problem))
    political = clean_text(values.get("政治面貌"))
    if len(political) > MAX_LENGTH["政治面貌"]:
        fail("政治面貌", political, _("过长（最多 %(n)d 个字符）", n=MAX_LENGTH["政治面貌"]))
    hired_on = _date("入职日期", values, fail)
    status_label = clean_text(values.get("在职状态")) or EmploymentStatus.ACTIVE.label
    status = STATUS_BY_LABEL.get(status_label)
    if status is None:
        fail("在职状态", status_label, _("在职状态应为“在职”“离职”或“退休”"))
    left_on = _date("离职日期", values, fail)
    if left_on and status == EmploymentStatus.ACTIVE:
        fail("离职日期", left_on.isoformat(), _("在职状态为“在职”时不应填写离职日期"))
    elif left_on and hired_on and left_on < hired_on:
        fail("离职日期", left_on.isoformat(), _("离职日期不能早于入职日期"))
    elif left_on and left_on > today:
        fail("离职日期", left_on.isoformat(), _("离职日期不能晚于今天"))

    if found or unit is None or status is None:  # no unit or status is always a problem found
        errors.extend(found)
        return None
    return StaffRow(
        row=number,
        staff_no=staff_no,
        name=name,
        unit_id=unit.id,
        phone=phone or None,
        email=email or None,
        gender=gender or None,
        id_card=id_card or None,
        political_status=political or None,
        hired_on=hired_on,
        status=status,
        left_on=left_on,
    )


def stored_row_problem(
    row: StaffRow,
    old: dict | None,
    units_by_id: dict[int, UnitRef],
    scope_paths: list[str] | None,
) -> RowError | None:
    """Say why a valid row cannot apply to the person stored under its 工号 (`old`), or None."""
    unit = units_by_id[row.unit_id]
    if old is not None and not path_within(units_by_id[old["unit_id"]].path, scope_paths):
        return RowError(row.row, "工号", row.staff_no, _("该工号属于您管理范围以外的职工"))
    if old is not None and _moves_someone_out_of_service(old, row):
        # As on the transfer page: only people in service move; a former one is history.
        return RowError(row.row, "单位编码", unit.code, _("已离职/退休人员不能调动"))
    if unit.retired_on and _joins(old, row):
        # People already on a retired unit's roster may stay there as history; nobody joins.
        return RowError(row.row, "单位编码", unit.code, _("该单位已撤销"))
    return None


def _moves_someone_out_of_service(old: dict, row: StaffRow) -> bool:
    """Say whether the row gives a new unit to someone out of service who stays out of it."""
    return (
        old["unit_id"] != row.unit_id
        and old["status"] != EmploymentStatus.ACTIVE
        and row.status != EmploymentStatus.ACTIVE
    )


def _joins(old: dict | None, row: StaffRow) -> bool:
    """Say whether the row puts someone in service on its unit who was not in service there."""
    if old is None or old["unit_id"] != row.unit_id:
        return True
    return old["status"] != EmploymentStatus.ACTIVE and row.status == EmploymentStatus.ACTIVE


def _unit(raw: str | None, units: dict[str, UnitRef], scope_paths, fail) -> UnitRef | None:
    code = fold_identifier(raw)
    unit = units.get(code)
    if not code:
        fail("单位编码", "", _("单位编码不能为空"))
    elif unit is None:
        fail("单位编码", code, _("单位编码不存在"))
    elif not path_within(unit.path, scope_paths):
        fail("单位编码", code, _("不在您的管理范围内"))
    else:
        return unit
    return None


def _date(column: str, values: dict[str, str], fail) -> date | None:
    text = fold_width(values.get(column))
    if not text:
        return None
    parsed = parse_date(text)
    if parsed is None:
        fail(column, text, _("日期无法识别，请写成 2024-03-01"))
    return parsed
