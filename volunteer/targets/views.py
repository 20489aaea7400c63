"""The administrators' pages for the yearly targets every unit is assessed against."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.auth.models import Role
from volunteer.auth.permissions import require
from volunteer.clock import local_today
from volunteer.core.edge import refusal_flashed
from volunteer.targets import services
from volunteer.targets.blueprint import bp
from volunteer.targets.forms import TargetForm
from volunteer.targets.queries import default_target, editor_names, stored_targets, target_for
from volunteer.units.queries import organisation_root


def _require_organisation_admin() -> None:
    """Stop with 403 unless the user administers the whole tree: targets bind every unit."""
    require(Role.ADMIN, organisation_root())


def _editable(year: int) -> bool:
    return services.FIRST_YEAR <= year <= local_today().year + 1


@bp.route("/targets")
@login_required
def index():
    """List the targets of every stored year and of this year and next, defaults marked."""
    _require_organisation_admin()
    stored = {row.year: row for row in stored_targets()}
    this_year = local_today().year
    years = sorted({*stored, this_year, this_year + 1}, reverse=True)
    editors = editor_names(stored.values())
    return render_template(
        "targets/index.html",
        targets=[target_for(year) for year in years],
        stored=stored,
        editors=editors,
        this_year=this_year,
        editable=_editable,
    )


@bp.route("/targets/<int:year>", methods=["GET", "POST"])
@login_required
def edit(year: int):
    """Set a year's registration-rate and hours-per-person targets and the document behind them."""
    _require_organisation_admin()
    if not _editable(year):
        abort(404)
    target = target_for(year)
    form = TargetForm(
        defaults=default_target(year),
        registration_percent=target.registration_rate * 100,
        hours_per_person=target.hours_per_person,
        document=target.document,
    )
    if form.validate_on_submit():
        with refusal_flashed():
            services.set_target(
                year,
                registration_rate=form.registration_rate,
                hours_per_person=form.hours,
                document=form.document.data,
                by=current_user,
                reason=form.reason.data,
            )
            flash(_("已保存 %(year)d 年的目标。", year=year), "success")
            return redirect(url_for("targets.index"))
    return render_template("targets/edit.html", form=form, year=year, target=target)
