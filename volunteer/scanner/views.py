"""Personal-code pages: the volunteer's rotating code, managers' printed badges, and the
coordinator's scanner with its search fallback."""

from __future__ import annotations

import base64

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.access import runnable_activity
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import require
from volunteer.checkin.tokens import seconds_left
from volunteer.clock import utc_now
from volunteer.core.edge import answers_json, refusal_flashed
from volunteer.core.masking import mask_phone
from volunteer.core.pagination import paginate
from volunteer.core.search_limit import search_limited
from volunteer.extensions import db
from volunteer.people.search_text import read_person_query
from volunteer.registration.qr import SCAN_CORRECTION, svg_qr_code
from volunteer.scanner import (
    personal_url,  # noqa: F401 - its routes attach to the blueprint
    queries,
)
from volunteer.scanner.blueprint import bp
from volunteer.scanner.forms import IssueBadgesForm, RevokeBadgeForm
from volunteer.scanner.models import CodeKind, VolunteerCode
from volunteer.scanner.services import codes, scans
from volunteer.units.models import Unit

BADGE_PAGE_SIZE = 50


def _qr_image(text: str) -> str:
    """Return a QR code as a data: URI, so a page can swap it without another request."""
    svg = svg_qr_code(text, SCAN_CORRECTION)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _no_store(response):
    # A personal code must not linger in a cache where the next one to scan could replay it.
    response = make_response(response)
    response.cache_control.no_store = True
    return response


# --- My code -----------------------------------------------------------------------------------


def _my_code_now() -> dict:
    """Return the current code of the logged-in volunteer, creating their key on first use."""
    # The key is created by a GET: it is idempotent (one live key per person, the unique index
    # settles a race) and invisible, and saves the volunteer a tap in WeChat before scanning.
    code = codes.phone_code_for(current_user)
    now = utc_now()
    rotate = current_app.config["QR_ROTATE_SECONDS"]
    return {
        "image": _qr_image(codes.code_link(codes.phone_token(code, now))),
        "seconds_left": seconds_left(now, rotate),
        "rotate_seconds": rotate,
    }


@bp.route("/me/code")
@login_required
def my_code():
    """Show the volunteer's rotating personal code for a coordinator to scan."""
    with refusal_flashed():
        state = _my_code_now()
        card = queries.volunteer_card(current_user.id)
        return _no_store(render_template("scanner/my_code.html", card=card, code=state))
    # Not a registered volunteer (yet): the flashed refusal says why, the page says what next.
    return render_template("scanner/my_code.html", code=None)


@bp.route("/me/code.json")
@login_required
def my_code_json():
    """Return the volunteer's current code image and the seconds until it changes."""
    return _no_store(jsonify(_my_code_now()))


# --- Badges ------------------------------------------------------------------------------------


def _managed_unit(unit_id: int) -> Unit:
    unit = db.get_or_404(Unit, unit_id)
    require(Role.MANAGER, unit)
    return unit


@bp.route("/units/<int:unit_id>/badges")
@login_required
def badges(unit_id: int):
    """List the subtree's registered volunteers to issue badges, with their live badges."""
    unit = _managed_unit(unit_id)
    text = request.args.get("q", "").strip()
    query = queries.volunteers_to_badge(unit, text)
    page = paginate(query, per_page=BADGE_PAGE_SIZE)
    return render_template(
        "scanner/badges.html",
        unit=unit,
        page=page,
        rows=queries.rows_of(query, page.items),
        live=queries.live_badges_of(page.items),
        text=text,
        issue_form=IssueBadgesForm(),
        revoke_form=RevokeBadgeForm(),
    )


@bp.route("/units/<int:unit_id>/badges", methods=["POST"])
@login_required
def issue_badges(unit_id: int):
    """Issue a badge to each ticked volunteer and open the print page for them."""
    unit = _managed_unit(unit_id)
    form = IssueBadgesForm()
    if not form.validate_on_submit():
        flash(_("请先勾选要发放胸卡的志愿者。"), "error")
        return redirect(url_for(".badges", unit_id=unit.id))
    accounts = queries.registered_in(unit, form.account.data or [])
    with refusal_flashed():
        issued = codes.issue_badges(accounts=accounts, by=current_user)
        flash(_("已发放%(count)d张胸卡，请打印。", count=len(issued)), "success")
        return redirect(url_for(".print_badges", unit_id=unit.id, code=[c.id for c in issued]))
    return redirect(url_for(".badges", unit_id=unit.id))


@bp.route("/units/<int:unit_id>/badges/print")
@login_required
def print_badges(unit_id: int):
    """Lay out the chosen live badges on A4 pages, ready to print and cut."""
    unit = _managed_unit(unit_id)
    rows = queries.badges_to_print(unit, request.args.getlist("code", type=int))
    badges = [
        {"row": row, "image": _qr_image(codes.code_link(codes.badge_token(row.key)))}
        for row in rows
    ]
    return _no_store(render_template("scanner/badges_print.html", unit=unit, badges=badges))


@bp.route("/badges/<int:badge_id>/revoke", methods=["POST"])
@login_required
def revoke_badge(badge_id: int):
    """Revoke one printed badge; scanning it is refused from now on."""
    code = db.get_or_404(VolunteerCode, badge_id)
    if code.kind != CodeKind.BADGE:
        abort(404)
    unit = queries.badge_unit(code)
    require(Role.MANAGER, unit)
    if unit is None:  # a badge is only issued to a registered volunteer, who has a unit
        abort(404)
    form = RevokeBadgeForm()
    if not form.validate_on_submit():
        flash(_("作废原因最多200个字。"), "error")
        return redirect(url_for(".badges", unit_id=unit.id))
    with refusal_flashed():
        codes.revoke_badge(code, by=current_user, reason=form.reason.data)
        flash(_("胸卡已作废，扫描它将不再签到。"), "success")
    return redirect(url_for(".badges", unit_id=unit.id))


# --- The scanner -------------------------------------------------------------------------------


# Who may scan is decided by the activity alone (runnable_activity): its unit's coordinators and
# its team's leaders. Whom they may sign in is not limited to their units (see scans.scan_person),
# but whom they may find by search is (scanner/reach.py): a person from elsewhere shows their code.
# A refused scan (ScanRefused) is rolled back by the edge and answered as JSON: the scan
# routes are marked answers_json, since a bare form post must get JSON too.


@bp.route("/activities/<int:activity_id>/scanner")
@login_required
def scanner(activity_id: int):
    """Show the camera scanner for an activity, with search by name, 工号 or phone."""
    activity = runnable_activity(activity_id)
    return render_template("scanner/scanner.html", activity=activity)


@bp.route("/activities/<int:activity_id>/scan", methods=["POST"])
@login_required
@answers_json
def scan(activity_id: int):
    """Sign the scanned volunteer in or out; JSON {ok, outcome, name, message}."""
    activity = runnable_activity(activity_id)
    payload = request.get_json(silent=True) or {}
    token = str(payload.get("token") or "")[:500]
    result = scans.scan_person(
        activity=activity, token=token, by=current_user, device=request.user_agent.string
    )
    return jsonify(result.as_json())


@bp.route("/activities/<int:activity_id>/scanner/search")
@login_required
@answers_json
@search_limited
def search(activity_id: int):
    """Find the volunteers the activity may take by name, 工号 or phone, phones masked."""
    activity = runnable_activity(activity_id)
    query = read_person_query(request.args.get("q"))
    rows = queries.search_volunteers(query, activity, current_user) if query else []
    return jsonify(
        results=[
            {
                "account_id": row.account_id,
                "name": row.name,
                "staff_no": row.staff_no or "",
                "unit": row.unit_name,
                "phone": mask_phone(row.phone),
                "signed_in_here": row.open_activity_id == activity.id,
                "signed_in_elsewhere": row.open_activity_id not in (None, activity.id),
                "sign_in_url": url_for(
                    ".sign_in", activity_id=activity.id, account_id=row.account_id
                ),
                "sign_out_url": url_for(
                    ".sign_out", activity_id=activity.id, account_id=row.account_id
                ),
            }
            for row in rows
        ],
        too_short=query is None,
    )


@bp.route("/activities/<int:activity_id>/people/<int:account_id>/sign-in", methods=["POST"])
@login_required
@answers_json
def sign_in(activity_id: int, account_id: int):
    """Sign in a volunteer found by search (recorded as the coordinator's entry)."""
    activity = runnable_activity(activity_id)
    account = db.get_or_404(Account, account_id)
    result = scans.sign_in_by_hand(account=account, activity=activity, by=current_user)
    return jsonify(result.as_json())


@bp.route("/activities/<int:activity_id>/people/<int:account_id>/sign-out", methods=["POST"])
@login_required
@answers_json
def sign_out(activity_id: int, account_id: int):
    """Sign out a volunteer found by search."""
    activity = runnable_activity(activity_id)
    account = db.get_or_404(Account, account_id)
    result = scans.sign_out_by_hand(account=account, activity=activity, by=current_user)
    return jsonify(result.as_json())


# The installable, offline-capable scanner's routes attach to the same blueprint.
from volunteer.scanner import offline_views  # noqa: E402, F401
