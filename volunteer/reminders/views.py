"""Reminders: confirm and send them from the people list, print the list, read one's notices."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from volunteer.clock import local_today
from volunteer.core.redirects import back_to
from volunteer.extensions import db
from volunteer.progress.access import progress_unit
from volunteer.reminders import services
from volunteer.reminders.access import measure_of, selection_from
from volunteer.reminders.blueprint import bp
from volunteer.reminders.forms import MarkReadForm, SendRemindersForm
from volunteer.reminders.mailing import mail_configured
from volunteer.reminders.models import Notice
from volunteer.reminders.queries import notices_of
from volunteer.units.queries import lineage


@bp.route("/progress/units/<int:unit_id>/reminders/new")
@login_required
def confirm(unit_id: int):
    """Show who the selection reminds and what each is told, and who is skipped and why."""
    unit, measure, selection, plan, _today = _planned(unit_id)
    return render_template(
        "reminders/confirm.html",
        unit=unit,
        lineage=lineage(unit),
        measure=measure,
        selection=selection,
        plan=plan,
        interval_days=services.min_interval().days,
        mail_on=mail_configured(),
        form=SendRemindersForm(),
    )


@bp.route("/progress/units/<int:unit_id>/reminders", methods=["POST"])
@login_required
def send(unit_id: int):
    """Send the confirmed selection its reminders, then go back to the people list."""
    unit = progress_unit(unit_id)
    if not SendRemindersForm().validate_on_submit():
        abort(400)
    today = local_today()
    measure = measure_of(request.form, today.year)
    selection = selection_from(request.form)
    sent = services.send_reminders(
        unit, measure, selection, actor=current_user, today=today, site_url=request.url_root
    )
    if sent.reminded:
        flash(
            _(
                "已催办 %(n)d 人（其中 %(mail)d 人同时发送邮件）。",
                n=sent.reminded,
                mail=sent.emailed,
            ),
            "success",
        )
    else:
        flash(_("没有需要催办的人员。"), "info")
    if sent.recently_reminded:
        flash(
            _("%(n)d 人近期已催办过，本次跳过。", n=sent.recently_reminded),
            "info",
        )
    return redirect(
        url_for(
            "progress.people",
            unit_id=unit.id,
            year=measure.year,
            filter=selection.filter.value if selection.filter else None,
        )
    )


@bp.route("/progress/units/<int:unit_id>/reminders/print")
@login_required
def print_list(unit_id: int):
    """A printable list of the selection's people and what each is missing, to sign on paper."""
    unit, measure, selection, plan, today = _planned(unit_id)
    return render_template(
        "reminders/print.html",
        unit=unit,
        measure=measure,
        selection=selection,
        plan=plan,
        today=today,
    )


@bp.route("/notices")
@login_required
def notices():
    """List the logged-in person's notices, unread first marked, newest first."""
    return render_template(
        "reminders/notices.html",
        notices=notices_of(current_user.staff_member_id),
        form=MarkReadForm(),
    )


@bp.route("/notices/read", methods=["POST"])
@login_required
def mark_read():
    """Mark one of the person's notices read (the notice named in the form; no one else's)."""
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    notice = db.get_or_404(Notice, form.notice_id.data)
    if notice.staff_member_id != current_user.staff_member_id:
        abort(404)
    services.mark_read(notice, reader=current_user)
    flash(_("已标为已读。"), "success")
    return redirect(back_to(url_for("reminders.notices")))


def _planned(unit_id: int):
    """The unit, year, selection and plan a GET names: what the confirmation and print show."""
    unit = progress_unit(unit_id)
    today = local_today()
    measure = measure_of(request.args, today.year)
    selection = selection_from(request.args)
    return unit, measure, selection, services.plan_selection(unit, measure, selection, today), today
