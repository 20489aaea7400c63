"""My data: the page listing what the registry holds about the logged-in person, and its file."""

from __future__ import annotations

import io

from flask import (
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.clock import local_today
from volunteer.core.edge import refusal_flashed
from volunteer.extensions import limiter
from volunteer.privacy import exports, services
from volunteer.privacy.blueprint import bp
from volunteer.privacy.forms import FULL, DownloadForm
from volunteer.privacy.queries.person import Person
from volunteer.privacy.reading import page_parts
from volunteer.records.templating import person_name

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _no_store(response: Response) -> Response:
    # Office PCs are shared: neither the page nor the file may stay in the browser's cache.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/me/data")
@login_required
def mine():
    """Show each kind of data held about the person: how many, and the latest few."""
    parts = page_parts(Person.of(current_user))
    staff = current_user.staff_member
    return _no_store(
        make_response(
            render_template(
                "privacy/mine.html",
                parts=parts,
                has_id_number=bool(staff is not None and staff.id_card),
                form=DownloadForm(formdata=None),
                full=FULL,
            )
        )
    )


def _own_limit_key() -> str:
    # The account's id, not get_id(): that names the login's session, which is a secret.
    return f"own-data:{current_user.id}"


@bp.route("/me/data.xlsx", methods=["POST"])
@login_required
# Typing the password here is a guess at it: as limited as the login form, per account, and
# counted only when refused (a download answers 200).
@limiter.limit(
    lambda: current_app.config["LOGIN_RATE_LIMIT"],
    key_func=_own_limit_key,
    deduct_when=lambda response: response.status_code != 200,
)
def download():
    """Send everything held about the person as .xlsx; the ID in full only after the password."""
    form = DownloadForm()
    if not form.validate_on_submit():
        flash(str(next(iter(form.errors.values()))[0]), "error")
        return redirect(url_for(".mine"))
    with refusal_flashed():
        release = services.release_own_data(
            account=current_user,
            full_id_number=form.wants_full_id_number,
            password=form.password.data or "",
        )
        buffer = io.BytesIO()
        exports.write_own_data(
            buffer,
            release.owner,
            name=person_name(current_user),
            counts=release.counts,
            full_id_number=release.full_id_number,
        )
        buffer.seek(0)
        name = _("我的个人信息-%(date)s.xlsx", date=local_today().isoformat())
        return _no_store(send_file(buffer, mimetype=XLSX, as_attachment=True, download_name=name))
    return redirect(url_for(".mine"))
