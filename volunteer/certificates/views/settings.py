"""The administrators' per-year issuing settings: eligibility, issuer, seal image."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.auth.models import Role
from volunteer.auth.permissions import require
from volunteer.certificates import queries
from volunteer.certificates.blueprint import bp
from volunteer.certificates.forms import SettingsForm
from volunteer.certificates.services import settings as settings_services
from volunteer.certificates.services.content import issuer_of
from volunteer.certificates.services.issuing import FIRST_YEAR
from volunteer.clock import local_today
from volunteer.core.edge import refusal_flashed
from volunteer.units.queries import organisation_root


def _require_organisation_admin() -> None:
    """Stop with 403 unless the user administers the whole tree: the settings bind every unit."""
    require(Role.ADMIN, organisation_root())


@bp.route("/certificates/settings")
@login_required
def settings_index():
    """List each year's issuing settings, this year and next always offered."""
    _require_organisation_admin()
    stored = {row.year: row for row in queries.stored_settings()}
    this_year = local_today().year
    years = sorted({*stored, this_year, this_year - 1, this_year + 1}, reverse=True)
    return render_template(
        "certificates/settings_index.html", years=years, stored=stored, this_year=this_year
    )


@bp.route("/certificates/settings/<int:year>", methods=["GET", "POST"])
@login_required
def settings_edit(year: int):
    """Set who is eligible for the year's certificate and who issues it, with the seal."""
    _require_organisation_admin()
    if not FIRST_YEAR <= year <= local_today().year + 1:
        abort(404)
    row = queries.settings_for(year)
    defaults = issuer_of(row)
    form = SettingsForm(
        min_hours=row.min_hours if row else None,
        issuing_body=defaults["body"],
        head=defaults["head"],
        clerk=defaults["clerk"],
        contact=defaults["contact"],
    )
    if form.validate_on_submit():
        upload = form.seal.data
        with refusal_flashed():
            settings_services.save_settings(
                year,
                min_hours=form.min_hours.data,
                issuing_body=form.issuing_body.data,
                head=form.head.data,
                clerk=form.clerk.data,
                contact=form.contact.data,
                seal=upload.read() if upload else None,
                remove_seal=form.remove_seal.data,
                by=current_user,
            )
            flash(_("已保存 %(year)d 年度的证明设置。", year=year), "success")
            return redirect(url_for("certificates.settings_index"))
    return render_template("certificates/settings_edit.html", form=form, year=year, row=row)
