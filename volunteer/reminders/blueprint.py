"""The reminders blueprint, and the helpers its templates and the home page use."""

from flask import Blueprint

from volunteer.reminders.templating import (
    notice_link,
    notice_text,
    remindable_filter,
    reminder_text,
    unread_notices,
)

bp = Blueprint("reminders", __name__)
bp.add_app_template_global(unread_notices, "unread_notices")
bp.add_app_template_global(notice_text, "notice_text")
bp.add_app_template_global(notice_link, "notice_link")
bp.add_app_template_global(reminder_text, "reminder_text")
bp.add_app_template_global(remindable_filter, "remindable_filter")
