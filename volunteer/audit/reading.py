"""Turn audit entries into lines an inspector reads: who, when, what, on what, which changes.

One function, read_entries(), renders the log page, its .xlsx export and a service record's
own history, so the three always say the same thing about the same entry.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from volunteer.audit.field_labels import field_label
from volunteer.audit.labels import SUBJECT_LABELS, action_label
from volunteer.audit.models import AuditEntry
from volunteer.audit.queries.names import Names, names_for
from volunteer.audit.values import EMPTY, show_value
from volunteer.core.times import local_datetime


@dataclass(frozen=True)
class Change:
    """One field of an entry: its earlier value (None: not kept) and its new one (None: gone)."""

    label: str
    before: str | None
    after: str | None

    @property
    def shown(self) -> str:
        """Write the value, or the move from the old value to the new: 待审核 → 已通过."""
        if self.before is None:
            return self.after or ""
        if self.after is None:
            return self.before
        return f"{self.before} → {self.after}"


@dataclass(frozen=True)
class ReadableEntry:
    """An audit entry as people read it; every id is a name, every code a word."""

    id: int
    at: datetime
    actor: str
    action: str
    subject_kind: str
    subject: str
    unit: str
    changes: list[Change]
    reason: str
    remote_addr: str

    @property
    def when(self) -> str:
        """Show the moment in local time, as every page does: 2026-03-05 09:00."""
        return local_datetime(self.at)


def read_entries(
    entries: Iterable[AuditEntry], *, known: Collection[str] = ()
) -> list[ReadableEntry]:
    """Render entries for reading, naming what they mention in one statement per kind.

    `known` names fields the page already shows for every entry (a record's own page knows its
    volunteer and activity), left out of the changes.
    """
    entries = list(entries)
    reader = _Reader(names_for(entries))
    return [reader.read(entry, known) for entry in entries]


class _Reader:
    """Read one batch of entries, translating each label and each repeated value once.

    gettext costs tens of microseconds a call: an export of thousands of entries would spend
    most of its time saying 状态 and 已通过 again.
    """

    def __init__(self, names: Names):
        self.names = names
        self.words: dict[tuple, str] = {}

    def read(self, entry: AuditEntry, known: Collection[str]) -> ReadableEntry:
        kind = entry.subject_type
        return ReadableEntry(
            id=entry.id,
            at=entry.at,
            actor=self.names.of("account", entry.actor_id) or self.word(("系统",), _, "系统"),
            action=self.word(("action", entry.action), action_label, entry.action),
            subject_kind=self.word(("subject", kind), lambda: str(SUBJECT_LABELS.get(kind, kind))),
            subject=_subject(entry, self.names),
            unit=(self.names.of("unit", entry.unit_id) or EMPTY) if entry.unit_id else EMPTY,
            changes=changes(entry, self.names, known, reader=self),
            reason=entry.reason or "",
            remote_addr=(
                self.word(("命令行",), _, "命令行")
                if entry.remote_addr == "cli"
                else entry.remote_addr or ""
            ),
        )

    def word(self, key: tuple, say, *args) -> str:
        """Return say(*args), computed once per key for this batch."""
        if key not in self.words:
            self.words[key] = say(*args)
        return self.words[key]

    def value(self, subject_type: str, field: str, value: Any) -> str:
        """Show a value; names and moments are each their own, every other value repeats."""
        if field.endswith("_at") or isinstance(value, dict | list):
            return show_value(subject_type, field, value, self.names)
        key = ("value", subject_type, field, type(value).__name__, value)
        return self.word(key, show_value, subject_type, field, value, self.names)


def _subject(entry: AuditEntry, names: Names) -> str:
    """Name what the entry is about, as the log's own data allows."""
    if entry.subject_type == "yearly_target" and entry.subject_id:
        return _("%(year)d 年", year=entry.subject_id)
    if entry.subject_type == "import_batch" and entry.after and entry.after.get("filename"):
        return str(entry.after["filename"])
    if entry.subject_id is None:
        return ""
    return names.of(entry.subject_type, entry.subject_id) or f"#{entry.subject_id}"


# Fields the subject's own name already says (SUBJECT column: 张三 · 社区义诊): a new thing's
# entry does not repeat them; a change to one still shows.
NAMED_BY_SUBJECT = {
    "service_record": {"account_id", "activity_id"},
    "correction": {"account_id", "activity_id"},
    "signup": {"account_id", "activity_id"},
    "team_member": {"account_id", "team_id"},
    "volunteer_code": {"account_id", "kind"},
    "activity": {"title"},
}


def changes(
    entry: AuditEntry, names: Names, known: Collection[str] = (), *, reader: _Reader | None = None
) -> list[Change]:
    """List the fields a change set (a new thing: every one with a value) or altered."""
    reader = reader or _Reader(names)
    kind = entry.subject_type
    before, after = entry.before, entry.after
    fields = [*(after or {}), *(f for f in (before or {}) if f not in (after or {}))]
    if before is None:
        known = {*known, *NAMED_BY_SUBJECT.get(entry.subject_type, ())}
    result = []
    for field in fields:
        if field in known:
            continue
        if before is not None and after is not None and before.get(field) == after.get(field):
            continue
        # None where the entry kept no value for the field (a creation, a revoked role).
        shown = [
            reader.value(kind, field, values[field])
            if values is not None and field in values
            else None
            for values in (before, after)
        ]
        if shown[0] is None and shown[1] == EMPTY:
            continue  # a new thing's empty fields say nothing
        label = reader.word(("field", kind, field), field_label, kind, field)
        result.append(Change(label, shown[0], shown[1]))
    return result
