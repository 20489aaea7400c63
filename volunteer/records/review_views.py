"""The review queue: records waiting for a manager, grouped by person, approved or rejected in
bulk, all or none (routes on records.bp)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from volunteer.auth.models import Role
from volunteer.auth.permissions import can, role_required
from volunteer.core.pagination import paginate
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.records import listings
from volunteer.records.forms import ApproveRecordsForm, RejectRecordsForm
from volunteer.records.models import ReviewReason, ServiceRecord
from volunteer.records.review import (
    approve_records,
    approver_role_needed,
    can_review,
    reject_records,
)
from volunteer.records.views import (
    back_to,
    bp,
    commit_and_flash,
    first_error,
    person_name,
    rollback_and_flash,
)
from volunteer.units.models import Unit

REVIEW_PEOPLE_PER_PAGE = 20


def _review_filters() -> tuple[Unit | None, str | None]:
    unit = db.session.get(Unit, request.args.get("unit", 0, type=int) or 0)
    if unit is not None and not can(current_user, Role.MANAGER, unit):
        unit = None
    reason = request.args.get("reason") or None
    return unit, reason if reason in set(ReviewReason) else None


@bp.route("/records/review")
@role_required(Role.MANAGER)
def review():
    """List the records waiting for the manager, grouped by person, for bulk approval."""
    unit, reason = _review_filters()
    page = paginate(
        listings.review_people(current_user, unit=unit, reason=reason),
        per_page=REVIEW_PEOPLE_PER_PAGE,
    )
    records = listings.review_records(
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
        units=listings.review_unit_choices(current_user),
        filters={"unit": unit.id if unit else "", "reason": reason or ""},
        approve_form=ApproveRecordsForm(formdata=None),
        reject_form=RejectRecordsForm(formdata=None),
    )


def _ticked_records(form) -> list[ServiceRecord]:
    records = listings.scoped_records(current_user, form.record_ids.data)
    if len(records) != len(form.record_ids.data):
        abort(403)
    return records


@bp.route("/records/review/approve", methods=["POST"])
@role_required(Role.MANAGER)
def approve():
    """Approve the ticked records, all or none: one refusal undoes the batch and says which."""
    return _decide_ticked(
        ApproveRecordsForm(),
        lambda record: approve_records([record], by=current_user),
        lambda n: _("已审核通过 %(n)d 条记录。", n=n),
    )


@bp.route("/records/review/reject", methods=["POST"])
@role_required(Role.MANAGER)
def reject():
    """Reject the ticked records with one reason, all or none."""
    form = RejectRecordsForm()
    return _decide_ticked(
        form,
        lambda record: reject_records([record], by=current_user, reason=form.reason.data),
        lambda n: _("已将 %(n)d 条记录设为不通过。", n=n),
    )


def _decide_ticked(form, decide: Callable[[ServiceRecord], None], done: Callable[[int], str]):
    """Decide each ticked record in turn; one refusal undoes the batch and names its record."""
    back = back_to(url_for(".review"))
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(back)
    records = _ticked_records(form)
    for record in records:
        try:
            decide(record)
        except DomainError as error:
            rollback_and_flash(error, _record_label(record))
            return redirect(back)
    commit_and_flash(done(len(records)))
    return redirect(back)


def _record_label(record: ServiceRecord) -> str:
    return _(
        "%(name)s %(day)s「%(title)s」",
        name=person_name(record.account),
        day=record.service_date.isoformat(),
        title=record.activity.title,
    )
