"""The administrators' pages for the yearly targets every unit is assessed against."""

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import require
from volunteer.clock import local_today
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.targets import services
from volunteer.targets.forms import TargetForm
from volunteer.targets.queries import stored_targets, target_for
from volunteer.units.queries import organisation_root

bp = Blueprint("targets", __name__)


@bp.app_template_filter("target_percent")
def target_percent(rate: Decimal) -> str:
    """Show a rate target stored as a fraction as people set it: 1 → 100%, 0.995 → 99.5%."""
    return f"{(Decimal(rate) * 100).normalize():f}%"


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
    editor_ids = {row.updated_by_id for row in stored.values() if row.updated_by_id}
    editors = dict(
        db.session.execute(
            db.select(Account.id, Account.display_name).where(Account.id.in_(editor_ids))
        ).all()
    )
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
        registration_percent=target.registration_rate * 100,
        hours_per_person=target.hours_per_person,
        document=target.document,
    )
    if form.validate_on_submit():
        try:
            services.set_target(
                year,
                registration_rate=form.registration_rate,
                hours_per_person=form.hours_per_person.data,
                document=form.document.data,
                by=current_user,
                reason=form.reason.data,
            )
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("已保存 %(year)d 年的目标。", year=year), "success")
            return redirect(url_for("targets.index"))
    return render_template("targets/edit.html", form=form, year=year, target=target)
