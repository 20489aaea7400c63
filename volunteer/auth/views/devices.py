"""One's own logged-in devices: see them, log one out, or log out of all of them."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.auth import device_logins
from volunteer.auth.blueprint import bp
from volunteer.auth.forms import DeviceForm
from volunteer.auth.loader import log_out, this_device_login
from volunteer.auth.queries import logins_in_force
from volunteer.core.edge import refusal_flashed


@bp.route("/me/devices")
@login_required
def devices():
    """List the devices one is logged in on, this one marked."""
    return render_template(
        "auth/devices.html",
        logins=logins_in_force(current_user),
        this_login=this_device_login(),
        form=DeviceForm(),
    )


@bp.route("/me/devices/end", methods=["POST"])
@login_required
def end_device_login():
    """Log one of one's own devices out (a phone lost, an office PC left logged in)."""
    form = DeviceForm()
    if not form.validate_on_submit():
        flash(_("请选择要退出的设备。"), "error")
        return redirect(url_for("auth.devices"))
    this_login = this_device_login()
    with refusal_flashed():
        ended = device_logins.end_own_login(account=current_user, login_id=form.device.data)
        if this_login is not None and ended.id == this_login.id:
            log_out()
            flash(_("已退出登录。"), "info")
            return redirect(url_for("auth.login"))
        flash(_("该设备已退出登录。"), "success")
    return redirect(url_for("auth.devices"))


@bp.route("/me/devices/end-all", methods=["POST"])
@login_required
def end_all_device_logins():
    """Log out of every device, this one included."""
    device_logins.end_logins(account=current_user)
    log_out()
    flash(_("已退出全部设备，请重新登录。"), "info")
    return redirect(url_for("auth.login"))
