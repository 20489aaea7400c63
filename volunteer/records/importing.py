"""Import service sessions from paper sheets and other systems' exports: all rows, or none.

Each row names a registered volunteer (姓名 with 工号 and/or 手机号), an activity (活动编号, or
its exact 活动名称), a local day, a start time, and an end time or a length in hours. Every row
is checked, then each goes through records.entries.import_session, so an imported session meets
the same rules as a scanned one (sessions per day, no overlap, the daily 8 h / 12 h review). A
row names its session by a hash of person, activity and times: the same file twice adds nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import select

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.imports.tabular import ImportRejected, RowError, read_table
from volunteer.people.validation import normalise_text
from volunteer.records import entries
from volunteer.records.import_lookups import Activities, People
from volunteer.records.import_rows import (
    BEGIN,
    DATE,
    END,
    LENGTH,
    NAME,
    NUMBER,
    PHONE,
    STAFF_NO,
    TITLE,
    hhmm,
    read_day,
    read_times,
)
from volunteer.records.models import RecordStatus, ServiceRecord

REQUIRED_COLUMNS = [NAME, DATE, BEGIN]
OPTIONAL_COLUMNS = [STAFF_NO, PHONE, NUMBER, TITLE, END, LENGTH]
# Of each pair a file needs at least one column.
EITHER_COLUMNS = [(STAFF_NO, PHONE), (NUMBER, TITLE), (END, LENGTH)]

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
        return f"{format_datetime(self.begin, 'yyyy-MM-dd HH:mm')}–{hhmm(self.end)}"


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
    people, activities = People(), Activities()
    now = utc_now()
    sessions: list[_Session] = []
    for number, values in rows:
        found: list[RowError] = []

        def fail(column: str, value: str, reason: str, found=found, number=number) -> None:
            found.append(RowError(number, column, value, reason))

        account = people.find(values, fail)
        day = read_day(values, fail)
        begin, end = read_times(values, day, fail)
        activity = activities.find(values, day, fail)
        if activity is not None and begin is not None and end is not None:
            if begin < activity.starts_at or end > activity.ends_at:
                reason = _(
                    "服务时间不在活动时间内（%(begin)s–%(end)s）",
                    begin=format_datetime(activity.starts_at, "yyyy-MM-dd HH:mm"),
                    end=format_datetime(activity.ends_at, "yyyy-MM-dd HH:mm"),
                )
                fail(BEGIN, f"{hhmm(begin)}–{hhmm(end)}", reason)
            elif end > now:
                fail(END if END in values else LENGTH, hhmm(end), _("服务尚未结束，不能导入"))
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
