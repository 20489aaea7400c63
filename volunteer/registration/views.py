"""Registration pages: the public link and its QR code, the volunteer's own page, the manager's
pending list, printable poster and national-system import."""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user

from volunteer.auth.models import Role
from volunteer.auth.permissions import require, role_required, scope_roots
from volunteer.auth.views import _safe_next
from volunteer.clock import local_today
from volunteer.core.pagination import paginate
from volunteer.errors import DomainError
from volunteer.extensions import db, limiter
from volunteer.imports.tabular import ImportRejected
from volunteer.people.models import StaffMember
from volunteer.records.listings import year_hours
from volunteer.registration import queries, services
from volunteer.registration.forms import (
    ApproveForm,
    NationalImportForm,
    RegistrationForm,
    RejectForm,
)
from volunteer.registration.importing import import_national_registrations
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.registration.qr import svg_qr_code
from volunteer.targets.queries import target_for
from volunteer.units.models import Unit

bp = Blueprint("registration", __name__)

PENDING_PAGE_SIZE = 20


def _link_unit_or_404(code: str) -> Unit:
    unit = queries.unit_for_link(code)
    if unit is None:
        abort(404)
    return unit


@bp.route("/r/<code>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PUBLIC_RATE_LIMIT"], methods=["POST"])
def register(code: str):
    """Register as a volunteer through a unit's link: staff are matched to the roster."""
    unit = _link_unit_or_404(code)
    if current_user.is_authenticated and queries.registration_of_account(current_user):
        flash(_("您已注册为志愿者。"), "info")
        return redirect(_safe_next(request.args.get("next")) or url_for(".me"))
    form = RegistrationForm()
    if form.validate_on_submit():
        details = {
            "unit": unit,
            "name": form.name.data,
            "phone": form.phone.data,
            "password": form.password.data,
            "national_volunteer_no": form.national_volunteer_no.data or None,
        }
        try:
            if form.is_external:
                registration = services.register_external_volunteer(
                    affiliation=form.affiliation.data, **details
                )
            else:
                registration = services.register_volunteer(staff_no=form.staff_no.data, **details)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            if registration.status != RegistrationStatus.ACTIVE:
                return redirect(url_for(".submitted", code=unit.code))
            login_user(registration.account, remember=True)
            flash(_("注册成功，欢迎成为志愿者！"), "success")
            # Registered on the spot after scanning an activity's code: back to signing in.
            return redirect(_safe_next(request.args.get("next")) or url_for(".me"))
    elif form.errors:
        # On a phone the first mistake may be a screen away: say so at the top.
        flash(_("请检查标红的项目。"), "error")
    return render_template("registration/register.html", form=form, unit=unit)


@bp.route("/r/<code>/submitted")
def submitted(code: str):
    """Tell someone whose details did not match the roster that a manager will check them."""
    unit = _link_unit_or_404(code)
    return render_template("registration/submitted.html", unit=unit)


@bp.route("/r/<code>/qr.svg")
def qr_svg(code: str):
    """Draw the QR code of a unit's registration link."""
    unit = _link_unit_or_404(code)
    svg = svg_qr_code(url_for(".register", code=unit.code, _external=True))
    response = Response(svg, mimetype="image/svg+xml")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.route("/units/<int:unit_id>/registration")
@login_required
def poster(unit_id: int):
    """Show a unit's registration link and QR code, ready to print."""
    unit = db.get_or_404(Unit, unit_id)
    require(Role.MANAGER, unit)
    if unit.is_retired:
        abort(404)
    link = url_for(".register", code=unit.code, _external=True)
    return render_template("registration/poster.html", unit=unit, link=link)


@bp.route("/me")
@login_required
def me():
    """Show the volunteer's own page: registration, and this year's hours against the target."""
    registration = queries.registration_of_account(current_user)
    year = local_today().year
    return render_template(
        "registration/me.html",
        registration=registration,
        staff=current_user.staff_member,
        year=year,
        hours=year_hours(current_user.id, year),
        target=target_for(year).hours_per_person,
    )


@bp.route("/registrations/pending")
@role_required(Role.MANAGER)
def pending():
    """List registrations that did not match the roster, with the likely roster entries."""
    page = paginate(queries.pending_registrations(current_user), per_page=PENDING_PAGE_SIZE)
    candidates = {
        registration.id: queries.candidate_matches(registration, current_user)
        for registration in page.items
    }
    return render_template(
        "registration/pending.html",
        page=page,
        candidates=candidates,
        approve_form=ApproveForm(),
        reject_form=RejectForm(),
        link_units=scope_roots(current_user, Role.MANAGER),
    )


def _pending_registration(registration_id: int) -> Registration:
    registration = db.get_or_404(Registration, registration_id)
    require(Role.MANAGER, registration.unit)
    return registration


@bp.route("/registrations/<int:registration_id>/approve", methods=["POST"])
@login_required
def approve(registration_id: int):
    """Link a pending registration to the roster entry the manager picked."""
    registration = _pending_registration(registration_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        flash(_("请选择对应的职工。"), "error")
        return redirect(url_for(".pending"))
    if form.staff_no.data:
        staff = queries.staff_by_number(form.staff_no.data)
    else:
        staff = db.session.get(StaffMember, form.staff_id.data) if form.staff_id.data else None
    if staff is None:
        flash(_("请选择对应的职工，或输入正确的工号。"), "error")
        return redirect(url_for(".pending"))
    require(Role.MANAGER, staff.unit)
    try:
        services.approve_registration(
            registration=registration,
            staff=staff,
            resolved_by=current_user,
            reason=form.reason.data or None,
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("已通过：%(name)s（%(no)s）。", name=staff.name, no=staff.staff_no), "success")
    return redirect(url_for(".pending"))


@bp.route("/registrations/<int:registration_id>/reject", methods=["POST"])
@login_required
def reject(registration_id: int):
    """Turn down a pending registration with a reason."""
    registration = _pending_registration(registration_id)
    form = RejectForm()
    if not form.validate_on_submit():
        flash(_("请填写驳回原因。"), "error")
        return redirect(url_for(".pending"))
    try:
        services.reject_registration(
            registration=registration, resolved_by=current_user, reason=form.reason.data
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("已驳回 %(name)s 的注册申请。", name=registration.claimed_name), "success")
    return redirect(url_for(".pending"))


@bp.route("/registrations/import", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def import_national():
    """Import registrations made in 全国志愿服务信息系统 for staff the manager looks after."""
    form = NationalImportForm()
    summary, errors = None, None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            summary = import_national_registrations(
                data=upload.read(),
                filename=upload.filename or "",
                scope=scope_roots(current_user, Role.MANAGER),
                dry_run=form.dry_run.data,
            )
        except ImportRejected as rejected:
            db.session.rollback()
            errors = rejected.errors
            flash(_(ImportRejected.MESSAGE, n=len(errors)), "error")
        else:
            if form.dry_run.data:
                db.session.rollback()
            else:
                db.session.commit()
    return render_template("registration/import.html", form=form, summary=summary, errors=errors)
