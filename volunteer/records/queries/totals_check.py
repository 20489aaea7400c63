"""The check of what is kept for progress: every per-person total, roster entry and breakdown row
against a recount, in SQL (flask check-hours-totals and the worker's nightly check)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, func, or_, select

from volunteer.extensions import db
from volunteer.progress import roster_sync
from volunteer.progress.breakdown_totals import BreakdownDifference
from volunteer.progress.breakdown_totals import check as breakdown_check
from volunteer.records.models import PersonYearHours
from volunteer.records.totals import ZERO, aggregate_all


def _any_differs(fresh, stored) -> ColumnElement:
    # A missing stored row (NULL) differs too: -1 is never a sum of hours.
    return or_(
        *(
            func.coalesce(getattr(stored, name), -1) != getattr(fresh.c, name)
            for name in stored.TOTAL_COLUMNS
        )
    )


@dataclass(frozen=True)
class TotalDifference:
    """One account-year whose stored totals differ from its records."""

    account_id: int
    year: int
    column: str
    stored: Decimal
    recomputed: Decimal


def check_totals() -> list[TotalDifference]:
    """Compare every stored total with its records, in SQL; return the differences found."""
    fresh = aggregate_all().subquery()
    stored = PersonYearHours
    differences: list[TotalDifference] = []
    # Stored against recomputed, for every account-year that has records …
    kept_columns = (getattr(stored, name).label(f"stored_{name}") for name in stored.TOTAL_COLUMNS)
    same_key = and_(stored.account_id == fresh.c.account_id, stored.year == fresh.c.year)
    rows = db.session.execute(
        select(fresh, *kept_columns).outerjoin(stored, same_key).where(_any_differs(fresh, stored))
    ).mappings()
    for row in rows:
        for name in stored.TOTAL_COLUMNS:
            kept = Decimal(row[f"stored_{name}"] if row[f"stored_{name}"] is not None else 0)
            real = Decimal(row[name])
            if kept != real:
                differences.append(
                    TotalDifference(row["account_id"], int(row["year"]), name, kept, real)
                )
    # … and stored totals with no records behind them that are not all zero.
    orphans = db.session.scalars(
        select(stored).where(
            ~select(fresh.c.account_id)
            .where(fresh.c.account_id == stored.account_id, fresh.c.year == stored.year)
            .exists()
        )
    )
    for orphan in orphans:
        for name in stored.TOTAL_COLUMNS:
            if getattr(orphan, name) != ZERO:
                differences.append(
                    TotalDifference(
                        orphan.account_id, orphan.year, name, getattr(orphan, name), ZERO
                    )
                )
    return differences


@dataclass(frozen=True)
class KeptCheck:
    """What a recount of everything kept found: per-person totals, roster entries, breakdown."""

    totals: list[TotalDifference]
    stale_staff: list[int]
    breakdown: list[BreakdownDifference]

    @property
    def found(self) -> int:
        """How many differences in all."""
        return len(self.totals) + len(self.stale_staff) + len(self.breakdown)

    def lines(self, limit: int) -> list[str]:
        """Say each difference (at most `limit` of each kind) as people read them."""
        lines = [
            _(
                "账号 %(account)d，%(year)d 年，%(column)s：记录为 %(stored)s，重算为 %(real)s",
                account=diff.account_id,
                year=diff.year,
                column=diff.column,
                stored=diff.stored,
                real=diff.recomputed,
            )
            for diff in self.totals[:limit]
        ]
        if self.stale_staff:
            shown = ", ".join(str(staff_id) for staff_id in self.stale_staff[:limit])
            lines.append(
                _(
                    "%(n)d 名职工的花名册汇总与职工信息不一致：%(ids)s",
                    n=len(self.stale_staff),
                    ids=shown,
                )
            )
        lines += [
            _(
                "分类汇总 单位 %(unit)d，%(year)d 年，%(group)s，%(column)s：记录为 %(stored)s，"
                "重算为 %(real)s",
                unit=item.unit_id,
                year=item.year,
                group=f"{item.dimension}={item.key_id} party={int(item.party)}",
                column=item.column,
                stored=item.stored,
                real=item.recomputed,
            )
            for item in self.breakdown[:limit]
        ]
        return lines


def check_kept() -> KeptCheck:
    """Recount the per-person totals, the roster entries and the breakdown's kept rows."""
    return KeptCheck(check_totals(), roster_sync.check_roster(), breakdown_check())
