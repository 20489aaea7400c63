"""Sending a batch of reminders' e-mails in the background: the SMTP server may be slow."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from volunteer.jobs.registry import JobContext, Result, task_kind
from volunteer.reminders.mailing import REMINDER_MAIL, send_notice_mails
from volunteer.texts import N_


@task_kind(REMINDER_MAIL, label=N_("催办邮件"))
def mail_reminders(params: dict[str, Any], job: JobContext) -> Result:
    """E-mail the batch's queued notices; the job's message says how many went and failed."""
    sent, failed = send_notice_mails(params["notice_ids"], params["site_url"], job)
    job.note(_("已发送 %(sent)d 封催办邮件，失败 %(failed)d 封。", sent=sent, failed=failed))
    return None
