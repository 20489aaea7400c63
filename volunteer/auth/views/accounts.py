"""The administrators' account pages: logins, roles, and ending or unlocking a login."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from volunteer.auth import device_logins, lockout, services
from volunteer.auth.blueprint import bp
from volunteer.auth.forms import CreateAccountForm, GrantRoleForm, ReasonForm
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.auth.permissions import can, require, role_required
from volunteer.auth.queries import (
    account_in_scope,
    accounts_in_scope,
    grant_in_scope,
    logins_in_force,
)
from volunteer.core.edge import refusal_flashed
from volunteer.core.pagination import paginate
from volunteer.extensions import db
from volunteer.units.models import Unit


@bp.route("/accounts")
@role_required(Role.ADMIN)
def accounts():
    """List the accounts in the administrator's subtree."""
    search = request.args.get("q", "").strip()
    page = paginate(accounts_in_scope(current_user, search))
    return render_template(
        "auth/accounts.html",
        page=page,
        search=search,
        form=CreateAccountForm(),
    )


@bp.route("/accounts/new", methods=["POST"])
@role_required(Role.ADMIN)
def create_account():
    """Create a staff login with its first role on a unit the administrator controls."""
    form = CreateAccountForm()
    if not form.validate_on_submit():
        flash(_("请完整填写用户名、姓名、至少 8 位的初始密码和单位编码。"), "error")
        return redirect(url_for("auth.accounts"))
    unit = db.session.scalar(db.select(Unit).where(Unit.code == form.unit_code.data.strip()))
    if unit is None:
        flash(_("单位编码不存在。"), "error")
        return redirect(url_for("auth.accounts"))
    require(Role.ADMIN, unit)
    with refusal_flashed():
        account = services.create_account(
            username=form.username.data.strip(),
            password=form.password.data,
            display_name=form.display_name.data.strip(),
            actor=current_user,
        )
        services.grant_role(
            account=account, role=Role(form.role.data), unit=unit, actor=current_user
        )
        flash(_("账号已创建。"), "success")
        return redirect(url_for("auth.account_detail", account_id=account.id))
    return redirect(url_for("auth.accounts"))


def _account_or_403(account_id: int) -> Account:
    account = db.get_or_404(Account, account_id)
    if not account_in_scope(current_user, account):
        abort(403)
    return account


@bp.route("/accounts/<int:account_id>")
@role_required(Role.ADMIN)
def account_detail(account_id: int):
    """Show an account, its roles, and forms to grant or revoke them."""
    account = _account_or_403(account_id)
    return render_template(
        "auth/account_detail.html",
        account=account,
        logins=logins_in_force(account),
        grant_form=GrantRoleForm(),
        reason_form=ReasonForm(),
    )


@bp.route("/accounts/<int:account_id>/grants", methods=["POST"])
@role_required(Role.ADMIN)
def grant(account_id: int):
    """Grant a role over a unit the administrator controls."""
    account = _account_or_403(account_id)
    form = GrantRoleForm()
    if form.validate_on_submit():
        unit = db.session.scalar(db.select(Unit).where(Unit.code == form.unit_code.data.strip()))
        if unit is None:
            flash(_("单位编码不存在。"), "error")
        elif not can(current_user, Role.ADMIN, unit):
            abort(403)
        else:
            with refusal_flashed():
                services.grant_role(
                    account=account,
                    role=Role(form.role.data),
                    unit=unit,
                    reason=form.reason.data,
                    actor=current_user,
                )
                flash(_("角色已授予。"), "success")
    return redirect(url_for("auth.account_detail", account_id=account.id))


@bp.route("/grants/<int:grant_id>/revoke", methods=["POST"])
@role_required(Role.ADMIN)
def revoke(grant_id: int):
    """Revoke a role; the grant stays in the history."""
    grant = db.get_or_404(RoleGrant, grant_id)
    if not grant_in_scope(current_user, grant):
        abort(403)
    form = ReasonForm()
    if form.validate_on_submit() and grant.revoked_at is None:
        services.revoke_role(grant=grant, reason=form.reason.data, actor=current_user)
        flash(_("角色已撤销。"), "success")
    return redirect(url_for("auth.account_detail", account_id=grant.account_id))


@bp.route("/accounts/<int:account_id>/active", methods=["POST"])
@role_required(Role.ADMIN)
def toggle_active(account_id: int):
    """Disable or re-enable a login."""
    account = _account_or_403(account_id)
    if account.id == current_user.id:
        flash(_("不能停用自己的账号。"), "error")
        return redirect(url_for("auth.account_detail", account_id=account.id))
    form = ReasonForm()
    if form.validate_on_submit():
        services.set_account_active(
            account=account, active=not account.active, reason=form.reason.data, actor=current_user
        )
        flash(_("账号状态已更新。"), "success")
    return redirect(url_for("auth.account_detail", account_id=account.id))


@bp.route("/accounts/<int:account_id>/logins/end", methods=["POST"])
@role_required(Role.ADMIN)
def end_account_logins(account_id: int):
    """Log a person out of every device (they left, or lost a phone)."""
    account = _account_or_403(account_id)
    form = ReasonForm()
    if form.validate_on_submit():
        ended = device_logins.end_logins_for(
            account=account, reason=form.reason.data, actor=current_user
        )
        flash(_("已结束该账号在 %(n)d 台设备上的登录。", n=ended), "success")
    return redirect(url_for("auth.account_detail", account_id=account.id))


@bp.route("/accounts/<int:account_id>/unlock", methods=["POST"])
@role_required(Role.ADMIN)
def unlock(account_id: int):
    """Lift the lock that wrong passwords put on a login."""
    account = _account_or_403(account_id)
    form = ReasonForm()
    if form.validate_on_submit():
        lockout.unlock_account(account=account, reason=form.reason.data, actor=current_user)
        flash(_("登录锁定已解除。"), "success")
    return redirect(url_for("auth.account_detail", account_id=account.id))
