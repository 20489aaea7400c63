"""Set a year's targets; every change audited, committed by the caller."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from volunteer.audit.services import record_change
from volunteer.auth.models import Account
from volunteer.clock import local_today
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.targets.models import YearlyTarget
from volunteer.targets.queries import Target, target_for

FIRST_YEAR = 2000
# A rate is typed as a percentage with one decimal (99.5%), so the fraction has three.
RATE_STEP = Decimal("0.001")
RATE_MIN, RATE_MAX = Decimal("0.01"), Decimal("1")
HOURS_STEP = Decimal("0.1")
HOURS_MIN, HOURS_MAX = Decimal("0.5"), Decimal("2000")
DOCUMENT_MAX = 200


def set_target(
    year: int,
    *,
    registration_rate: Decimal,
    hours_per_person: Decimal,
    document: str | None,
    by: Account,
    reason: str | None = None,
) -> YearlyTarget:
    """Store the year's registration-rate (a fraction) and hours-per-person targets."""
    # Through str(), so a float 0.95 from a script means 0.95, not 0.94999…
    rate, hours = Decimal(str(registration_rate)), Decimal(str(hours_per_person))
    document = (document or "").strip() or None
    _check(year, rate, hours, document)
    before = _state(target_for(year))
    row = db.session.get(YearlyTarget, year)
    if row is None:
        row = YearlyTarget(year=year)
        db.session.add(row)
    elif before == _state(Target(year, rate, hours, document)):
        # Saving the form unchanged is not a change to the assessment: no entry, no new date.
        return row
    row.registration_rate, row.hours_per_person, row.document = rate, hours, document
    row.updated_by_id = by.id
    db.session.flush()
    record_change(
        action="target.set",
        subject_type="yearly_target",
        subject_id=year,
        # Targets belong to the whole organisation, so the entry is for its administrators.
        unit_id=None,
        before=before,
        after=_state(target_for(year)),
        reason=(reason or "").strip() or None,
        actor_id=by.id,
    )
    return row


def _check(year: int, rate: Decimal, hours: Decimal, document: str | None) -> None:
    last_year = local_today().year + 1
    if not FIRST_YEAR <= year <= last_year:
        raise DomainError(
            _("年份须在 %(first)d 到 %(last)d 之间。", first=FIRST_YEAR, last=last_year)
        )
    if not RATE_MIN <= rate <= RATE_MAX:
        raise DomainError(_("注册率目标须在 %(low)s 到 %(high)s 之间。", low="1%", high="100%"))
    if rate != rate.quantize(RATE_STEP):
        raise DomainError(_("注册率目标最多保留一位小数（如 %(example)s）。", example="99.5%"))
    if not HOURS_MIN <= hours <= HOURS_MAX:
        raise DomainError(_("人均时长目标须在 0.5 到 2000 小时之间。"))
    if hours != hours.quantize(HOURS_STEP):
        raise DomainError(_("人均时长目标最多保留一位小数。"))
    if document is not None and len(document) > DOCUMENT_MAX:
        raise DomainError(_("文件名称或文号不能超过 %(n)d 个字。", n=DOCUMENT_MAX))


def _state(target: Target) -> dict:
    """Return the target as the audit log keeps it, in one fixed precision (48 and 48.0 agree)."""
    return {
        "year": target.year,
        "registration_rate": str(Decimal(target.registration_rate).quantize(Decimal("0.0001"))),
        "hours_per_person": str(Decimal(target.hours_per_person).quantize(HOURS_STEP)),
        "document": target.document,
    }
