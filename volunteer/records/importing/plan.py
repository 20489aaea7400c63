"""Import service sessions from paper sheets and other systems' exports: all rows, or none.

Each row names a registered volunteer (姓名 with 工号 and/or 手机号), an activity (活动编号, or
its exact 活动名称), a local day, a start time, and an end time or a length in hours. Every row
is checked, then each goes through records.services.entries.import_session, so an imported
session meets the same rules as a scanned one (sessions per day, no overlap, the daily review).
A row names its session by a hash of person, activity and times: the same file twice adds
nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from volunteer.activities.models import Activity
from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.core.times import hhmm, local_datetime
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.imports.columns import HeaderReading
from volunteer.imports.settings import upload_limits
from volunteer.imports.tabular import ImportRejected, RowError, read_table
from volunteer.people.validation import clean_text
from volunteer.records import rules
from volunteer.records.importing.columns import RECORD_FILE
from volunteer.records.importing.lookups import Activities, People
from volunteer.records.importing.outcome import ClippedRow, RecordsImportSummary
from volunteer.records.importing.rows import (
    BEGIN,
    END,
    LENGTH,
    NUMBER,
    read_day,
    read_times,
    settle_times,
)
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.records.services import entries
from volunteer.records.services.checks import rule_message
from volunteer.records.settings import hour_rules

_CHUNK = 500  # bound the IN lists: SQLite allows at most 32766 parameters per statement

Progress = Callable[[int], None]


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
        return f"{local_datetime(self.begin)}–{hhmm(self.end)}"

    def clipping(self, record: ServiceRecord) -> ClippedRow | None:
        """Say how the row was clipped to its activity, as a scan would be; None if it was not."""
        worth = rules.session_hours(
            self.begin, self.end, self.activity.starts_at, self.activity.ends_at, hour_rules()
        )
        if not worth.clipped or worth.counted is None:
            return None
        return ClippedRow(
            row=self.number,
            # The roster's name where there is one: a registration's login is named by 工号.
            name=staff.name if (staff := self.account.staff_member) else self.account.display_name,
            activity=self.activity.number,
            written=(self.begin, self.end),
            counted=worth.counted,
            hours=record.hours,
        )


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
    # Which header of the file was read as which column.
    header: HeaderReading = field(default_factory=HeaderReading)
    # Rows that failed their own checks; applying adds those the rules refuse, then rejects.
    errors: list[RowError] = field(default_factory=list)


def plan_records_import(
    *, data: bytes, filename: str, may_import: Callable[[Activity], bool] | None = None
) -> RecordsPlan:
    """Read the file and check each row on its own; raise ImportRejected for a bad header.

    `may_import` says whether the importer looks after an activity (None: the CLI, everywhere).
    """
    table = read_table(data, filename, columns=RECORD_FILE, limits=upload_limits())
    errors: list[RowError] = []
    sessions = _check_rows(table.rows, errors, may_import)
    return RecordsPlan(filename=filename, sessions=sessions, errors=errors, header=table.header)


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
    note = clean_text(source_note) or plan.filename
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
    clipped = session.clipping(record)
    if clipped is not None:
        summary.clipped.append(clipped)
    if record.status == RecordStatus.NEEDS_REVIEW:
        summary.waiting += 1


# --- Checking rows -----------------------------------------------------------------------------


def _check_rows(
    rows: list[tuple[int, dict[str, str]]],
    errors: list[RowError],
    may_import: Callable[[Activity], bool] | None,
) -> list[_Session]:
    """Read and match every row; append the problems of each to `errors`."""
    people, activities = People(), Activities()
    allowed: dict[int, bool] = {}  # may_import, asked once per activity
    now = utc_now()
    sessions: list[_Session] = []
    for number, values in rows:
        found: list[RowError] = []

        def fail(column: str, value: str, reason: str, found=found, number=number) -> None:
            found.append(RowError(number, column, value, reason))

        account = people.find(values, fail)
        day = read_day(values, fail)
        times = read_times(values, day, fail)
        activity = activities.find(values, day, fail)
        if activity is not None and may_import is not None:
            if activity.id not in allowed:
                allowed[activity.id] = may_import(activity)
            if not allowed[activity.id]:
                fail(NUMBER, activity.number, _("该活动不属于您管理的单位"))
                activity = None
        period = settle_times(times, activity, values, fail) if times is not None else None
        if activity is not None and period is not None:
            begin, end = period
            try:
                # Time outside the activity is clipped when written, as at a scan; a row with
                # none inside it names the wrong activity or day.
                rules.check_entered_session(begin, end, activity.starts_at, activity.ends_at)
            except rules.RuleBroken as error:
                fail(BEGIN, f"{hhmm(begin)}–{hhmm(end)}", rule_message(error))
            else:
                if end > now:
                    fail(END if END in values else LENGTH, hhmm(end), _("服务尚未结束，不能导入"))
        if found:
            errors.extend(found)
        elif account is not None and activity is not None:
            # settle_times answers None only for a row whose problem was reported through fail.
            assert period is not None
            sessions.append(_Session(number, account, activity, *period))
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
