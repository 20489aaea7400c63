"""An activity's records with totals, and make-ups (补录) for it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.access import require_run_activity
from volunteer.activities.models import Activity
from volunteer.core.edge import refusal_flashed
from volunteer.core.search_limit import search_limited
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.people.search_text import read_person_query
from volunteer.records.blueprint import bp
from volunteer.records.forms import MakeUpForm, SignOutForm, VoidForm, first_error
from volunteer.records.queries import activity as activity_queries
from volunteer.records.queries import lookup
from volunteer.records.services.entries import enter_make_up
from volunteer.records.templating import person_name


@bp.route("/activities/<int:activity_id>/records")
@login_required
def activity_records(activity_id: int):
    """List all records of an activity with totals; fix forgotten sign-outs, void mistakes."""
    activity = db.get_or_404(Activity, activity_id)
    require_run_activity(activity)
    return render_template(
        "records/activity_records.html",
        activity=activity,
        records=activity_queries.activity_records(activity.id),
        totals=activity_queries.activity_totals(activity.id),
        sign_out_form=SignOutForm(formdata=None),
        void_form=VoidForm(formdata=None),
    )


@bp.route("/activities/<int:activity_id>/make-up", methods=["GET", "POST"])
@login_required
@search_limited
def make_up(activity_id: int):
    """补录: find the volunteer, give the times, reason and evidence; a manager approves it."""
    activity = db.get_or_404(Activity, activity_id)
    require_run_activity(activity)
    search = (request.args.get("q") or "").strip()[:50]
    query = read_person_query(search)
    form = MakeUpForm()
    if request.method == "GET":
        form.account_id.data = request.args.get("account_id", type=int)
        form.begin.data, form.end.data = activity.starts_at, activity.ends_at
    chosen = (
        lookup.volunteer_in_reach(form.account_id.data, activity, current_user)
        if form.account_id.data
        else None
    )
    if form.validate_on_submit():
        # DataRequired: a valid form has both times.
        assert form.begin.data is not None and form.end.data is not None
        with refusal_flashed():
            if chosen is None:
                raise DomainError(_("请先查找并选择志愿者。"))
            enter_make_up(
                account=chosen,
                activity=activity,
                begin=form.begin.data,
                end=form.end.data,
                reason=form.reason.data,
                evidence_note=form.evidence_note.data,
                attachment=form.attachment_upload(),
                by=current_user,
            )
            flash(_("已为 %(name)s 补录，等待管理员审核。", name=person_name(chosen)), "success")
            return redirect(url_for(".activity_records", activity_id=activity.id))
    elif form.errors:
        flash(first_error(form), "error")
    return render_template(
        "records/make_up.html",
        activity=activity,
        form=form,
        search=search,
        found=lookup.find_volunteers(query, activity, current_user) if query else [],
        chosen=chosen,
    )
