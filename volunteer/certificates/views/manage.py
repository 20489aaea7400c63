"""A unit's certificates for managers: the list, printing them all, revoking one."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.auth.models import Role
from volunteer.auth.permissions import can, require, role_required, scope_roots
from volunteer.certificates import queries
from volunteer.certificates.access import certificate_in_scope, pdf_response
from volunteer.certificates.blueprint import bp
from volunteer.certificates.forms import PrintForm, RevokeForm
from volunteer.certificates.job_kinds import UNIT_CERTIFICATES
from volunteer.certificates.services import issuing, printing, revoking
from volunteer.certificates.services.pdf import stored_pdf
from volunteer.certificates.services.printing import print_unit_certificates
from volunteer.clock import local_today
from volunteer.core.edge import refusal_flashed
from volunteer.core.pagination import paginate
from volunteer.extensions import db
from volunteer.jobs import services as jobs
from volunteer.units.models import Unit

PAGE_SIZE = 50


def _unit(unit_id: int) -> Unit:
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        abort(404)
    require(Role.MANAGER, unit)
    return unit


@bp.route("/units/<int:unit_id>/certificates")
@login_required
def unit_certificates(unit_id: int):
    """List a unit's annual certificates of a year, with printing and revoking."""
    unit = _unit(unit_id)
    this_year = local_today().year
    year = request.args.get("year", this_year, type=int)
    if not issuing.FIRST_YEAR <= year <= this_year:
        year = this_year
    page = paginate(queries.unit_certificates(unit, year), per_page=PAGE_SIZE)
    return render_template(
        "certificates/unit.html",
        unit=unit,
        year=year,
        years=range(this_year, max(issuing.FIRST_YEAR, this_year - 9) - 1, -1),
        page=page,
        settings=queries.settings_for(year),
        print_form=PrintForm(year=year),
        revoke_form=RevokeForm(),
        may_revoke=lambda certificate: can(current_user, Role.ADMIN, certificate.unit),
    )


@bp.route("/units/<int:unit_id>/certificates/print", methods=["POST"])
@login_required
def print_unit(unit_id: int):
    """Issue every eligible person's certificate of the year; answer one PDF to print."""
    unit = _unit(unit_id)
    form = PrintForm()
    if form.validate_on_submit():
        with refusal_flashed():
            year = form.year.data
            if printing.in_background(unit, year):
                job = jobs.submit(
                    UNIT_CERTIFICATES,
                    {"unit_id": unit.id, "unit_code": unit.code, "year": year},
                    by=current_user,
                    unit_id=unit.id,
                )
                return redirect(url_for("jobs.detail", job_id=job.id))
            pdf = print_unit_certificates(unit.id, year, by_id=current_user.id)
            return pdf_response(pdf, f"{unit.code}-{year}")
    return redirect(url_for("certificates.unit_certificates", unit_id=unit.id))


@bp.route("/certificates/<int:certificate_id>.pdf")
@login_required
def certificate_pdf(certificate_id: int):
    """Download one certificate of a unit the manager looks after, exactly as issued."""
    certificate = certificate_in_scope(certificate_id, Role.MANAGER)
    return pdf_response(stored_pdf(certificate), certificate.serial)


@bp.route("/certificates/<int:certificate_id>/revoke", methods=["POST"])
@login_required
def revoke(certificate_id: int):
    """Revoke a certificate with a reason; its verification page then says it is revoked."""
    certificate = certificate_in_scope(certificate_id, Role.ADMIN)
    form = RevokeForm()
    if form.validate_on_submit():
        with refusal_flashed():
            revoking.revoke_certificate(certificate, reason=form.reason.data, by=current_user)
            flash(_("证明 %(serial)s 已撤销。", serial=certificate.serial), "success")
    else:
        for error in form.reason.errors:
            flash(error, "error")
    return redirect(
        url_for(
            "certificates.unit_certificates",
            unit_id=certificate.unit_id or 0,
            year=certificate.year or local_today().year,
        )
    )


@bp.route("/certificates")
@role_required(Role.MANAGER)
def index():
    """Open the certificates of the first unit the manager looks after."""
    roots = scope_roots(current_user, Role.MANAGER)
    return redirect(url_for("certificates.unit_certificates", unit_id=roots[0].id))
