"""An activity's sign-in sheet as plain data: its records read once, in the sheet's words.

The same `SignInSheet` makes the PDF (`documents/sign_in_sheet.py`) and the workbook
(`reports/sign_in_workbook.py`). Times are local; an activity of one day prints only the
time of day in its rows, one of several days the date too.
"""

from __future__ import annotations

from decimal import Decimal

from flask import current_app
from flask_babel import format_datetime
from sqlalchemy import Row

from volunteer.activities.models import Activity
from volunteer.clock import utc_now
from volunteer.core.numbers import format_hours
from volunteer.core.times import hhmm, local_date, local_datetime
from volunteer.documents.data import SignInRow, SignInSheet
from volunteer.records.models import RecordStatus
from volunteer.records.queries.sign_in_sheet import sign_in_rows
from volunteer.records.rules import ReviewReason
from volunteer.units.models import Unit
from volunteer.units.queries import lineage

# The status as the sheet says it (Chinese whatever the reader's language, like the form).
STATUS_WORDS = {
    RecordStatus.OPEN: "未签退",
    RecordStatus.NEEDS_REVIEW: "待审核",
    RecordStatus.APPROVED: "已通过",
    RecordStatus.REJECTED: "未通过",
}
FORGOTTEN = "漏签退"  # closed by the sweep with 0 h, waiting for its real sign-out time


def organiser_name(unit: Unit) -> str:
    """The organising unit with its ancestors below the root: 第一人民医院 心血管内科."""
    names = [ancestor.name for ancestor in lineage(unit)]
    return " ".join(names[1:] or names)


def sign_in_sheet(activity: Activity) -> SignInSheet:
    """Read the activity's sessions (one statement) and put the sheet together."""
    records = sign_in_rows(activity.id)
    one_day = local_date(activity.starts_at) == local_date(activity.ends_at)
    pattern = "HH:mm" if one_day else "MM-dd HH:mm"
    approved = pending = Decimal(0)
    for record in records:
        if record.status is RecordStatus.APPROVED:
            approved += record.hours
        elif record.status is RecordStatus.NEEDS_REVIEW:
            pending += record.hours
    return SignInSheet(
        activity=activity.title,
        number=activity.number,
        when=_when(activity, one_day),
        place=activity.place,
        organiser=organiser_name(activity.unit),
        contact=activity.contact or "",
        rows=[_row(record, pattern) for record in records],
        people=len({record.account_id for record in records}),
        hours=format_hours(approved + pending),
        approved_hours=format_hours(approved),
        pending_hours=format_hours(pending),
        printed=local_datetime(utc_now()),
        author=current_app.config["ORGANISATION_NAME"],
    )


def _when(activity: Activity, one_day: bool) -> str:
    """2026-03-05 09:00–12:00, or 2026-03-05 09:00 至 2026-03-07 17:00."""
    if one_day:
        return f"{local_datetime(activity.starts_at)}–{hhmm(activity.ends_at)}"
    return f"{local_datetime(activity.starts_at)} 至 {local_datetime(activity.ends_at)}"


def _row(record: Row, pattern: str) -> SignInRow:
    still_open = record.status is RecordStatus.OPEN
    forgotten = record.review_reason == ReviewReason.FORGOTTEN_SIGN_OUT
    status = STATUS_WORDS[record.status]
    if forgotten and record.status is RecordStatus.NEEDS_REVIEW:
        status = FORGOTTEN
    return SignInRow(
        name=record.name,
        department=record.department or "",
        signed_in=format_datetime(record.signed_in_at, pattern),
        signed_out=format_datetime(record.signed_out_at, pattern) if record.signed_out_at else "",
        hours="" if still_open else format_hours(record.hours),
        status=status,
    )
