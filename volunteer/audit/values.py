"""Show one before/after value of the audit log as people read it.

Statuses and kinds by their labels, booleans as 是/否, moments in local time, hours with their
unit, ids by the name of what they point to, ID numbers masked. The page, the export and a
record's history all read values through show_value(), so they never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from flask_babel import gettext as _

from volunteer.activities.models import ActivityStatus, SignupStatus, TeamKind
from volunteer.audit.labels import CATEGORIES
from volunteer.audit.queries.names import ID_FIELDS, UNIT_CODE_FIELDS, Names
from volunteer.auth.models import Role
from volunteer.core.masking import mask_id_card
from volunteer.core.numbers import format_hours
from volunteer.core.times import local_datetime
from volunteer.people.models import EmploymentStatus
from volunteer.records.models import CorrectionStatus, RecordSource, RecordStatus
from volunteer.records.rules import ReviewLevel, ReviewReason
from volunteer.records.templating import review_reason_text
from volunteer.registration.models import RegistrationSource, RegistrationStatus
from volunteer.scanner.models import CodeKind
from volunteer.units.models import UnitKind


class Labelled(Protocol):
    """An enum member that names itself (a msgid: translate where shown)."""

    @property
    def label(self) -> str: ...


# The enum a stored value belongs to, by (subject type, field); None: whatever the subject.
ENUM_FIELDS: dict[tuple[str | None, str], Callable[[Any], Labelled]] = {
    ("service_record", "status"): RecordStatus,
    ("service_record", "source"): RecordSource,
    ("correction", "status"): CorrectionStatus,
    ("registration", "status"): RegistrationStatus,
    ("registration", "source"): RegistrationSource,
    ("staff_member", "status"): EmploymentStatus,
    ("activity", "status"): ActivityStatus,
    ("signup", "status"): SignupStatus,
    ("unit", "kind"): UnitKind,
    ("team", "kind"): TeamKind,
    ("volunteer_code", "kind"): CodeKind,
    (None, "review_level"): ReviewLevel,
    (None, "role"): Role,
}
HOUR_FIELDS = {"hours", "hours_per_person"}
MINUTE_FIELDS = {"credited_minutes"}
SHARE_FIELDS = {"registration_rate"}
EMPTY = "—"


def show_value(subject_type: str, field: str, value: Any, names: Names) -> str:
    """Show one stored value of `field` (of a `subject_type` entry) in the reader's words."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if field == "id_card":
        return mask_id_card(str(value))
    if field in ID_FIELDS:
        return names.of(ID_FIELDS[field], value) or f"#{value}"
    if field in UNIT_CODE_FIELDS:
        return names.of("unit_code", value) or str(value)
    if field == "category" and value in CATEGORIES:
        return str(CATEGORIES[value].label)
    if field == "review_reason":
        return review_reason_text(value) if value in set(ReviewReason) else str(value)
    enum = ENUM_FIELDS.get((subject_type, field)) or ENUM_FIELDS.get((None, field))
    if enum is not None:
        try:
            return _(enum(value).label)
        except ValueError:
            pass  # a value the enum no longer has: shown as it was stored
    if field.endswith("_at") and isinstance(value, str):
        return _moment(value)
    number = _decimal(value)
    if field in HOUR_FIELDS and number is not None:
        return _("%(h)s 小时", h=format_hours(number))
    if field in MINUTE_FIELDS and isinstance(value, int):
        return _("%(n)d 分钟", n=value)
    if field in SHARE_FIELDS and number is not None:
        return f"{number * 100:.0f}%"
    return str(value)


def _moment(text: str) -> str:
    """Show an ISO moment the log kept (aware, or naive UTC from old rows) in local time."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return local_datetime(moment)


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
