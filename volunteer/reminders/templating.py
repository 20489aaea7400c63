"""How a notice reads: its sentence and its link, in the reader's language, from its figures."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from volunteer.clock import local_today
from volunteer.core.numbers import format_hours
from volunteer.reminders.models import Notice
from volunteer.reminders.plan import NoticeKind
from volunteer.reminders.queries import REMINDABLE_FILTERS, notices_of


def notice_text(notice: Notice) -> str:
    """Say what the notice asks for, in the reader's language."""
    return reminder_text(notice.kind, notice.data or {})


def reminder_text(kind: NoticeKind, data: Mapping[str, Any]) -> str:
    """Say what a reminder asks: register, or the hours still needed and about how many a week."""
    if kind == NoticeKind.REGISTER:
        return _("请完成志愿者注册。")
    year = int(data.get("year") or 0)
    needed = format_hours(_decimal(data.get("needed")))
    weekly = data.get("weekly")
    this_year = year == local_today().year
    if weekly is None:
        if this_year:
            return _("今年还需 %(needed)s 小时。", needed=needed)
        return _("%(year)d 年还需 %(needed)s 小时。", year=year, needed=needed)
    per_week = format_hours(_decimal(weekly))
    if this_year:
        return _(
            "今年还需 %(needed)s 小时，约每周 %(weekly)s 小时。", needed=needed, weekly=per_week
        )
    return _(
        "%(year)d 年还需 %(needed)s 小时，约每周 %(weekly)s 小时。",
        year=year,
        needed=needed,
        weekly=per_week,
    )


def notice_link(notice: Notice, *, external: bool = False) -> tuple[str, str]:
    """Return (label, address) of where the person does what the notice asks."""
    if notice.kind == NoticeKind.REGISTER:
        code = (notice.data or {}).get("unit_code") or notice.unit.code
        return _("去注册"), url_for("registration.register", code=code, _external=external)
    return _("查看可报名的活动"), url_for("activities.browse", _external=external)


def _decimal(value: object) -> Decimal:
    return Decimal(str(value or 0))


def unread_notices() -> list[Notice]:
    """The logged-in person's unread notices, for their home page."""
    if not current_user.is_authenticated:
        return []
    return notices_of(current_user.staff_member_id, unread_only=True)


def remindable_filter(tab: str) -> bool:
    """Say whether a tab of the people list may be reminded as a whole."""
    return tab in REMINDABLE_FILTERS
