"""Login, logout and one's own password."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer import clock
from volunteer.auth import services
from volunteer.auth.blueprint import bp
from volunteer.auth.forms import LoginForm, PasswordForm
from volunteer.auth.loader import log_in, log_out, this_device_login
from volunteer.checkin.tickets import scan_activity_of
from volunteer.core.edge import refusal_flashed
from volunteer.core.redirects import safe_local_path
from volunteer.core.times import hhmm, local_date, local_datetime
from volunteer.extensions import limiter


def _next_page() -> str | None:
    """Return where the login link asked to go afterwards, when it is a page of this site."""
    return safe_local_path(request.args.get("next"))


def _locked_message(until) -> str:
    """Say until when an account is locked: the time of day, with the date if not today."""
    today = local_date(clock.utc_now()) == local_date(until)
    return _(
        "账号因多次密码错误已临时锁定，请于 %(time)s 后重试。",
        time=hhmm(until) if today else local_datetime(until),
    )


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """Log in with 工号, username or phone."""
    if current_user.is_authenticated:
        return redirect(_next_page() or url_for("core.index"))
    # Scanning an activity's code on a phone: stay logged in for the next scan, and offer
    # registration to a first-time scanner.
    scan_activity = scan_activity_of(_next_page())
    form = LoginForm(remember=True) if scan_activity else LoginForm()
    if form.validate_on_submit():
        attempt = services.authenticate(form.identifier.data, form.password.data)
        if attempt.account is not None:
            log_in(attempt.account, remember=form.remember.data)
            return redirect(_next_page() or url_for("core.index"))
        if attempt.locked_until is not None:
            flash(_locked_message(attempt.locked_until), "error")
        else:
            flash(_("账号或密码不正确。"), "error")
    return render_template(
        "auth/login.html",
        form=form,
        scan_activity=scan_activity,
        scan_next=_next_page() if scan_activity else None,
    )


@bp.route("/logout", methods=["POST"])
def logout():
    """End the login on this device, on the server too: its old cookies open nothing."""
    log_out()
    flash(_("已退出登录。"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password; every other device is logged out."""
    form = PasswordForm()
    if form.validate_on_submit():
        with refusal_flashed():
            services.change_password(
                account=current_user,
                current=form.current.data,
                new=form.new.data,
                keep=this_device_login(),
            )
            flash(_("密码已修改。"), "success")
            return redirect(url_for("core.index"))
    return render_template("auth/password.html", form=form)
