"""Import registrations made in 全国志愿服务信息系统: every row checked, then all or nothing.

Each row names a person (姓名 with 工号, or with 手机号 when 工号 is empty), their national
volunteer number and the date they registered there. A row must match a staff member by both,
so a typo never attaches someone else's registration. Importing the same file again changes
nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from flask_babel import gettext as _

from volunteer.audit.services import snapshot
from volunteer.auth.models import Account
from volunteer.clock import local_today
from volunteer.extensions import db
from volunteer.imports.columns import HeaderReading
from volunteer.imports.settings import upload_limits
from volunteer.imports.tabular import ImportRejected, RowError, Table, read_table
from volunteer.people.models import StaffMember
from volunteer.people.validation import (
    fold_identifier,
    is_valid_phone,
    normalise_phone,
    parse_date,
    trim_name,
)
from volunteer.registration.import_columns import (
    DATE,
    NAME,
    NUMBER,
    PHONE,
    REGISTRATION_FILE,
    STAFF_NO,
)
from volunteer.registration.models import Registration, RegistrationSource, RegistrationStatus
from volunteer.registration.services.audit_trail import AUDITED_FIELDS, audit_registration
from volunteer.units.models import Unit

_CHUNK = 500  # bound the IN lists: SQLite allows at most 32766 parameters per statement


@dataclass
class ImportSummary:
    """How many registrations the file created, changed, or left as they were."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # Which header of the file was read as which column.
    header: HeaderReading = field(default_factory=HeaderReading)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class _Row:
    number: int
    name: str
    staff: StaffMember
    phone: str | None
    volunteer_no: str
    registered_on: date


def import_national_registrations(
    *,
    data: bytes,
    filename: str,
    scope: list[Unit] | None = None,
    dry_run: bool = False,
    actor: Account | None,
) -> ImportSummary:
    """Create or update a registration for each row, or raise ImportRejected and write nothing.

    `scope` lists the subtrees the importing manager controls (None: the whole organisation,
    for the command line); a row naming anyone outside them is an error.
    """
    table = read_table(data, filename, columns=REGISTRATION_FILE, limits=upload_limits())
    rows = _check_rows(table, scope)
    existing = _registrations_of([row.staff.id for row in rows])
    summary = ImportSummary(header=table.header)
    for row in rows:
        registration = existing.get(row.staff.id)
        if registration is None:
            summary.created += 1
            if not dry_run:
                _create(row, actor)
        elif (registration.national_volunteer_no, registration.registered_on) == (
            row.volunteer_no,
            row.registered_on,
        ):
            summary.unchanged += 1
        else:
            summary.updated += 1
            if not dry_run:
                _update(registration, row, actor)
    if not dry_run:
        db.session.flush()
    return summary


@dataclass
class _Roster:
    """The staff and national numbers a file refers to, loaded in a few queries."""

    by_staff_no: dict[str, StaffMember]
    by_phone: dict[str, list[StaffMember]]
    number_owner: dict[str, int | None]

    @classmethod
    def load(cls, rows: list[tuple[int, dict[str, str]]]) -> _Roster:
        staff_nos = {fold_identifier(values.get(STAFF_NO)) for _, values in rows}
        # Keyed as match() looks rows up, so 138-0013-8000 and +86 138… find the stored phone.
        phones = {
            normalise_phone(values.get(PHONE))
            for _, values in rows
            if not fold_identifier(values.get(STAFF_NO))
        }
        by_phone: dict[str, list[StaffMember]] = {}
        for staff in _load(db.select(StaffMember), StaffMember.phone, phones):
            by_phone.setdefault(staff.phone, []).append(staff)
        numbers = {fold_identifier(values.get(NUMBER)) for _, values in rows}
        owners = db.select(Registration.national_volunteer_no, Registration.staff_member_id).where(
            Registration.status != RegistrationStatus.REJECTED
        )
        return cls(
            by_staff_no={
                staff.staff_no: staff
                for staff in _load(db.select(StaffMember), StaffMember.staff_no, staff_nos)
            },
            by_phone=by_phone,
            number_owner=dict(
                _load(owners, Registration.national_volunteer_no, numbers, rows=True)
            ),
        )

    def match(
        self, name: str, staff_no: str, phone: str | None
    ) -> tuple[StaffMember | None, RowError | None]:
        """Find the one staff member a row means by 工号 (or 手机号) and 姓名.

        A problem comes back as a RowError with row 0; the caller fills in the row.
        """
        if staff_no:
            staff = self.by_staff_no.get(staff_no)
            if staff is None:
                return None, RowError(0, STAFF_NO, staff_no, _("工号不在花名册中"))
            if trim_name(staff.name) != name:
                reason = _("姓名与花名册不一致（工号 %(no)s）", no=staff_no)
                return None, RowError(0, NAME, name, reason)
            return staff, None
        if not phone:
            return None, RowError(0, STAFF_NO, "", _("工号和手机号至少填写一项"))
        matches = [s for s in self.by_phone.get(phone, []) if trim_name(s.name) == name]
        if not matches:
            return None, RowError(0, PHONE, phone, _("手机号与姓名未匹配到职工"))
        if len(matches) > 1:
            return None, RowError(0, PHONE, phone, _("手机号与姓名匹配到多名职工，请填写工号"))
        return matches[0], None


def _check_rows(table: Table, scope: list[Unit] | None) -> list[_Row]:
    """Validate every row and match it to the roster; raise ImportRejected listing every error."""
    raw_rows = table.rows
    roster = _Roster.load(raw_rows)
    today = local_today()
    errors: list[RowError] = []
    rows: list[_Row] = []
    staff_seen: dict[int, int] = {}
    numbers_seen: dict[str, int] = {}
    for number, values in raw_rows:
        row_errors: list[RowError] = []
        name = trim_name(values.get(NAME))
        phone = normalise_phone(values.get(PHONE)) or None
        volunteer_no = fold_identifier(values.get(NUMBER))
        raw_date = values.get(DATE, "")
        registered_on = parse_date(raw_date)

        if not name:
            row_errors.append(RowError(number, NAME, "", _("姓名不能为空")))
        if not volunteer_no:
            row_errors.append(RowError(number, NUMBER, "", _("志愿者编号不能为空")))
        elif len(volunteer_no) > 40:
            row_errors.append(RowError(number, NUMBER, volunteer_no, _("志愿者编号过长")))
        elif volunteer_no in numbers_seen:
            reason = _("与第 %(n)d 行重复", n=numbers_seen[volunteer_no])
            row_errors.append(RowError(number, NUMBER, volunteer_no, reason))
        else:
            numbers_seen[volunteer_no] = number
        if registered_on is None:
            row_errors.append(RowError(number, DATE, raw_date, _("日期无法识别")))
        elif registered_on > today:
            row_errors.append(RowError(number, DATE, raw_date, _("注册日期晚于今天")))
        if phone and not is_valid_phone(phone):
            row_errors.append(RowError(number, PHONE, phone, _("手机号格式不正确")))

        staff, problem = None, None
        if name:
            staff, problem = roster.match(name, fold_identifier(values.get(STAFF_NO)), phone)
        if staff is not None:
            problem = _staff_problem(staff, volunteer_no, scope, staff_seen, roster)
            staff_seen.setdefault(staff.id, number)
        if problem is not None:
            row_errors.append(replace(problem, row=number))
        # A row without a staff member or a date always has its error listed.
        if row_errors or staff is None or registered_on is None:
            errors.extend(row_errors)
        else:
            rows.append(_Row(number, name, staff, phone, volunteer_no, registered_on))
    if errors:
        raise ImportRejected(errors, table.header)
    return rows


def _staff_problem(
    staff: StaffMember,
    volunteer_no: str,
    scope: list[Unit] | None,
    staff_seen: dict[int, int],
    roster: _Roster,
) -> RowError | None:
    """Say why a matched staff member cannot take this row, or None."""
    if scope is not None and not any(root.contains(staff.unit) for root in scope):
        return RowError(0, STAFF_NO, staff.staff_no, _("该职工不在您管理的单位中"))
    if staff.id in staff_seen:
        reason = _("与第 %(n)d 行是同一职工", n=staff_seen[staff.id])
        return RowError(0, NAME, staff.name, reason)
    owner = roster.number_owner.get(volunteer_no, staff.id)
    if owner != staff.id:
        return RowError(0, NUMBER, volunteer_no, _("该志愿者编号已属于另一条注册"))
    return None


def _load(query, column, values: Iterable[Any], *, rows: bool = False) -> list:
    """Run `query` restricted to `column IN values`, in chunks; return entities or rows."""
    wanted = sorted(v for v in values if v)
    found: list = []
    for start in range(0, len(wanted), _CHUNK):
        chunk = query.where(column.in_(wanted[start : start + _CHUNK]))
        found.extend(db.session.execute(chunk) if rows else db.session.scalars(chunk))
    return found


def _registrations_of(staff_ids: list[int]) -> dict[int, Registration]:
    found = _load(db.select(Registration), Registration.staff_member_id, staff_ids)
    return {registration.staff_member_id: registration for registration in found}


def _create(row: _Row, actor: Account | None) -> None:
    registration = Registration(
        status=RegistrationStatus.ACTIVE,
        source=RegistrationSource.NATIONAL_IMPORT,
        staff_member=row.staff,
        unit_id=row.staff.unit_id,
        is_external=False,
        claimed_name=row.name,
        claimed_staff_no=row.staff.staff_no,
        phone=row.phone,
        national_volunteer_no=row.volunteer_no,
        registered_on=row.registered_on,
    )
    db.session.add(registration)
    db.session.flush()
    _audit(registration, row, before=None, actor=actor)


def _update(registration: Registration, row: _Row, actor: Account | None) -> None:
    before = snapshot(registration, AUDITED_FIELDS)
    registration.national_volunteer_no = row.volunteer_no
    registration.registered_on = row.registered_on
    registration.source = RegistrationSource.NATIONAL_IMPORT
    db.session.flush()
    _audit(registration, row, before=before, actor=actor)


def _audit(
    registration: Registration, row: _Row, *, before: dict | None, actor: Account | None
) -> None:
    audit_registration(
        registration,
        "registration.import",
        unit_id=row.staff.unit_id,
        before=before,
        reason=f"全国志愿服务信息系统导入，第 {row.number} 行",
        actor=actor,
    )
