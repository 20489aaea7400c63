"""Who may reach the records pages.

`record_id` is a record of another volunteer of the same hospital (so the matrix's volunteer
is refused it), `my_record_id` one of the matrix's own volunteer, who alone may ask to correct
it. `activity_id` reuses the activity another spec made in each hospital, if any.
"""

from __future__ import annotations

from datetime import timedelta

from authz import LOGIN, PUBLIC, Access
from sqlalchemy import select

from volunteer.activities.models import Activity
from volunteer.auth.models import Role
from volunteer.clock import local_zone, utc_now
from volunteer.extensions import db
from volunteer.records.models import (
    Correction,
    RecordAttachment,
    RecordSource,
    RecordStatus,
    ReviewLevel,
    ReviewReason,
    ServiceRecord,
)

SPEC = {
    # The rules for hours: settings only, readable before registering.
    "records.rules": PUBLIC,
    "records.my_records": LOGIN,
    # A manager imports sheets of sessions at the activities of their own units (rows elsewhere
    # are refused row by row), so the page itself is open to any manager.
    "records.import_records": Access(Role.MANAGER, scoped=False),
    "records.report_missing": LOGIN,
    # Only the record's own volunteer; nobody else, whatever their role.
    "records.request_correction": Access(Role.VOLUNTEER),
    "records.review": Access(Role.MANAGER, scoped=False),
    "records.approve": Access(Role.MANAGER, scoped=False),
    "records.reject": Access(Role.MANAGER, scoped=False),
    # Those who run the record's activity and managers in scope (and the record's volunteer).
    "records.detail": Access(Role.COORDINATOR),
    "records.attachment": Access(Role.COORDINATOR),
    "records.fix_sign_out": Access(Role.COORDINATOR),
    "records.void": Access(Role.COORDINATOR),
    "records.activity_records": Access(Role.COORDINATOR),
    "records.make_up": Access(Role.COORDINATOR),
    # The sign-in sheet for the archive: whoever runs the activity.
    "records.sign_in_sheet_pdf": Access(Role.COORDINATOR),
    "records.sign_in_sheet_xlsx": Access(Role.COORDINATOR),
    "records.corrections": Access(Role.MANAGER, scoped=False),
    "records.accept_correction": Access(Role.MANAGER),
    "records.reject_correction": Access(Role.MANAGER),
}


def _activity(unit, side: str) -> Activity:
    activity = db.session.scalar(
        select(Activity).where(Activity.unit_id == unit.id).order_by(Activity.id).limit(1)
    )
    if activity is None:
        start = utc_now().replace(second=0, microsecond=0) - timedelta(days=1)
        activity = Activity(
            title=f"义诊 {side}",
            category_id=1,
            unit_id=unit.id,
            place="门诊大厅",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
        )
        db.session.add(activity)
        db.session.flush()
    return activity


def _forgotten(account, activity) -> ServiceRecord:
    record = ServiceRecord(
        account_id=account.id,
        activity_id=activity.id,
        source=RecordSource.SELF_SCAN,
        status=RecordStatus.NEEDS_REVIEW,
        signed_in_at=activity.starts_at,
        service_date=activity.starts_at.astimezone(local_zone()).date(),
        review_level=ReviewLevel.MANAGER,
        review_reason=ReviewReason.FORGOTTEN_SIGN_OUT,
    )
    db.session.add(record)
    db.session.flush()
    return record


def fillers(world) -> dict[str, tuple]:
    """A record, an attachment, a volunteer's own record and a correction in each hospital."""
    values: dict[str, list] = {
        key: []
        for key in ("activity_id", "record_id", "attachment_id", "my_record_id", "correction_id")
    }
    for side, target, volunteer in (
        ("own", "target_own", "volunteer"),
        ("other", "target_other", "other_volunteer"),
    ):
        activity = _activity(world.units[side], side)
        record = _forgotten(world.accounts[target], activity)
        evidence = RecordAttachment(
            record_id=record.id,
            filename="表.pdf",
            mimetype="application/pdf",
            size=4,
            content=b"%PDF",
        )
        mine = _forgotten(world.accounts[volunteer], activity)
        correction = Correction(
            account_id=world.accounts[volunteer].id,
            record_id=mine.id,
            activity_id=activity.id,
            message="时间不对",
        )
        db.session.add_all([evidence, correction])
        db.session.flush()
        for key, value in (
            ("activity_id", activity.id),
            ("record_id", record.id),
            ("attachment_id", evidence.id),
            ("my_record_id", mine.id),
            ("correction_id", correction.id),
        ):
            values[key].append(value)
    db.session.commit()
    return {key: tuple(pair) for key, pair in values.items()}
