"""Login, logout, own password, and the administrators' account and role pages."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from volunteer.audit.services import record_change
from volunteer.auth import (
    loader,  # noqa: F401  (registers the user loader)
    services,
)
from volunteer.auth.forms import (
    ROLE_LABELS,
    CreateAccountForm,
    GrantRoleForm,
    LoginForm,
    PasswordForm,
    ReasonForm,
)
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.auth.permissions import can, require, role_required
from volunteer.auth.queries import account_in_scope, accounts_in_scope, grant_in_scope
from volunteer.checkin.views import scan_activity_of
from volunteer.core.pagination import paginate
from volunteer.errors import DomainError
from volunteer.extensions import db, limiter
from volunteer.units.models import Unit

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    """Accept only a path on this site, so a login link cannot bounce people elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """Log in with 工号, username or phone."""
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")) or url_for("core.index"))
    # Scanning an activity's code on a phone: stay logged in for the next scan, and offer
    # registration to a first-time scanner.
    scan_activity = scan_activity_of(_safe_next(request.args.get("next")))
    form = LoginForm(remember=True) if scan_activity else LoginForm()
    if form.validate_on_submit():
        account = services.authenticate(form.identifier.data, form.password.data)
        if account is None:
            # Never store what was typed: people type passwords into the name box, and the
            # log keeps everything for ten years. Name the account only when one was meant.
            known = services.find_login(form.identifier.data)
            record_change(
                action="account.login_failed",
                subject_type="account",
                subject_id=known.id if known else None,
            )
            db.session.commit()
            flash(_("账号或密码不正确。"), "error")
        else:
            login_user(account, remember=form.remember.data)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")) or url_for("core.index"))
    return render_template(
        "auth/login.html",
        form=form,
        scan_activity=scan_activity,
        scan_next=_safe_next(request.args.get("next")) if scan_activity else None,
    )


@bp.route("/logout", methods=["POST"])
def logout():
    """End the session on this device."""
    logout_user()
    flash(_("已退出登录。"), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                account=current_user, current=form.current.data, new=form.new.data
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            # The new session version logs out every device; keep this one, remembered as before.
            remembered = request.cookies.get(current_app.config["REMEMBER_COOKIE_NAME"])
            login_user(current_user, remember=bool(remembered))
            flash(_("密码已修改。"), "success")
            return redirect(url_for("core.index"))
    return render_template("auth/password.html", form=form)


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
        role_labels=ROLE_LABELS,
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
    try:
        account = services.create_account(
            username=form.username.data.strip(),
            password=form.password.data,
            display_name=form.display_name.data.strip(),
        )
        services.grant_role(account=account, role=Role(form.role.data), unit=unit)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("auth.accounts"))
    db.session.commit()
    flash(_("账号已创建。"), "success")
    return redirect(url_for("auth.account_detail", account_id=account.id))


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
        grant_form=GrantRoleForm(),
        reason_form=ReasonForm(),
        role_labels=ROLE_LABELS,
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
            try:
                services.grant_role(
                    account=account, role=Role(form.role.data), unit=unit, reason=form.reason.data
                )
            except DomainError as error:
                flash(error.message, "error")
            else:
                db.session.commit()
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
        services.revoke_role(grant=grant, reason=form.reason.data)
        db.session.commit()
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
            account=account, active=not account.active, reason=form.reason.data
        )
        db.session.commit()
        flash(_("账号状态已更新。"), "success")
    return redirect(url_for("auth.account_detail", account_id=account.id))
