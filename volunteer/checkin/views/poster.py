"""The activity's printed poster code: the A4 PDF, and revoking every poster printed so far."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.activities.access import runnable_activity
from volunteer.activities.models import Activity
from volunteer.checkin import services, short_tokens, tokens
from volunteer.checkin.blueprint import bp
from volunteer.checkin.forms import RevokePosterForm
from volunteer.checkin.tickets import secret_key
from volunteer.checkin.wording import activity_when
from volunteer.core.edge import refusal_flashed
from volunteer.documents import poster as poster_pdf


def _postable(activity_id: int) -> Activity:
    activity = runnable_activity(activity_id)
    if not activity.static_code_allowed:
        abort(404)
    return activity


@bp.route("/activities/<int:activity_id>/poster.pdf")
@login_required
def poster(activity_id: int):
    """Print the activity's static code on an A4 poster."""
    activity = _postable(activity_id)
    token = tokens.poster_token(secret_key(), activity.token_key, activity.static_code_generation)
    content = poster_pdf.Poster(
        title=activity.title,
        heading=_("扫码签到 / 签退"),
        facts=[
            (_("时间"), activity_when(activity)),
            (_("地点"), activity.place),
            (_("主办"), activity.unit.name),
        ],
        instructions=[
            _("用微信或手机相机扫描上方二维码。"),
            _("登录后点击“签到”；还没有账号的职工可当场注册为志愿者。"),
            _("离开时再扫一次，点击“签退”，服务时长按实际时间计算。"),
        ],
        note=_("使用本海报码签到的服务记录将标记为“海报码签到”，供审核时区分。"),
        url=short_tokens.qr_link(url_for(".scan", qr_token=token, _external=True)),
        footer=_(
            "%(number)s · 海报第%(generation)d版",
            number=activity.number,
            generation=activity.static_code_generation,
        ),
        author=current_app.config["ORGANISATION_NAME"],
    )
    font_path = current_app.config["CJK_FONT_PATH"]
    response = Response(
        poster_pdf.render_poster(content, font_path=font_path), mimetype="application/pdf"
    )
    response.headers["Content-Disposition"] = f'inline; filename="poster-{activity.number}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/activities/<int:activity_id>/poster/revoke", methods=["POST"])
@login_required
def revoke_poster(activity_id: int):
    """Stop every printed poster of the activity from working; a new poster can be printed."""
    activity = _postable(activity_id)
    form = RevokePosterForm()
    if form.validate_on_submit():
        with refusal_flashed():
            services.revoke_poster_codes(activity, by=current_user, reason=form.reason.data or None)
            flash(_("旧海报已停用，请重新打印海报。"), "success")
    return redirect(url_for("activities.detail", activity_id=activity.id))
