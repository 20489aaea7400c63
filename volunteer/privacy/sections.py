"""A section of a person's data: one part of the page and one sheet of the file.

A section names its columns once, in Chinese (msgids: the page translates them, the file is
written in Chinese), reads its rows with one statement (privacy/queries) and turns each row into
typed values: the page writes them as text, the workbook as dates and numbers. The sections
themselves are listed in privacy/contents.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select

from volunteer.activities.models import activity_number
from volunteer.audit.reading import read_entries
from volunteer.core.masking import mask_id_card
from volunteer.core.numbers import format_hours
from volunteer.core.times import local_datetime
from volunteer.privacy.queries.person import Person
from volunteer.records.templating import review_reason_text


class Kind(StrEnum):
    """How a column's stored value becomes what people read."""

    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    MOMENT = "moment"  # an aware datetime, shown in local time
    HOURS = "hours"
    LABEL = "label"  # an enum with a label, or a code named by the field's `labels`
    YES_NO = "yes_no"
    ID_CARD = "id_card"  # masked unless the person asked for it in full
    ACTIVITY = "activity"  # an activity id, shown as its number HD000123
    REVIEW_REASON = "review_reason"


@dataclass(frozen=True)
class Field:
    """One column: the query's label, its header (a msgid), its width in the file, its kind."""

    key: str
    header: str
    width: float = 14
    kind: Kind = Kind.TEXT
    labels: dict[str, str] | None = None


@dataclass(frozen=True)
class Section:
    """One kind of data: its title (a msgid), its columns, its query, and a note (a msgid)."""

    key: str
    title: str
    fields: tuple[Field, ...]
    select: Callable[[Person], Select]
    note: str | None = None

    def cells(self, rows: Sequence[Any], owner: Person, *, full_id_number: bool) -> list[tuple]:
        """Turn rows of the section's query into typed values, in the order of its fields."""
        return [
            tuple(_value(f, row._mapping[f.key], full_id_number) for f in self.fields)
            for row in rows
        ]


def _value(field: Field, raw: Any, full_id_number: bool) -> Any:
    if raw is None:
        return None
    if field.kind is Kind.LABEL:
        return _(field.labels[raw] if field.labels else raw.label)
    if field.kind is Kind.YES_NO:
        return _("是") if raw else _("否")
    if field.kind is Kind.ID_CARD:
        return raw if full_id_number else mask_id_card(raw)
    if field.kind is Kind.ACTIVITY:
        return activity_number(raw)
    if field.kind is Kind.REVIEW_REASON:
        return review_reason_text(raw)
    if field.kind is Kind.HOURS:
        return Decimal(str(raw))
    return raw


def shown(value: Any) -> str:
    """Write a typed value as the page shows it: local times, hours as 2.5, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_datetime(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format_hours(value)
    return str(value)


class HistorySection(Section):
    """The audit entries about the person, read as the log page reads them."""

    def cells(self, rows: Sequence[Any], owner: Person, *, full_id_number: bool) -> list[tuple]:
        """Name everyone and everything in the entries (one statement per kind of thing)."""
        entries = [row[0] for row in rows]
        result = []
        for entry, read in zip(entries, read_entries(entries), strict=True):
            values = {
                "at": entry.at,
                "actor": read.actor,
                "action": read.action,
                "subject": f"{read.subject_kind}：{read.subject}"
                if read.subject
                else read.subject_kind,
                "unit": read.unit,
                "changes": "\n".join(f"{c.label}：{c.shown}" for c in read.changes),
                "reason": read.reason,
                # The address of a manager's or coordinator's computer is theirs, not the
                # person's: shown only for what the person did, or what nobody logged in did
                # (a failed login on their account).
                "remote_addr": read.remote_addr
                if entry.actor_id in (None, owner.account_id)
                else "",
            }
            result.append(tuple(values[f.key] for f in self.fields))
        return result
