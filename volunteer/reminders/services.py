"""Writes of reminders: send a selection its notices (and queue their e-mails), mark one read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import insert

from volunteer.audit.services import record_change
from volunteer.auth.models import Account
from volunteer.clock import utc_now
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.jobs import services as jobs
from volunteer.progress.figures import Measure
from volunteer.reminders.mailing import REMINDER_MAIL, mail_configured
from volunteer.reminders.models import MailStatus, Notice
from volunteer.reminders.plan import Plan, plan_reminders
from volunteer.reminders.queries import Selection, recently_reminded, standings
from volunteer.texts import N_
from volunteer.units.models import Unit


@dataclass(frozen=True)
class Sent:
    """What a batch of reminders did: notices written, e-mails queued, people skipped and why."""

    reminded: int
    emailed: int
    recently_reminded: int
    nothing_missing: int


def min_interval() -> timedelta:
    """How long a person is left alone after a reminder (REMINDER_MIN_INTERVAL_DAYS)."""
    return timedelta(days=float(current_app.config["REMINDER_MIN_INTERVAL_DAYS"]))


def plan_selection(unit: Unit, measure: Measure, selection: Selection, today: date) -> Plan:
    """Work out who would be reminded of what, refusing people outside the unit and past years."""
    if measure.is_past:
        raise DomainError(
            _("%(year)d 年已结束，只能催办今年的人员。", year=measure.year), code="year_over"
        )
    if selection.by_hand and not selection.staff_ids:
        raise DomainError(_("请先勾选要催办的人员。"), code="nobody_selected")
    people = standings(unit, measure, selection, today)
    if selection.by_hand:
        outside = len(set(selection.staff_ids)) - len(people)
        if outside:
            raise DomainError(
                _("所选人员中有 %(n)d 人不在本单位的在职人员中，不能催办。", n=outside),
                code="not_in_unit",
                outside=outside,
            )
    since = utc_now() - min_interval()
    return plan_reminders(people, recently_reminded([p.staff_id for p in people], since))


def send_reminders(
    unit: Unit,
    measure: Measure,
    selection: Selection,
    *,
    actor: Account,
    today: date,
    site_url: str,
) -> Sent:
    """Write a notice for each selected person missing something; queue the e-mails; audit once.

    `site_url` is the address the e-mails' links start with (the worker has no request).
    """
    plan = plan_selection(unit, measure, selection, today)
    configured = mail_configured()
    now = utc_now()
    rows = []
    for reminder in plan.reminders:
        if not configured:
            status = MailStatus.NOT_CONFIGURED
        elif not reminder.standing.email:
            status = MailStatus.NO_ADDRESS
        else:
            status = MailStatus.QUEUED
        rows.append(
            {
                "staff_member_id": reminder.standing.staff_id,
                "kind": reminder.kind,
                "data": reminder.data(measure.year),
                "unit_id": reminder.standing.unit_id,
                "sent_by_id": actor.id,
                "created_at": now,
                "mail_status": status,
            }
        )
    queued: list[int] = []
    if rows:
        # One INSERT … RETURNING for the whole batch (insertmanyvalues), not one per person.
        written = db.session.execute(
            insert(Notice).returning(Notice.id, Notice.mail_status), rows
        ).all()
        queued = [notice_id for notice_id, status in written if status == MailStatus.QUEUED]
    if queued:
        jobs.submit(
            REMINDER_MAIL,
            {"notice_ids": queued, "site_url": site_url},
            by=actor,
            unit_id=unit.id,
        )
    sent = Sent(
        reminded=len(rows),
        emailed=len(queued),
        recently_reminded=len(plan.recently_reminded),
        nothing_missing=len(plan.nothing_missing),
    )
    if rows:
        record_change(
            action="reminder.send",
            subject_type="unit",
            subject_id=unit.id,
            unit_id=unit.id,
            after={
                "year": measure.year,
                # In the inspector's words: the tab's name, or a hand-picked list.
                "selection": selection.filter.label if selection.filter else N_("手动勾选"),
                "reminded": sent.reminded,
                "emailed": sent.emailed,
                "skipped_recent": sent.recently_reminded,
                "nothing_missing": sent.nothing_missing,
            },
            actor_id=actor.id,
        )
    db.session.flush()
    return sent


def mark_read(notice: Notice, *, reader: Account) -> None:
    """Mark the reader's own notice read; reading it again changes nothing."""
    if notice.staff_member_id != reader.staff_member_id:
        raise DomainError(_("这不是您的通知。"), code="not_yours")
    if notice.read_at is None:
        notice.read_at = utc_now()
        db.session.flush()
