"""What the reader asked the audit log for: a category, a date range and a person."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from volunteer.audit.labels import CATEGORIES

# Longer than any name, 工号 or username; more is not a search, it is a paste gone wrong.
PERSON_MAX = 64


@dataclass(frozen=True)
class LogFilter:
    """The filters of the log page; the export of the log takes the very same ones."""

    category: str = ""
    since: date | None = None
    until: date | None = None
    person: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> LogFilter:
        """Read the filters from a query string, dropping what is not one."""
        category = args.get("kind", "")
        since, until = _day(args.get("since")), _day(args.get("until"))
        if since and until and since > until:
            # Typed the wrong way round: the reader still means the days between them.
            since, until = until, since
        return cls(
            category=category if category in CATEGORIES else "",
            since=since,
            until=until,
            person=" ".join(args.get("person", "").split())[:PERSON_MAX],
        )

    def as_args(self) -> dict[str, str]:
        """Return the filters as query-string arguments, for page links and the export link."""
        args = {
            "kind": self.category,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "person": self.person,
        }
        return {name: value for name, value in args.items() if value}

    def as_record(self) -> dict[str, str]:
        """Return the filters as the audit entry of an export keeps them (only those set)."""
        return {
            ("category" if name == "kind" else name): value
            for name, value in self.as_args().items()
        }

    @property
    def prefixes(self) -> tuple[str, ...]:
        """Return the action prefixes the chosen category holds (none: every action)."""
        return CATEGORIES[self.category].prefixes if self.category else ()


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None
