"""A coordinator's phone opening personal-code links: when it scanned each code, the activity it
signs people in to (chosen once, kept in the session), and what the page shows of the person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import abort, session
from flask_login import current_user
from sqlalchemy import Row, exists, select

from volunteer.activities.access import can_run_activity
from volunteer.activities.models import Activity
from volunteer.activities.queries.activities import led_team_ids, run_activities
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import has_role
from volunteer.checkin import scan_tickets
from volunteer.checkin.tickets import ticket_max_age
from volunteer.clock import utc_now
from volunteer.core.masking import mask_phone
from volunteer.extensions import db
from volunteer.records.models import ServiceRecord
from volunteer.records.queries import sessions as records_queries
from volunteer.scanner import queries
from volunteer.scanner.models import VolunteerCode

SCANS_KEY = "personal_scans"
ACTIVITY_KEY = "scanner_activity_id"
# A phone remembers this many recent scans; older ones must be scanned again.
MAX_SCANS = 10
CHOICES_LIMIT = 20


def _ref(token: str) -> str:
    # Version 2 tokens ignore case, so a link typed or forwarded in lower case is the same scan.
    return scan_tickets.ticket_ref(token if "." in token else token.upper())


def scanned_at(token: str) -> datetime | None:
    """Return when this phone first opened `token`'s link, if that is recent enough to act on."""
    ref = _ref(token)
    for seen_ref, stamp in session.get(SCANS_KEY, []):
        if seen_ref == ref:
            at = datetime.fromtimestamp(stamp, UTC)
            if utc_now() - at <= timedelta(seconds=ticket_max_age()):
                return at
    return None


def remember_scan(token: str, at: datetime) -> None:
    """Keep in the session when the link was opened, so logging in may outlast the code."""
    kept = [pair for pair in session.get(SCANS_KEY, []) if pair[0] != _ref(token)]
    session[SCANS_KEY] = [*kept, [_ref(token), at.timestamp()]][-MAX_SCANS:]


def may_scan(account: Account) -> bool:
    """Say whether the account runs any activity: a coordinator somewhere, or a team leader."""
    if has_role(account, Role.COORDINATOR):
        return True
    return bool(db.session.scalar(select(exists(led_team_ids(account)))))


def require_scanner() -> None:
    """Abort with 403 unless the current user may sign people in somewhere."""
    if not may_scan(current_user):
        abort(403)


def current_activity() -> Activity | None:
    """Return the activity this phone signs people in to, while the user may still run it."""
    activity_id = session.get(ACTIVITY_KEY)
    activity = db.session.get(Activity, activity_id) if isinstance(activity_id, int) else None
    if activity is None or activity.is_cancelled or not can_run_activity(current_user, activity):
        session.pop(ACTIVITY_KEY, None)
        return None
    return activity


def choose_activity(activity: Activity) -> None:
    """Remember the activity people scanned on this phone are signed in to."""
    session[ACTIVITY_KEY] = activity.id


def activities_to_choose(account: Account) -> list[Activity]:
    """List the activities the account runs that have not ended, soonest first."""
    query = run_activities(account, tab="upcoming").limit(CHOICES_LIMIT)
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class Person:
    """What the coordinator sees of a scanned volunteer: no photo, the phone masked."""

    name: str
    unit: str
    staff_no: str
    phone: str
    registered: bool
    code_kind: str
    open_session: ServiceRecord | None

    def signed_in_at(self, activity: Activity | None) -> bool:
        """Say whether the person is signed in at `activity` now."""
        return (
            activity is not None
            and self.open_session is not None
            and self.open_session.activity_id == activity.id
        )


def person_of(code: VolunteerCode) -> Person:
    """Return the scanned volunteer as the coordinator's page shows them."""
    card: Row | None = queries.volunteer_card(code.account_id)
    return Person(
        name=card.name if card is not None else code.account.display_name,
        unit=card.unit_name if card is not None else "",
        staff_no=(card.staff_no or "") if card is not None else "",
        phone=mask_phone(card.phone) if card is not None else "",
        registered=card is not None,
        code_kind=code.kind.label,
        open_session=records_queries.open_session_of(code.account_id),
    )
