"""The activity's QR code from the camera: the scan, then self sign-in and sign-out."""

from __future__ import annotations

from typing import NoReturn

from flask import (
    abort,
    after_this_request,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.models import Activity
from volunteer.auth.loader import session_account_id
from volunteer.checkin import queries, scan_tickets, tokens
from volunteer.checkin.blueprint import bp
from volunteer.checkin.forms import ScanConfirmForm
from volunteer.checkin.tickets import keep_device, secret_key, this_device, ticket_max_age
from volunteer.checkin.wording import activity_when, served_for
from volunteer.clock import local_day, local_today, utc_now
from volunteer.core.edge import refusal_flashed
from volunteer.core.times import hhmm
from volunteer.extensions import limiter
from volunteer.records.models import RecordSource, RecordStatus
from volunteer.records.open_session import next_credit
from volunteer.records.services import (
    is_forgotten_sign_out,
    record_sign_in,
    record_sign_out,
)
from volunteer.records.services.sessions import ReadTogether
from volunteer.records.settings import hour_rules
from volunteer.registration.models import RegistrationStatus
from volunteer.texts import N_

# Refusals the person caused by scanning something wrong, as opposed to something too old.
BAD_REQUEST_REFUSALS = frozenset(
    {tokens.INVALID, tokens.NOT_AN_ACTIVITY_CODE, tokens.NOT_A_PERSONAL_CODE}
)
UNKNOWN_ACTIVITY = N_("找不到该活动，请确认二维码来自活动现场。")
CANCELLED = N_("该活动已取消，无需签到。")
POSTER_REVOKED = N_("此海报码已停用，请扫描现场屏幕上的二维码或向活动负责人索取新海报。")
POSTER_NOT_ALLOWED = N_("该活动不接受海报码签到，请扫描现场屏幕上的二维码。")


def _refuse(message: str, status: int) -> NoReturn:
    """Stop with a clear page saying why the scan is refused; nothing is written."""
    page = render_template("checkin/refused.html", message=_(message))
    abort(make_response(page, status))


def _check_live(activity: Activity | None, kind: str, number: int) -> Activity:
    """Return the live activity a valid token or ticket names, or refuse."""
    if activity is None:
        _refuse(UNKNOWN_ACTIVITY, 404)
    if activity.is_cancelled:
        _refuse(CANCELLED, 410)
    if kind == tokens.ACTIVITY_STATIC:
        if not activity.static_code_allowed:
            _refuse(POSTER_NOT_ALLOWED, 410)
        if number != activity.static_code_generation:
            _refuse(POSTER_REVOKED, 410)
    return activity


def _refusal_status(refused: tokens.TokenRefused) -> int:
    return 400 if refused.message in BAD_REQUEST_REFUSALS else 410


def _scanned(
    ticket: str, *, with_last: bool = False
) -> tuple[queries.Attendance, scan_tickets.Ticket]:
    """Verify a scan ticket; return its activity read with the person's state there.

    The ticket alone says which activity. Only the device that scanned may use it, and there
    only the first account that did.
    """
    device = this_device()
    try:
        scan = scan_tickets.read_ticket(secret_key(), ticket, ticket_max_age())
        admitted = scan_tickets.admit(scan, device, current_user.id)
    except tokens.TokenRefused as refused:
        _refuse(refused.message, _refusal_status(refused))
    if admitted != device:
        after_this_request(lambda response: keep_device(response, admitted))
    if scan.kind not in tokens.ACTIVITY_KINDS:
        _refuse(tokens.NOT_AN_ACTIVITY_CODE, 400)
    attendance = queries.attendance_at(scan.key, current_user.id, with_last=with_last)
    if attendance is None:
        _refuse(UNKNOWN_ACTIVITY, 404)
    _check_live(attendance.activity, scan.kind, scan.number)
    return attendance, scan


@bp.route("/s/<qr_token>")
# Version 2 codes link here: an uppercase path keeps the QR code alphanumeric (short_tokens.py).
@bp.route("/S/<qr_token>")
@limiter.limit(
    lambda: current_app.config["PUBLIC_RATE_LIMIT"],
    # Only refused scans count: a crowd behind one Wi-Fi address must not lock itself out.
    deduct_when=lambda response: response.status_code >= 400,
)
def scan(qr_token: str):
    """Land here from the camera: check the code, then carry a short-lived ticket to sign-in.

    A GET writes nothing: WeChat fetches links to draw their previews.
    """
    config = current_app.config
    try:
        claims = tokens.read_token(
            secret_key(),
            qr_token,
            kinds=tokens.ACTIVITY_KINDS,
            now=utc_now(),
            rotate_seconds=config["QR_ROTATE_SECONDS"],
            accept_seconds=config["QR_ACCEPT_SECONDS"],
        )
    except tokens.TokenRefused as refused:
        _refuse(refused.message, _refusal_status(refused))
    account_id = session_account_id()
    if account_id is None:
        # Nobody logged in: refuse a code of an unknown or cancelled activity before the login
        # page. Someone logged in goes straight to the ticket's page, which checks the same
        # (and the login) in the statement it needs anyway: the scan reads nothing.
        _check_live(queries.activity_by_token_key(claims.key), claims.kind, claims.number)
        account_id = current_user.id if current_user.is_authenticated else None
    # The ticket is bound to this phone's cookie, and to whoever is already logged in on it.
    device = this_device() or scan_tickets.Device.new()
    ticket = scan_tickets.make_ticket(secret_key(), claims, device)
    if account_id is not None:
        device = device.bound(scan_tickets.ticket_ref(ticket), account_id)
    response = redirect(url_for(".ticket", ticket=ticket))
    response.headers["Cache-Control"] = "no-store"
    return keep_device(response, device)


@bp.route("/checkin/<ticket>")
@login_required
def ticket(ticket: str):
    """Show the scanned activity and the one button that applies: 签到 or 签退."""
    attendance, _scan = _scanned(ticket, with_last=True)
    activity, registration = attendance.activity, attendance.registration
    session = attendance.open_session
    served = credit = last = None
    now = utc_now()
    if session is not None and session.activity_id == activity.id:
        served = served_for(int((now - session.signed_in_at).total_seconds() // 60))
        credit = next_credit(
            session.signed_in_at, now, activity.starts_at, activity.ends_at, hour_rules()
        )
    elif session is None:
        # The session signed out today, even one begun before midnight: its service date is
        # the day it began, but the person has just pressed 签退 and looks for the answer.
        last = attendance.last_session
        if last is not None and (
            last.signed_out_at is None or local_day(last.signed_out_at) != local_today()
        ):
            last = None
    return render_template(
        "checkin/ticket.html",
        activity=activity,
        ticket=ticket,
        form=ScanConfirmForm(),
        registered=registration is not None,
        pending=registration is not None and registration.status != RegistrationStatus.ACTIVE,
        # Only someone not yet registered needs the link (it reads the activity's unit).
        register_url=_register_url(activity, ticket) if registration is None else None,
        session=session,
        served=served,
        credit=credit,
        minutes_left=credit.minutes_left(now) if credit else None,
        last=last,
        when=activity_when(activity),
    )


def _register_url(activity: Activity, ticket: str) -> str:
    return url_for(
        "registration.register",
        code=activity.unit.code,
        next=url_for(".ticket", ticket=ticket),
    )


@bp.route("/checkin/<ticket>/sign-in", methods=["POST"])
@login_required
def sign_in(ticket: str):
    """Sign the logged-in volunteer in at the ticket's activity, exactly once."""
    attendance, scan = _scanned(ticket)
    activity = attendance.activity
    if ScanConfirmForm().validate_on_submit():
        source = (
            RecordSource.STATIC_CODE
            if scan.kind == tokens.ACTIVITY_STATIC
            else RecordSource.SELF_SCAN
        )
        with refusal_flashed():
            result = record_sign_in(
                account=current_user._get_current_object(),
                activity=activity,
                source=source,
                device=request.user_agent.string,
                read=ReadTogether(attendance.registration, attendance.open_session),
            )
            flash(result.message(), "info" if result.already else "success")
    return redirect(url_for(".ticket", ticket=ticket))


@bp.route("/checkin/<ticket>/sign-out", methods=["POST"])
@login_required
def sign_out(ticket: str):
    """Sign the logged-in volunteer out of the ticket's activity and say what it counts."""
    attendance, _scan = _scanned(ticket)
    activity, session = attendance.activity, attendance.open_session
    form = ScanConfirmForm()
    if form.validate_on_submit():
        account = current_user._get_current_object()
        # A tap moments after signing in is probably a mistake: say what it costs, ask once.
        confirmed = request.form.get("confirm") == "1"
        quick = None if confirmed else queries.quick_sign_out(session, activity, utc_now())
        if quick is not None:
            return render_template(
                "checkin/confirm_sign_out.html",
                activity=activity,
                ticket=ticket,
                form=form,
                quick=quick,
                max_sessions=hour_rules().max_sessions_per_activity_per_day,
            )
        with refusal_flashed():
            record = record_sign_out(
                account=account,
                activity=activity,
                read=ReadTogether(attendance.registration, session, attendance.claimed_on_day),
            )
            flash(*_signed_out_message(record))
    return redirect(url_for(".ticket", ticket=ticket))


def _signed_out_message(record) -> tuple[str, str]:
    """Say what a sign-out counts for: hours, a review, or a window that had closed."""
    if is_forgotten_sign_out(record):
        return _("签退时间已过，本次签到已交由负责人核实后计算时长。"), "error"
    message = _(
        "签退成功（%(time)s），本次服务%(hours)s小时。",
        time=hhmm(record.signed_out_at),
        hours=record.hours,
    )
    if record.status == RecordStatus.NEEDS_REVIEW:
        message += _("当日累计时长较长，需管理员审核后计入。")
    return message, "success"
