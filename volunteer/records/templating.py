"""How records read on pages and in messages: periods, reasons, names and their history.

`install()` registers the template globals app-wide (progress pages show records too).
"""

from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _

from volunteer.auth.models import Account
from volunteer.core.numbers import format_hours
from volunteer.core.times import local_datetime, local_period
from volunteer.records.models import ReviewReason
from volunteer.records.settings import hour_rules

# What a record's page names above its history (audit.reading.read_entries leaves them out).
HISTORY_KNOWN_FIELDS = ("account_id", "activity_id")


def record_period(record) -> str:
    """Show a record's (or a correction's) local start and end; the end's date if it differs."""
    begin = getattr(record, "signed_in_at", None) or getattr(record, "proposed_signed_in_at", None)
    end = (
        record.signed_out_at
        if hasattr(record, "signed_out_at")
        else getattr(record, "proposed_signed_out_at", None)
    )
    if begin is None:
        return ""
    if end is None:
        return _("%(begin)s 起", begin=local_datetime(begin))
    return local_period(begin, end)


def review_reason_text(reason: str | None) -> str:
    """Say why a record waits, in the reader's words, with the daily line from the settings."""
    if not reason:
        return ""
    reason = ReviewReason(reason)
    line = reason.line(hour_rules())
    if line is None:
        return _(reason.label)
    return _(reason.label, hours=format_hours(line))


def person_name(account: Account) -> str:
    """The roster name where there is one: accounts made by registration are named by 工号."""
    staff = account.staff_member
    return staff.name if staff is not None else account.display_name


def install(bp: Blueprint) -> None:
    """Offer the helpers to every template once the blueprint is registered."""
    bp.add_app_template_global(record_period, "record_period")
    bp.add_app_template_global(review_reason_text, "review_reason_text")
