"""The activity's QR code: the scan, self sign-in and the poster (the screen: screen_views.py)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date, format_time
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.access import require_run_activity
from volunteer.activities.models import Activity
from volunteer.checkin import pdf, queries, services, tokens
from volunteer.checkin.forms import RevokePosterForm, ScanConfirmForm
from volunteer.clock import local_today, local_zone, utc_now
from volunteer.errors import DomainError
from volunteer.extensions import db, limiter
from volunteer.records import queries as record_queries
from volunteer.records import rules
from volunteer.records.models import RecordSource, RecordStatus
from volunteer.records.services import (
    is_forgotten_sign_out,
    record_sign_in,
    record_sign_out,
)
from volunteer.registration.models import RegistrationStatus
from volunteer.registration.queries import registration_of_account
from volunteer.texts import N_

bp = Blueprint("checkin", __name__)

TICKET_PREFIX = "/checkin/"
# Refusals the person caused by scanning something wrong, as opposed to something too old.
BAD_REQUEST_REFUSALS = frozenset(
    {tokens.INVALID, tokens.NOT_AN_ACTIVITY_CODE, tokens.NOT_A_PERSONAL_CODE}
)
UNKNOWN_ACTIVITY = N_("找不到该活动，请确认二维码来自活动现场。")
CANCELLED = N_("该活动已取消，无需签到。")
POSTER_REVOKED = N_("此海报码已停用，请扫描现场屏幕上的二维码或向活动负责人索取新海报。")
POSTER_NOT_ALLOWED = N_("该活动不接受海报码签到，请扫描现场屏幕上的二维码。")


def secret_key() -> str:
    return current_app.config["SECRET_KEY"]


def _refuse(message: str, status: int) -> None:
    """Stop with a clear page saying why the scan is refused; nothing is written."""
    page = render_template("checkin/refused.html", message=_(message))
    abort(make_response(page, status))


# --- Tokens and tickets ------------------------------------------------------------------------


def _activity_named(kind: str, key: str, number: int) -> Activity:
    """Return the live activity a valid token or ticket names, or refuse."""
    activity = queries.activity_by_token_key(key)
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


def _scanned(ticket: str) -> tuple[Activity, tokens.Ticket]:
    """Verify a scan ticket and return its activity; the ticket alone says which activity."""
    max_age = current_app.config["SCAN_TICKET_MINUTES"] * 60
    try:
        scan = tokens.read_ticket(secret_key(), ticket, max_age)
    except tokens.TokenRefused as refused:
        _refuse(refused.message, _refusal_status(refused))
    if scan.kind not in tokens.ACTIVITY_KINDS:
        _refuse(tokens.NOT_AN_ACTIVITY_CODE, 400)
    return _activity_named(scan.kind, scan.key, scan.number), scan


def scan_activity_of(next_path: str | None) -> Activity | None:
    """Return the activity whose scan the login page is interrupting, if `next` is a ticket."""
    path = urlsplit(next_path or "").path
    if not path.startswith(TICKET_PREFIX):
        return None
    ticket = path.removeprefix(TICKET_PREFIX).split("/", 1)[0]
    try:
        scan = tokens.read_ticket(
            secret_key(), ticket, current_app.config["SCAN_TICKET_MINUTES"] * 60
        )
    except tokens.TokenRefused:
        return None
    activity = queries.activity_by_token_key(scan.key)
    return None if activity is None or activity.is_cancelled else activity


@bp.route("/s/<qr_token>")
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
    _activity_named(claims.kind, claims.key, claims.number)
    response = redirect(url_for(".ticket", ticket=tokens.make_ticket(secret_key(), claims)))
    response.headers["Cache-Control"] = "no-store"
    return response


# --- Self sign-in ------------------------------------------------------------------------------


def _duration(minutes: int) -> str:
    hours, rest = divmod(max(minutes, 0), 60)
    if hours:
        return _("%(h)d小时%(m)d分钟", h=hours, m=rest)
    return _("%(m)d分钟", m=rest)


def hhmm(moment: datetime) -> str:
    return format_time(moment, "HH:mm")


@bp.route("/checkin/<ticket>")
@login_required
def ticket(ticket: str):
    """Show the scanned activity and the one button that applies: 签到 or 签退."""
    activity, _scan = _scanned(ticket)
    account = current_user._get_current_object()
    registration = registration_of_account(account)
    session = record_queries.open_session_of(account.id)
    served = worth = last = None
    now = utc_now()
    if session is not None and session.activity_id == activity.id:
        served = _duration(int((now - session.signed_in_at).total_seconds() // 60))
        worth = rules.session_hours(
            session.signed_in_at, now, activity.starts_at, activity.ends_at
        ).hours
    elif session is None:
        last = record_queries.last_session_at(account.id, activity.id)
        if last is not None and (last.signed_out_at is None or last.service_date != local_today()):
            last = None
    return render_template(
        "checkin/ticket.html",
        activity=activity,
        ticket=ticket,
        form=ScanConfirmForm(),
        registered=registration is not None,
        pending=registration is not None and registration.status != RegistrationStatus.ACTIVE,
        register_url=_register_url(activity, ticket),
        session=session,
        served=served,
        worth=worth,
        last=last,
        when=activity_when(activity),
        hhmm=hhmm,
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
    activity, scan = _scanned(ticket)
    if ScanConfirmForm().validate_on_submit():
        source = (
            RecordSource.STATIC_CODE
            if scan.kind == tokens.ACTIVITY_STATIC
            else RecordSource.SELF_SCAN
        )
        try:
            result = record_sign_in(
                account=current_user._get_current_object(),
                activity=activity,
                source=source,
                device=request.user_agent.string,
            )
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            # Word the answer before committing: reading the record afterwards would reload it.
            flash(result.message(), "info" if result.already else "success")
            db.session.commit()
    return redirect(url_for(".ticket", ticket=ticket))


@bp.route("/checkin/<ticket>/sign-out", methods=["POST"])
@login_required
def sign_out(ticket: str):
    """Sign the logged-in volunteer out of the ticket's activity and say what it counts."""
    activity, _scan = _scanned(ticket)
    if ScanConfirmForm().validate_on_submit():
        try:
            record = record_sign_out(account=current_user._get_current_object(), activity=activity)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            flash(*_signed_out_message(record))
            db.session.commit()
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


# --- The screen --------------------------------------------------------------------------------


def runnable_activity(activity_id: int) -> Activity:
    activity = db.get_or_404(Activity, activity_id)
    require_run_activity(activity)
    return activity


def activity_when(activity: Activity) -> str:
    """Say when the activity runs, in the organisation's zone: 2026年3月5日 09:00–12:00."""
    zone = local_zone()
    starts, ends = activity.starts_at.astimezone(zone), activity.ends_at.astimezone(zone)
    if starts.date() == ends.date():
        return f"{format_date(starts, 'long')} {hhmm(starts)}–{hhmm(ends)}"
    return (
        f"{format_date(starts, 'long')} {hhmm(starts)} – {format_date(ends, 'long')} {hhmm(ends)}"
    )


# --- The poster --------------------------------------------------------------------------------


def _postable(activity_id: int) -> Activity:
    activity = runnable_activity(activity_id)
    if not activity.static_code_allowed:
        abort(404)
    return activity


@bp.route("/activities/<int:activity_id>/poster.pdf")
@login_required
def poster(activity_id: int):
    """Print the activity's static code on an A4 poster."""
    activity = _postable(activity_id)
    token = tokens.poster_token(secret_key(), activity.token_key, activity.static_code_generation)
    content = pdf.Poster(
        title=activity.title,
        heading=_("扫码签到 / 签退"),
        facts=[
            (_("时间"), activity_when(activity)),
            (_("地点"), activity.place),
            (_("主办"), activity.unit.name),
        ],
        instructions=[
            _("用微信或手机相机扫描上方二维码。"),
            _("登录后点击“签到”；还没有账号的职工可当场注册为志愿者。"),
            _("离开时再扫一次，点击“签退”，服务时长按实际时间计算。"),
        ],
        note=_("使用本海报码签到的服务记录将标记为“海报码签到”，供审核时区分。"),
        url=url_for(".scan", qr_token=token, _external=True),
        footer=_(
            "%(number)s · 海报第%(generation)d版",
            number=activity.number,
            generation=activity.static_code_generation,
        ),
        author=current_app.config["ORGANISATION_NAME"],
    )
    font_path = current_app.config["CJK_FONT_PATH"]
    response = Response(pdf.render_poster(content, font_path=font_path), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="poster-{activity.number}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/activities/<int:activity_id>/poster/revoke", methods=["POST"])
@login_required
def revoke_poster(activity_id: int):
    """Stop every printed poster of the activity from working; a new poster can be printed."""
    activity = _postable(activity_id)
    form = RevokePosterForm()
    if form.validate_on_submit():
        try:
            services.revoke_poster_codes(activity, reason=form.reason.data or None)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("旧海报已停用，请重新打印海报。"), "success")
    return redirect(url_for("activities.detail", activity_id=activity.id))


# The activity screen (its page and polled state) lives beside this module, on the same bp.
from volunteer.checkin import screen_views  # noqa: E402, F401
