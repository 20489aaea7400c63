"""A volunteer's own certificates: the annual one for a chosen year and the record across years."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.certificates import queries
from volunteer.certificates.access import pdf_response
from volunteer.certificates.blueprint import bp
from volunteer.certificates.forms import AnnualForm, RecordForm
from volunteer.certificates.models import Certificate
from volunteer.certificates.services import issuing
from volunteer.certificates.services.pdf import stored_pdf
from volunteer.clock import local_today
from volunteer.core.edge import refusal_flashed
from volunteer.extensions import db


@bp.route("/me/certificates")
@login_required
def mine():
    """Show the years served, the star standard reached and the certificates issued so far."""
    rows = queries.year_rows(current_user.id)
    years = sorted((row.year for row in rows), reverse=True)
    annual = AnnualForm(year=years[0] if years else local_today().year)
    return render_template(
        "certificates/mine.html",
        rows=rows,
        years=years,
        certificates=queries.certificates_of(current_user.id),
        annual_form=annual,
        record_form=RecordForm(),
        this_year=local_today().year,
    )


@bp.route("/me/certificates/annual", methods=["POST"])
@login_required
def issue_annual():
    """Issue the annual certificate of the chosen year (or find the unchanged one)."""
    form = AnnualForm()
    if form.validate_on_submit():
        with refusal_flashed():
            issued = issuing.issue_annual(
                current_user, form.year.data, detailed=form.detailed.data, by=current_user
            )
            _say(issued)
    return redirect(url_for("certificates.mine"))


@bp.route("/me/certificates/record", methods=["POST"])
@login_required
def issue_record():
    """Issue the record certificate over every year served (or find the unchanged one)."""
    form = RecordForm()
    if form.validate_on_submit():
        with refusal_flashed():
            issued = issuing.issue_record(
                current_user, detailed=form.detailed.data, by=current_user
            )
            _say(issued)
    return redirect(url_for("certificates.mine"))


def _say(issued: issuing.Issued) -> None:
    serial = issued.certificate.serial
    if not issued.new:
        flash(_("时长没有变化，仍是 %(serial)s 号证明，未重新出具。", serial=serial), "info")
    elif issued.superseded:
        flash(_("已出具 %(serial)s 号证明，原证明已被替代。", serial=serial), "success")
    else:
        flash(_("已出具 %(serial)s 号证明。", serial=serial), "success")


@bp.route("/me/certificates/<int:certificate_id>.pdf")
@login_required
def my_pdf(certificate_id: int):
    """Download one of the volunteer's own certificates, exactly as issued."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None:
        abort(404)
    if certificate.account_id != current_user.id:
        abort(403)
    return pdf_response(stored_pdf(certificate), certificate.serial)
