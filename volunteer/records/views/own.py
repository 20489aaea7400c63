"""A volunteer's own records: the year's list, correction requests and missing records."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.models import Activity
from volunteer.clock import local_today
from volunteer.core.edge import refusal_flashed
from volunteer.core.redirects import back_to
from volunteer.extensions import db
from volunteer.records.access import own_record_or_404
from volunteer.records.blueprint import bp
from volunteer.records.forms import CorrectionForm, MissingRecordForm, first_error
from volunteer.records.queries import lookup, person_year
from volunteer.records.services import corrections
from volunteer.targets.queries import target_for


@bp.route("/me/records")
@login_required
def my_records():
    """List the volunteer's records of a year with status and reasons, and their corrections."""
    return _render_my_records(MissingRecordForm())


def _render_my_records(missing_form: MissingRecordForm, status: int = 200):
    year = request.args.get("year", type=int) or local_today().year
    missing_form.set_activities(lookup.recent_activities())
    years = person_year.record_years(current_user.id)
    if local_today().year not in years:
        years = sorted({*years, local_today().year}, reverse=True)
    return render_template(
        "records/my_records.html",
        year=year,
        years=years,
        summary=person_year.year_hours(current_user.id, year),
        target=target_for(year).hours_per_person,
        records=person_year.records_of(current_user.id, year),
        corrections=person_year.corrections_of(current_user.id),
        correction_form=CorrectionForm(formdata=None),
        missing_form=missing_form,
    ), status


@bp.route("/me/records/<int:my_record_id>/correction", methods=["POST"])
@login_required
def request_correction(my_record_id: int):
    """File a correction request against one of the volunteer's own records."""
    record = own_record_or_404(my_record_id)
    form = CorrectionForm()
    back = back_to(url_for(".my_records", year=record.service_date.year))
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(back)
    with refusal_flashed():
        corrections.request_correction(
            account=current_user,
            record=record,
            message=form.message.data,
            begin=form.begin.data,
            end=form.end.data,
        )
        flash(_("更正申请已提交，管理员处理后您会在这里看到结果。"), "success")
    return redirect(back)


@bp.route("/me/records/missing", methods=["POST"])
@login_required
def report_missing():
    """Report service that has no record: the activity, the times, a message."""
    form = MissingRecordForm()
    form.set_activities(lookup.recent_activities())
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return _render_my_records(form, 400)
    if form.activity_number.data:
        activity = lookup.activity_by_number(form.activity_number.data)
    else:
        activity = db.session.get(Activity, int(form.activity_id.data or 0))
    if activity is None:
        flash(_("找不到编号为 %(number)s 的活动。", number=form.activity_number.data), "error")
        return _render_my_records(form, 400)
    with refusal_flashed():
        corrections.request_correction(
            account=current_user,
            activity=activity,
            message=form.message.data,
            begin=form.begin.data,
            end=form.end.data,
        )
        flash(_("已提交遗漏记录的申请，管理员核实后会为您补上。"), "success")
        return redirect(url_for(".my_records"))
    return _render_my_records(form, 400)
