"""Registration pages: the public link and its QR code, the volunteer's own page, the manager's
pending list, printable poster and national-system import."""

from flask import (
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
from flask_login import current_user, login_required

from volunteer.auth.loader import log_in
from volunteer.auth.models import Role
from volunteer.auth.permissions import require, role_required, scope_roots
from volunteer.clock import local_today
from volunteer.core.edge import refusal_flashed
from volunteer.core.form_errors import flash_fields_to_fix
from volunteer.core.pagination import paginate
from volunteer.core.redirects import safe_local_path
from volunteer.extensions import db, limiter
from volunteer.imports.tabular import ImportRejected
from volunteer.people.models import StaffMember
from volunteer.records.queries.person_year import year_hours
from volunteer.registration import queries
from volunteer.registration.blueprint import bp
from volunteer.registration.forms import (
    ApproveForm,
    NationalImportForm,
    RegistrationForm,
    RejectForm,
)
from volunteer.registration.import_columns import REGISTRATION_FILE
from volunteer.registration.models import Registration
from volunteer.registration.qr import svg_qr_code
from volunteer.registration.services import resolution, self_registration
from volunteer.registration.services.national_import import import_national_registrations
from volunteer.targets.queries import hours_toward_target
from volunteer.units.models import Unit

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
        return redirect(safe_local_path(request.args.get("next")) or url_for(".me"))
    form = RegistrationForm()
    if form.validate_on_submit():
        details = {
            "unit": unit,
            "name": form.name.data,
            "phone": form.phone.data,
            "password": form.password.data,
            "national_volunteer_no": form.national_volunteer_no.data or None,
            # Usually nobody is logged in on the device; when someone is, they are the actor.
            "actor": current_user if current_user.is_authenticated else None,
        }
        with refusal_flashed():
            if form.is_external:
                registration = self_registration.register_external_volunteer(
                    affiliation=form.affiliation.data, **details
                )
            else:
                registration = self_registration.register_volunteer(
                    staff_no=form.staff_no.data, **details
                )
            if not registration.is_active or registration.account is None:
                return redirect(url_for(".submitted", code=unit.code))
            log_in(registration.account, remember=True)
            flash(_("注册成功，欢迎成为志愿者！"), "success")
            # Registered on the spot after scanning an activity's code: back to signing in.
            return redirect(safe_local_path(request.args.get("next")) or url_for(".me"))
    elif form.errors:
        # On a phone the first mistake may be a screen away: name the fields at the top.
        flash_fields_to_fix(form, short_names={"consent": _("同意注册说明")})
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
    hours = year_hours(current_user.id, year)
    return render_template(
        "registration/me.html",
        registration=registration,
        staff=current_user.staff_member,
        year=year,
        hours=hours,
        goal=hours_toward_target(hours.approved, year),
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
    with refusal_flashed():
        resolution.approve_registration(
            registration=registration,
            staff=staff,
            resolved_by=current_user,
            reason=form.reason.data or None,
        )
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
    with refusal_flashed():
        resolution.reject_registration(
            registration=registration, resolved_by=current_user, reason=form.reason.data
        )
        flash(_("已驳回 %(name)s 的注册申请。", name=registration.claimed_name), "success")
    return redirect(url_for(".pending"))


@bp.route("/registrations/import", methods=["GET", "POST"])
@role_required(Role.MANAGER)
def import_national():
    """Import registrations made in 全国志愿服务信息系统 for staff the manager looks after."""
    form = NationalImportForm()
    summary, errors, header = None, None, None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            summary = import_national_registrations(
                data=upload.read(),
                filename=upload.filename or "",
                scope=scope_roots(current_user, Role.MANAGER),
                dry_run=form.dry_run.data,
                actor=current_user,
            )
            header = summary.header
        except ImportRejected as rejected:
            # Not a refusal to flash and forget: the rows to fix are the page. The file is
            # checked before anything is written, so there is nothing to undo.
            errors, header = rejected.errors, rejected.header
            flash(_(ImportRejected.MESSAGE, n=len(errors)), "error")
    return render_template(
        "registration/import.html",
        form=form,
        summary=summary,
        errors=errors,
        header=header,
        columns=REGISTRATION_FILE,
    )
