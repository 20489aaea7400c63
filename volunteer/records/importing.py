"""Import service sessions from paper sheets and other systems' exports: all rows, or none.

Each row names a registered volunteer (姓名 with 工号 and/or 手机号), an activity (活动编号, or
its exact 活动名称), a local day, a start time, and an end time or a length in hours. Every row
is checked, then each goes through records.entries.import_session, so an imported session meets
the same rules as a scanned one (sessions per day, no overlap, the daily 8 h / 12 h review). A
row names its session by a hash of person, activity and times: the same file twice adds nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import or_, select

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.clock import local_zone, utc_now
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.imports.tabular import ImportRejected, RowError, read_table
from volunteer.people.models import StaffMember
from volunteer.people.validation import (
    normalise_code,
    normalise_name,
    normalise_phone,
    normalise_text,
    parse_date,
)
from volunteer.records import entries
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.registration.models import Registration, RegistrationStatus

NAME, STAFF_NO, PHONE = "姓名", "工号", "手机号"
NUMBER, TITLE = "活动编号", "活动名称"
DATE, BEGIN, END, LENGTH = "日期", "开始时间", "结束时间", "时长"
REQUIRED_COLUMNS = [NAME, DATE, BEGIN]
OPTIONAL_COLUMNS = [STAFF_NO, PHONE, NUMBER, TITLE, END, LENGTH]
# Of each pair a file needs at least one column.
EITHER_COLUMNS = [(STAFF_NO, PHONE), (NUMBER, TITLE), (END, LENGTH)]

_TIME = re.compile(r"^(\d{1,2})[:：点时](\d{2})(?:[:：分](\d{2}))?秒?$")
_NUMBER = re.compile(r"^HD0*(\d+)$")
_HOURS_SUFFIXES = ("小时", "H", "h")
MAX_SESSION_HOURS = Decimal(24)
_CHUNK = 500  # bound the IN lists: SQLite allows at most 32766 parameters per statement

Progress = Callable[[int], None]


@dataclass
class RecordsImportSummary:
    """What an import did: records created, rows imported before, new ones waiting for review."""

    created: int = 0
    already: int = 0
    waiting: int = 0
    records: list[ServiceRecord] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.already


@dataclass(frozen=True)
class _Session:
    """A row that passed its own checks: who served where, from when to when (aware, UTC)."""

    number: int
    account: Account
    activity: Activity
    begin: datetime
    end: datetime

    @property
    def key(self) -> str:
        return import_key(self.account.id, self.activity.id, self.begin, self.end)

    def shown(self) -> str:
        """Return the session as a person reads it in the error table: 2026-03-05 09:00–11:00."""
        return f"{format_datetime(self.begin, 'yyyy-MM-dd HH:mm')}–{_hhmm(self.end)}"


def import_key(account_id: int, activity_id: int, begin: datetime, end: datetime) -> str:
    """Name an imported session by what it says, so importing it again is recognised."""
    moments = "|".join(f"{moment.astimezone(UTC):%Y-%m-%dT%H:%M}" for moment in (begin, end))
    text = f"{account_id}|{activity_id}|{moments}"
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class RecordsPlan:
    """The rows of a file that passed their own checks, ready to go through the rules."""

    filename: str
    sessions: list[_Session]
    # Rows that failed their own checks; applying adds those the rules refuse, then rejects.
    errors: list[RowError] = field(default_factory=list)


def plan_records_import(*, data: bytes, filename: str) -> RecordsPlan:
    """Read the file and check each row on its own; raise ImportRejected for a bad header."""
    table = read_table(
        data,
        filename,
        required=REQUIRED_COLUMNS,
        optional=OPTIONAL_COLUMNS,
        max_rows=current_app.config["IMPORT_MAX_ROWS"],
    )
    missing = [pair for pair in EITHER_COLUMNS if not set(pair) & set(table.columns)]
    if missing:
        raise ImportRejected(
            [RowError(1, a, "", _("需要“%(a)s”或“%(b)s”列", a=a, b=b)) for a, b in missing]
        )
    errors: list[RowError] = []
    sessions = _check_rows(table.rows, errors)
    return RecordsPlan(filename=filename, sessions=sessions, errors=errors)


def apply_records_import(
    plan: RecordsPlan,
    *,
    by: Account | None = None,
    source_note: str | None = None,
    progress: Progress | None = None,
) -> RecordsImportSummary:
    """Add a record for each new row by the rules, or raise ImportRejected naming the rows.

    Writes through the session and flushes; the caller commits, or rolls back on ImportRejected
    or for a dry run (which so checks every rule a real run would, the daily review included).
    """
    summary = RecordsImportSummary()
    errors = list(plan.errors)
    known = _imported_keys([session.key for session in plan.sessions])
    note = normalise_text(source_note) or plan.filename
    # In time order, so the session that takes a day above 8 h is the one that waits.
    ordered = sorted(plan.sessions, key=lambda s: (s.begin, s.number))
    for done, session in enumerate(ordered, start=1):
        if session.key in known:
            summary.already += 1
        else:
            _write(session, by, note, summary, errors)
        if progress and done % _CHUNK == 0:
            progress(_CHUNK)
    if progress:
        progress(len(ordered) % _CHUNK)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda error: error.row))
    return summary


def import_records(
    *, data: bytes, filename: str, by: Account | None = None, source_note: str | None = None
) -> RecordsImportSummary:
    """Plan and apply in one go (tests, small files); see the two steps."""
    plan = plan_records_import(data=data, filename=filename)
    return apply_records_import(plan, by=by, source_note=source_note)


def _write(
    session: _Session,
    by: Account | None,
    note: str,
    summary: RecordsImportSummary,
    errors: list[RowError],
) -> None:
    """Import one session; a refused row is listed, and the next rows are still checked."""
    try:
        # import_session checks everything before it writes, so a refusal leaves nothing to
        # undo (and no savepoint: on SQLite one opened before any write commits on release).
        record = entries.import_session(
            account=session.account,
            activity=session.activity,
            begin=session.begin,
            end=session.end,
            import_key=session.key,
            by=by,
            note=_("%(source)s，第 %(n)d 行", source=note, n=session.number)[:500],
        )
    except DomainError as error:
        errors.append(RowError(session.number, BEGIN, session.shown(), error.message))
        return
    if record is None:  # the same session twice in one file is caught before; this is a race
        summary.already += 1
        return
    summary.created += 1
    summary.records.append(record)
    if record.status == RecordStatus.NEEDS_REVIEW:
        summary.waiting += 1


# --- Checking rows -----------------------------------------------------------------------------


def _check_rows(rows: list[tuple[int, dict[str, str]]], errors: list[RowError]) -> list[_Session]:
    """Read and match every row; append the problems of each to `errors`."""
    people, activities = _People(), _Activities()
    now = utc_now()
    sessions: list[_Session] = []
    for number, values in rows:
        found: list[RowError] = []

        def fail(column: str, value: str, reason: str, found=found, number=number) -> None:
            found.append(RowError(number, column, value, reason))

        account = people.find(values, fail)
        day = _day(values, fail)
        begin, end = _times(values, day, fail)
        activity = activities.find(values, day, fail)
        if activity is not None and begin is not None and end is not None:
            if begin < activity.starts_at or end > activity.ends_at:
                reason = _(
                    "服务时间不在活动时间内（%(begin)s–%(end)s）",
                    begin=format_datetime(activity.starts_at, "yyyy-MM-dd HH:mm"),
                    end=format_datetime(activity.ends_at, "yyyy-MM-dd HH:mm"),
                )
                fail(BEGIN, f"{_hhmm(begin)}–{_hhmm(end)}", reason)
            elif end > now:
                fail(END if END in values else LENGTH, _hhmm(end), _("服务尚未结束，不能导入"))
        if found:
            errors.extend(found)
        elif account is not None and activity is not None:
            sessions.append(_Session(number, account, activity, begin, end))
    _check_overlaps_in_file(sessions, errors)
    failed = {error.row for error in errors}
    return [session for session in sessions if session.number not in failed]


def _check_overlaps_in_file(sessions: list[_Session], errors: list[RowError]) -> None:
    """Refuse a row that shares time with an earlier row of the same person in the file."""
    by_person: dict[int, list[_Session]] = {}
    for session in sessions:
        by_person.setdefault(session.account.id, []).append(session)
    for own in by_person.values():
        own.sort(key=lambda s: (s.begin, s.number))
        latest = own[0]  # of the sessions so far, the one that ends last
        for later in own[1:]:
            if later.begin < latest.end:
                first, second = sorted((latest, later), key=lambda s: s.number)
                reason = _("与第 %(n)d 行是同一人的重叠时间", n=first.number)
                errors.append(RowError(second.number, BEGIN, second.shown(), reason))
            if later.end > latest.end:
                latest = later


def _day(values: dict[str, str], fail) -> date | None:
    text = normalise_text(values.get(DATE))
    if not text:
        fail(DATE, "", _("日期不能为空"))
        return None
    day = parse_date(text)
    if day is None:
        fail(DATE, text, _("日期无法识别，请写成 2026-03-05"))
    return day


def _times(values: dict[str, str], day: date | None, fail) -> tuple[datetime | None, ...]:
    """Return the session's aware start and end, from 开始时间 and 结束时间 or 时长."""
    begin_at = _time_of(BEGIN, values, fail, required=True)
    end_at = _time_of(END, values, fail, required=False)
    hours = _hours(values, fail)
    if not normalise_text(values.get(END)) and not normalise_text(values.get(LENGTH)):
        column = END if END in values else LENGTH
        fail(column, "", _("结束时间和时长至少填写一项"))
    if day is None or begin_at is None or (end_at is None and hours is None):
        return None, None
    zone = local_zone()
    begin = datetime.combine(day, begin_at, tzinfo=zone)
    by_length = begin + timedelta(minutes=int(hours * 60)) if hours is not None else None
    end = datetime.combine(day, end_at, tzinfo=zone) if end_at is not None else by_length
    if end <= begin:
        fail(END, values.get(END, ""), _("结束时间必须晚于开始时间"))
        return None, None
    if by_length is not None and end != by_length:
        fail(LENGTH, values.get(LENGTH, ""), _("时长与开始、结束时间不一致"))
        return None, None
    return begin, end


def _time_of(column: str, values: dict[str, str], fail, *, required: bool) -> time | None:
    text = normalise_text(values.get(column))
    if not text:
        if required:
            fail(column, "", _("%(column)s不能为空", column=column))
        return None
    parsed = parse_time(text)
    if parsed is None:
        fail(column, text, _("时间无法识别，请写成 09:30"))
    return parsed


def parse_time(text: str) -> time | None:
    """Read a time of day as written (9:30, 09:30:00, 9点30) or as Excel stores it (0.395833)."""
    text = normalise_text(text)
    if " " in text:  # an Excel time cell read with its 1899-12-30 date
        text = text.rsplit(" ", 1)[1]
    match = _TIME.match(text)
    if match:
        hour, minute, second = (int(part or 0) for part in match.groups())
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute)
        return None
    try:
        fraction = Decimal(text)
    except InvalidOperation:
        return None
    if 0 <= fraction < 1:  # a day's fraction, as a time cell formatted "General" shows
        minutes = int((fraction * 1440).to_integral_value())
        return time(minutes // 60 % 24, minutes % 60)
    return None


def _hours(values: dict[str, str], fail) -> Decimal | None:
    text = normalise_text(values.get(LENGTH))
    if not text:
        return None
    number = text
    for suffix in _HOURS_SUFFIXES:
        number = number.removesuffix(suffix).strip()
    try:
        hours = Decimal(number)
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite() or not 0 < hours <= MAX_SESSION_HOURS:
        fail(LENGTH, text, _("时长应为小时数，如 2.5"))
        return None
    return hours


def _hhmm(moment: datetime) -> str:
    return format_datetime(moment, "HH:mm")


# --- Who and where -----------------------------------------------------------------------------


class _People:
    """Find the registered volunteer a row names, remembering each lookup."""

    def __init__(self) -> None:
        self._by_staff_no: dict[str, StaffMember | None] = {}
        self._by_phone: dict[str, list[Registration]] = {}

    def find(self, values: dict[str, str], fail) -> Account | None:
        name = normalise_name(values.get(NAME))
        staff_no = normalise_code(values.get(STAFF_NO))
        phone = normalise_phone(values.get(PHONE))
        if not name:
            fail(NAME, "", _("姓名不能为空"))
            return None
        if staff_no:
            return self._by_number(name, staff_no, phone, fail)
        if not phone:
            fail(STAFF_NO, "", _("工号和手机号至少填写一项"))
            return None
        return self._by_phone_and_name(name, phone, fail)

    def _by_number(self, name: str, staff_no: str, phone: str, fail) -> Account | None:
        if staff_no not in self._by_staff_no:
            self._by_staff_no[staff_no] = db.session.scalar(
                select(StaffMember).where(StaffMember.staff_no == staff_no)
            )
        staff = self._by_staff_no[staff_no]
        if staff is None:
            fail(STAFF_NO, staff_no, _("工号不在花名册中"))
            return None
        if normalise_name(staff.name) != name:
            fail(NAME, name, _("姓名与花名册不一致（工号 %(no)s）", no=staff_no))
            return None
        registration = db.session.scalar(
            select(Registration).where(Registration.staff_member_id == staff.id)
        )
        if phone:
            known = {staff.phone, registration.phone if registration else None}
            if registration is not None and registration.account is not None:
                known.add(registration.account.phone)
            if phone not in {normalise_phone(p) for p in known if p}:
                fail(PHONE, phone, _("手机号与工号 %(no)s 的登记不一致", no=staff_no))
                return None
        return _volunteer_account(registration, fail, STAFF_NO, staff_no)

    def _by_phone_and_name(self, name: str, phone: str, fail) -> Account | None:
        if phone not in self._by_phone:
            self._by_phone[phone] = list(
                db.session.scalars(
                    select(Registration)
                    .outerjoin(Account, Registration.account_id == Account.id)
                    .outerjoin(StaffMember, Registration.staff_member_id == StaffMember.id)
                    .where(
                        Registration.status != RegistrationStatus.REJECTED,
                        or_(
                            Registration.phone == phone,
                            Account.phone == phone,
                            StaffMember.phone == phone,
                        ),
                    )
                )
            )
        matches = [r for r in self._by_phone[phone] if _registered_name(r) == name]
        if len(matches) > 1:
            fail(PHONE, phone, _("手机号与姓名匹配到多名志愿者，请填写工号"))
            return None
        if matches:
            return _volunteer_account(matches[0], fail, PHONE, phone)
        on_roster = db.session.scalars(select(StaffMember).where(StaffMember.phone == phone))
        if any(normalise_name(staff.name) == name for staff in on_roster):
            fail(NAME, name, _("该职工尚未注册为志愿者"))
        else:
            fail(PHONE, phone, _("手机号与姓名未匹配到志愿者"))
        return None


def _registered_name(registration: Registration) -> str:
    """Return the name a registration goes by: the roster's, or what an external person gave."""
    staff = registration.staff_member
    return normalise_name(staff.name if staff is not None else registration.claimed_name)


def _volunteer_account(
    registration: Registration | None, fail, column: str, value: str
) -> Account | None:
    """Return the login of an active registration; say why anything else cannot serve."""
    if registration is None or registration.status == RegistrationStatus.REJECTED:
        fail(column, value, _("该职工尚未注册为志愿者"))
    elif registration.status != RegistrationStatus.ACTIVE:
        fail(column, value, _("该志愿者的注册尚待管理员核对"))
    elif registration.account is None or not registration.account.active:
        fail(column, value, _("该志愿者还没有登录账号，无法记录时长"))
    else:
        return registration.account
    return None


class _Activities:
    """Find the activity a row names by 活动编号, or by its exact title on the row's day."""

    def __init__(self) -> None:
        self._by_id: dict[int, Activity | None] = {}
        self._by_title: dict[str, list[Activity]] = {}

    def find(self, values: dict[str, str], day: date | None, fail) -> Activity | None:
        raw_number = normalise_code(values.get(NUMBER))
        title = normalise_text(values.get(TITLE))
        if raw_number:
            activity = self._numbered(raw_number, fail)
            if activity is not None and title and normalise_text(activity.title) != title:
                fail(TITLE, title, _("活动名称与活动编号 %(no)s 不一致", no=activity.number))
                return None
        elif title:
            activity = self._titled(title, day, fail)
        else:
            fail(NUMBER, "", _("活动编号和活动名称至少填写一项"))
            return None
        if activity is not None and activity.is_cancelled:
            fail(NUMBER, activity.number, _("该活动已取消"))
            return None
        return activity

    def _numbered(self, raw: str, fail) -> Activity | None:
        match = _NUMBER.match(raw)
        if match is None:
            fail(NUMBER, raw, _("活动编号格式应为 HD000123"))
            return None
        activity_id = int(match.group(1))
        if activity_id not in self._by_id:
            self._by_id[activity_id] = db.session.get(Activity, activity_id)
        activity = self._by_id[activity_id]
        if activity is None:
            fail(NUMBER, raw, _("活动编号不存在"))
        return activity

    def _titled(self, title: str, day: date | None, fail) -> Activity | None:
        if title not in self._by_title:
            self._by_title[title] = list(
                db.session.scalars(
                    select(Activity).where(Activity.title == title).order_by(Activity.id)
                )
            )
        candidates = self._by_title[title]
        if not candidates:
            fail(TITLE, title, _("没有这个名称的活动"))
            return None
        if len(candidates) > 1 and day is not None:
            # A weekly activity keeps its title: the row's day tells which one is meant.
            zone = local_zone()
            on_day = [
                activity
                for activity in candidates
                if activity.starts_at.astimezone(zone).date()
                <= day
                <= activity.ends_at.astimezone(zone).date()
            ]
            candidates = on_day or candidates
        if len(candidates) > 1:
            numbers = "、".join(activity.number for activity in candidates[:10])
            reason = _("有多个同名活动（%(numbers)s），请填写活动编号", numbers=numbers)
            fail(TITLE, title, reason)
            return None
        return candidates[0]


def _imported_keys(keys: list[str]) -> set[str]:
    """Return those of `keys` already stored, in chunks."""
    found: set[str] = set()
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        found.update(
            db.session.scalars(
                select(ServiceRecord.import_key).where(ServiceRecord.import_key.in_(chunk))
            )
        )
    return found
