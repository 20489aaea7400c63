"""The review queue: records waiting for a manager, grouped by person, approved or rejected in
bulk, all or none."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from volunteer.auth.models import Role
from volunteer.auth.permissions import can, role_required
from volunteer.core.edge import refusal_flashed
from volunteer.core.pagination import paginate
from volunteer.core.redirects import back_to
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.records.blueprint import bp
from volunteer.records.forms import ApproveRecordsForm, RejectRecordsForm, first_error
from volunteer.records.models import ReviewReason, ServiceRecord
from volunteer.records.queries import queues
from volunteer.records.services.review import (
    RecordRefused,
    approve_records,
    approver_role_needed,
    can_review,
    reject_records,
)
from volunteer.records.templating import person_name
from volunteer.units.models import Unit

REVIEW_PEOPLE_PER_PAGE = 20


def _review_filters() -> tuple[Unit | None, ReviewReason | None]:
    unit = db.session.get(Unit, request.args.get("unit", 0, type=int) or 0)
    if unit is not None and not can(current_user, Role.MANAGER, unit):
        unit = None
    reason = request.args.get("reason") or None
    return unit, ReviewReason(reason) if reason in set(ReviewReason) else None


@bp.route("/records/review")
@role_required(Role.MANAGER)
def review():
    """List the records waiting for the manager, grouped by person, for bulk approval."""
    unit, reason = _review_filters()
    page = paginate(
        queues.review_people(current_user, unit=unit, reason=reason),
        per_page=REVIEW_PEOPLE_PER_PAGE,
    )
    records = queues.review_records(
        current_user, [person.id for person in page.items], unit=unit, reason=reason
    )
    by_person: dict[int, list[ServiceRecord]] = {}
    for record in records:
        by_person.setdefault(record.account_id, []).append(record)
    approver = {record.id: approver_role_needed(record) for record in records}
    return render_template(
        "records/review.html",
        page=page,
        by_person=by_person,
        approver=approver,
        may_approve={
            record.id: can_review(current_user, record, approver[record.id]) for record in records
        },
        units=queues.review_unit_choices(current_user),
        reasons=list(ReviewReason),
        filters={"unit": unit.id if unit else "", "reason": reason or ""},
        approve_form=ApproveRecordsForm(formdata=None),
        reject_form=RejectRecordsForm(formdata=None),
    )


def _ticked_records(form) -> list[ServiceRecord]:
    records = queues.scoped_records(current_user, form.record_ids.data)
    if len(records) != len(form.record_ids.data):
        abort(403)
    return records


@bp.route("/records/review/approve", methods=["POST"])
@role_required(Role.MANAGER)
def approve():
    """Approve the ticked records, all or none: one refusal undoes the batch and says which."""
    return _decide_ticked(
        ApproveRecordsForm(),
        lambda records: approve_records(records, by=current_user),
        lambda n: _("已审核通过 %(n)d 条记录。", n=n),
    )


@bp.route("/records/review/reject", methods=["POST"])
@role_required(Role.MANAGER)
def reject():
    """Reject the ticked records with one reason, all or none."""
    form = RejectRecordsForm()
    return _decide_ticked(
        form,
        lambda records: reject_records(records, by=current_user, reason=form.reason.data),
        lambda n: _("已将 %(n)d 条记录设为不通过。", n=n),
    )


def _decide_ticked(form, decide: Callable[[list[ServiceRecord]], None], done: Callable[[int], str]):
    """Decide the ticked records in one pass; one refusal undoes the batch and names its record."""
    back = back_to(url_for(".review"))
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(back)
    records = _ticked_records(form)
    try:
        decide(records)
    except DomainError as refusal:
        about = refusal.record if isinstance(refusal, RecordRefused) else None
        with refusal_flashed(_record_label(about) if about else None):
            raise
        return redirect(back)
    flash(done(len(records)), "success")
    return redirect(back)


def _record_label(record: ServiceRecord) -> str:
    return _(
        "%(name)s %(day)s「%(title)s」",
        name=person_name(record.account),
        day=record.service_date.isoformat(),
        title=record.activity.title,
    )
