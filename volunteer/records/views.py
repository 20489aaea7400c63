"""Records pages: the blueprint and its template helpers, a volunteer's own records and
correction requests, and one record with its history, fixes, void and evidence. The review queue,
an activity's records with make-ups, and the corrections queue register on the same bp from
review_views, activity_views and correction_views."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from volunteer.activities.access import can_run_activity
from volunteer.activities.models import Activity
from volunteer.audit.views import FIELD_LABELS
from volunteer.auth.models import Account
from volunteer.clock import local_today
from volunteer.core.numbers import format_hours
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.records import corrections as correction_services
from volunteer.records import listings, services
from volunteer.records.forms import CorrectionForm, MissingRecordForm, SignOutForm, VoidForm
from volunteer.records.models import (
    RECORD_SOURCE_LABELS,
    RECORD_STATUS_LABELS,
    REVIEW_REASON_LABELS,
    CorrectionStatus,
    RecordStatus,
    ServiceRecord,
)
from volunteer.records.review import can_review, void_record
from volunteer.targets.queries import target_for

bp = Blueprint("records", __name__)

CORRECTION_STATUS_LABELS = {
    CorrectionStatus.PENDING: _l("待处理"),
    CorrectionStatus.ACCEPTED: _l("已采纳"),
    CorrectionStatus.REJECTED: _l("已驳回"),
}
# The record's fields as the history shows them, beside the audit page's labels.
RECORD_FIELD_LABELS = {
    **FIELD_LABELS,
    "activity_id": _l("活动"),
    "signed_in_at": _l("签到时间"),
    "signed_out_at": _l("签退时间"),
    "service_date": _l("服务日期"),
    "credited_minutes": _l("计入分钟"),
    "hours": _l("时长"),
    "review_level": _l("审核级别"),
    "review_reason": _l("审核原因"),
    "note": _l("说明"),
    "status_reason": _l("原因"),
}
HISTORY_ACTIONS = {
    "record.sign_in": _l("签到"),
    "record.sign_out": _l("签退"),
    "record.forgotten_sign_out": _l("未签退，转待审核"),
    "record.resolve_sign_out": _l("补签退"),
    "record.make_up": _l("补录"),
    "record.import": _l("导入"),
    "record.approve": _l("审核通过"),
    "record.reject": _l("审核不通过"),
    "record.void": _l("作废"),
    "record.correct": _l("按更正申请修改"),
}


# --- Template helpers --------------------------------------------------------------------------


@bp.app_template_filter("local_datetime")
def local_datetime(moment) -> str:
    """Show an aware moment in the organisation's zone: 2026-03-05 09:00."""
    return format_datetime(moment, "yyyy-MM-dd HH:mm") if moment else ""


@bp.app_template_filter("local_clock")
def local_clock(moment) -> str:
    """Show the local time of day of an aware moment: 09:00."""
    return format_datetime(moment, "HH:mm") if moment else ""


@bp.app_template_global("record_period")
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
    same_day = format_datetime(begin, "yyyy-MM-dd") == format_datetime(end, "yyyy-MM-dd")
    return f"{local_datetime(begin)} – {local_clock(end) if same_day else local_datetime(end)}"


@bp.app_template_global("history_value")
def history_value(value, field: str) -> str:
    """Show one before/after value of a record's history in the reader's words."""
    labels = {
        "status": RECORD_STATUS_LABELS,
        "source": RECORD_SOURCE_LABELS,
        "review_reason": REVIEW_REASON_LABELS,
    }.get(field)
    if value in (None, ""):
        return "—"
    if labels and value in labels:
        return _(labels[value])
    if field in ("signed_in_at", "signed_out_at"):
        return local_datetime(datetime.fromisoformat(value))
    if field == "review_level":
        return _("管理员") if value == "admin" else _("单位管理员")
    return str(value)


@bp.context_processor
def labels():
    return {
        "status_labels": RECORD_STATUS_LABELS,
        "source_labels": RECORD_SOURCE_LABELS,
        "reason_labels": REVIEW_REASON_LABELS,
        "correction_labels": CORRECTION_STATUS_LABELS,
    }


# --- Access ------------------------------------------------------------------------------------


def can_fix(record: ServiceRecord) -> bool:
    """Those who run the record's activity, and managers over its activity or person."""
    return can_run_activity(current_user, record.activity) or can_review(current_user, record)


def can_see(record: ServiceRecord) -> bool:
    """The record's volunteer, and whoever may fix it."""
    return record.account_id == current_user.id or can_fix(record)


def _record(record_id: int, *, fixing: bool = False) -> ServiceRecord:
    record = db.get_or_404(ServiceRecord, record_id)
    if not (can_fix(record) if fixing else can_see(record)):
        abort(403)
    return record


def back_to(default: str) -> str:
    """Return to the page the form came from (a local path only), else `default`."""
    target = request.form.get("next", "")
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def first_error(form) -> str:
    """Return the form's first error message, or a general one."""
    for errors in form.errors.values():
        for error in errors:
            return str(error)
    return _("提交的内容有误，请检查后重试。")


def person_name(account: Account) -> str:
    """The roster name where there is one: accounts made by registration are named by 工号."""
    staff = account.staff_member
    return staff.name if staff is not None else account.display_name


def commit_and_flash(success: str) -> None:
    """Commit the request's changes and say so."""
    db.session.commit()
    flash(success, "success")


def rollback_and_flash(error: DomainError, prefix: str | None = None) -> None:
    """Undo the request's changes and show the refusal, after `prefix` when given."""
    db.session.rollback()
    flash(f"{prefix}：{error.message}" if prefix else error.message, "error")


# --- The volunteer's own records ---------------------------------------------------------------


@bp.route("/me/records")
@login_required
def my_records():
    """List the volunteer's records of a year with status and reasons, and their corrections."""
    return _render_my_records(MissingRecordForm())


def _render_my_records(missing_form: MissingRecordForm, status: int = 200):
    year = request.args.get("year", type=int) or local_today().year
    missing_form.set_activities(listings.recent_activities())
    years = listings.record_years(current_user.id)
    if local_today().year not in years:
        years = sorted({*years, local_today().year}, reverse=True)
    return render_template(
        "records/my_records.html",
        year=year,
        years=years,
        summary=listings.year_hours(current_user.id, year),
        target=target_for(year).hours_per_person,
        records=listings.records_of(current_user.id, year),
        corrections=listings.corrections_of(current_user.id),
        waiting_ids=listings.pending_correction_record_ids(current_user.id),
        correction_form=CorrectionForm(formdata=None),
        missing_form=missing_form,
    ), status


@bp.route("/me/records/<int:my_record_id>/correction", methods=["POST"])
@login_required
def request_correction(my_record_id: int):
    """File a correction request against one of the volunteer's own records."""
    record = db.get_or_404(ServiceRecord, my_record_id)
    if record.account_id != current_user.id:
        abort(403)
    form = CorrectionForm()
    back = url_for(".my_records", year=record.service_date.year)
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(back_to(back))
    try:
        correction_services.request_correction(
            account=current_user,
            record=record,
            message=form.message.data,
            begin=form.begin.data,
            end=form.end.data,
        )
    except DomainError as error:
        rollback_and_flash(error)
    else:
        commit_and_flash(_("更正申请已提交，管理员处理后您会在这里看到结果。"))
    return redirect(back_to(back))


@bp.route("/me/records/missing", methods=["POST"])
@login_required
def report_missing():
    """Report service that has no record: the activity, the times, a message."""
    form = MissingRecordForm()
    form.set_activities(listings.recent_activities())
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return _render_my_records(form, 400)
    if form.activity_number.data:
        activity = listings.activity_by_number(form.activity_number.data)
    else:
        activity = db.session.get(Activity, int(form.activity_id.data or 0))
    if activity is None:
        flash(_("找不到编号为 %(number)s 的活动。", number=form.activity_number.data), "error")
        return _render_my_records(form, 400)
    try:
        correction_services.request_correction(
            account=current_user,
            activity=activity,
            message=form.message.data,
            begin=form.begin.data,
            end=form.end.data,
        )
    except DomainError as error:
        rollback_and_flash(error)
        return _render_my_records(form, 400)
    commit_and_flash(_("已提交遗漏记录的申请，管理员核实后会为您补上。"))
    return redirect(url_for(".my_records"))


# --- One record: detail, fixes, void, attachments ---------------------------------------------


@bp.route("/records/<int:record_id>")
@login_required
def detail(record_id: int):
    """Show a record's facts, evidence, corrections and audit history."""
    record = _record(record_id)
    fixing = can_fix(record)
    return render_template(
        "records/detail.html",
        record=record,
        fixing=fixing,
        forgotten=services.is_forgotten_sign_out(record),
        history=listings.record_history(record.id),
        corrections=listings.record_corrections(record.id),
        field_labels=RECORD_FIELD_LABELS,
        actions=HISTORY_ACTIONS,
        sign_out_form=SignOutForm(formdata=None),
        void_form=VoidForm(formdata=None),
        correction_form=CorrectionForm(formdata=None),
        own=record.account_id == current_user.id,
    )


@bp.route("/records/<int:record_id>/sign-out", methods=["POST"])
@login_required
def fix_sign_out(record_id: int):
    """Set the real sign-out time of a forgotten sign-out, with a reason."""
    record = _record(record_id, fixing=True)
    form = SignOutForm()
    back = back_to(url_for(".detail", record_id=record.id))
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(back)
    try:
        services.resolve_forgotten_sign_out(
            record, signed_out_at=form.signed_out_at.data, reason=form.reason.data, by=current_user
        )
    except DomainError as error:
        rollback_and_flash(error)
    else:
        if record.status == RecordStatus.APPROVED:
            message = _("已设置签退时间，计入 %(hours)s 小时。", hours=format_hours(record.hours))
        else:
            message = _("已设置签退时间，当日累计较长，仍需审核。")
        commit_and_flash(message)
    return redirect(back)


@bp.route("/records/<int:record_id>/void", methods=["POST"])
@login_required
def void(record_id: int):
    """Void a wrong record with a reason; it is kept and shown, and no longer counts."""
    record = _record(record_id, fixing=True)
    form = VoidForm()
    back = back_to(url_for(".detail", record_id=record.id))
    if not form.validate_on_submit():
        flash(first_error(form), "error")
        return redirect(back)
    try:
        void_record(record, by=current_user, reason=form.reason.data)
    except DomainError as error:
        rollback_and_flash(error)
    else:
        commit_and_flash(_("记录已作废。"))
    return redirect(back)


@bp.route("/records/<int:record_id>/attachments/<int:attachment_id>")
@login_required
def attachment(record_id: int, attachment_id: int):
    """Download a record's evidence file (always as a download, never shown inline)."""
    record = _record(record_id)
    evidence = listings.attachment_of(record.id, attachment_id)
    if evidence is None:
        abort(404)
    response = send_file(
        BytesIO(evidence.content),
        mimetype=evidence.mimetype,
        as_attachment=True,
        download_name=evidence.filename,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# The review queue, an activity's records and make-ups, and the corrections queue live beside this
# module and register on the same bp.
from volunteer.records import activity_views, correction_views, review_views  # noqa: E402, F401
