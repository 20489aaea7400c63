"""Read a person's own data for the page: how much of each kind, and the latest rows of each."""

from __future__ import annotations

from dataclasses import dataclass

from volunteer.extensions import db
from volunteer.privacy.contents import SECTIONS
from volunteer.privacy.queries.counts import row_counts
from volunteer.privacy.queries.person import Person
from volunteer.privacy.sections import Section, shown

# The page shows the latest few rows of each kind; the file holds them all.
PAGE_ROWS = 5


@dataclass(frozen=True)
class Part:
    """One section as the page shows it: its count and its first rows, as text."""

    section: Section
    count: int
    rows: list[list[str]]

    @property
    def more(self) -> int:
        """Say how many rows only the file holds."""
        return self.count - len(self.rows)


def counts_of(owner: Person) -> dict[str, int]:
    """Count each kind of the person's data, in one statement."""
    return row_counts({section.key: section.select(owner) for section in SECTIONS})


def page_parts(owner: Person) -> list[Part]:
    """Read every section's count and first rows; ID numbers stay masked on the page."""
    counts = counts_of(owner)
    parts = []
    for section in SECTIONS:
        rows = (
            db.session.execute(section.select(owner).limit(PAGE_ROWS)).all()
            if counts[section.key]
            else []
        )
        cells = section.cells(rows, owner, full_id_number=False)
        parts.append(Part(section, counts[section.key], [[shown(v) for v in r] for r in cells]))
    return parts
