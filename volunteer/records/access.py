"""Who may see or fix a record on the records pages: the viewer is the logged-in account."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from volunteer.activities.access import can_run_activity
from volunteer.auth.models import Role
from volunteer.auth.permissions import can
from volunteer.extensions import db
from volunteer.records.models import Correction, ServiceRecord
from volunteer.records.queries.scope import correction_units
from volunteer.records.services.review import can_review


def can_fix(record: ServiceRecord) -> bool:
    """Those who run the record's activity, and managers over its activity or person."""
    return can_run_activity(current_user, record.activity) or can_review(current_user, record)


def can_see(record: ServiceRecord) -> bool:
    """The record's volunteer, and whoever may fix it."""
    return record.account_id == current_user.id or can_fix(record)


def record_or_404(record_id: int, *, fixing: bool = False) -> ServiceRecord:
    """Return the record the viewer may see (or fix), else answer 404 or 403."""
    record = db.get_or_404(ServiceRecord, record_id)
    if not (can_fix(record) if fixing else can_see(record)):
        abort(403)
    return record


def own_record_or_404(record_id: int) -> ServiceRecord:
    """Return one of the viewer's own records, else answer 404 or 403."""
    record = db.get_or_404(ServiceRecord, record_id)
    if record.account_id != current_user.id:
        abort(403)
    return record


def correction_or_404(correction_id: int) -> Correction:
    """Return a correction the viewer manages (its activity's or its person's unit)."""
    correction = db.get_or_404(Correction, correction_id)
    if not any(can(current_user, Role.MANAGER, unit) for unit in correction_units(correction)):
        abort(403)
    return correction
