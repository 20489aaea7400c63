"""Reminders by e-mail: whether an SMTP server is configured, and sending a batch's messages.

The messages go out from the worker (job_kinds.py), so a slow SMTP server never holds the
manager's request. Each notice records what became of its e-mail.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable

from flask import current_app, render_template, url_for
from flask_babel import gettext as _
from flask_mail import Connection, Message
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from volunteer.clock import utc_now
from volunteer.extensions import db
from volunteer.reminders.models import MailStatus, Notice
from volunteer.reminders.templating import notice_link, notice_text

REMINDER_MAIL = "reminders.mail"
# What a failed send keeps of the server's answer (Notice.mail_error).
ERROR_CHARS = 200


class _TimedConnection(Connection):
    """Flask-Mail's connection with a timeout on every socket operation.

    Flask-Mail opens smtplib's connection without one, so an SMTP server that accepts and then
    never answers would hold the worker, and every job queued behind it, for ever.
    """

    def configure_host(self) -> smtplib.SMTP:
        state, timeout = self.mail, current_app.config["MAIL_TIMEOUT"]
        opener = smtplib.SMTP_SSL if state.use_ssl else smtplib.SMTP
        host = opener(state.server, state.port, timeout=timeout)
        host.set_debuglevel(int(state.debug))
        if state.use_tls:
            host.starttls()
        if state.username and state.password:
            host.login(state.username, state.password)
        return host


def mail_configured() -> bool:
    """Say whether the instance names an SMTP server and the address reminders come from."""
    config = current_app.config
    return bool(config.get("MAIL_SERVER") and config.get("MAIL_DEFAULT_SENDER"))


def reminder_message(notice: Notice) -> Message:
    """Write one notice's e-mail in the organisation's language, its links absolute."""
    label, link = notice_link(notice, external=True)
    # The sentences are translated here: the catalogue is extracted from Python and HTML only.
    values = {
        "greeting": _("%(name)s，您好：", name=notice.staff_member.name),
        "text": notice_text(notice),
        "link_label": label,
        "link": link,
        "footer": _(
            "此提醒由 %(unit)s 发送。登录后可在“我的通知”中查看全部通知：%(url)s",
            unit=notice.unit.name,
            url=url_for("reminders.notices", _external=True),
        ),
    }
    return Message(
        subject=_("%(org)s：志愿服务提醒", org=current_app.config["ORGANISATION_NAME"]),
        recipients=[notice.staff_member.email or ""],
        body=render_template("reminders/mail.txt", **values),
    )


def send_notice_mails(
    notice_ids: list[int], site_url: str, progress: Callable[[int, int], None]
) -> tuple[int, int]:
    """E-mail the queued notices over one connection; return (sent, failed).

    Every failure is kept on its notice rather than raised: a retry would mail those already sent.
    """
    notices = list(
        db.session.scalars(
            select(Notice)
            .options(joinedload(Notice.staff_member), joinedload(Notice.unit))
            .where(Notice.id.in_(notice_ids), Notice.mail_status == MailStatus.QUEUED)
            .order_by(Notice.id)
        )
    )
    if not notices:
        return 0, 0
    if not mail_configured():
        for notice in notices:
            notice.mail_status = MailStatus.NOT_CONFIGURED
        return 0, 0
    sent = failed = 0
    # The links in the messages start with the site's address, as the manager reached it.
    with current_app.test_request_context(base_url=site_url):
        try:
            with _TimedConnection(current_app.extensions["mail"]) as connection:
                for done, notice in enumerate(notices, start=1):
                    try:
                        connection.send(reminder_message(notice))
                    except (smtplib.SMTPException, OSError) as error:
                        _failed(notice, error)
                        failed += 1
                    else:
                        notice.mail_status = MailStatus.SENT
                        notice.mailed_at = utc_now()
                        sent += 1
                    progress(done, len(notices))
        except (smtplib.SMTPException, OSError) as error:
            # The server refused the connection or the login: nothing after this point went.
            for notice in notices:
                if notice.mail_status == MailStatus.QUEUED:
                    _failed(notice, error)
                    failed += 1
    db.session.flush()
    return sent, failed


def _failed(notice: Notice, error: BaseException) -> None:
    notice.mail_status = MailStatus.FAILED
    notice.mail_error = f"{type(error).__name__}: {error}"[:ERROR_CHARS]
