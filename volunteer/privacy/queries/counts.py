"""How many rows each section holds, for the page's headings and the export's audit entry."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import Select, func, select

from volunteer.extensions import db


def row_counts(queries: Mapping[str, Select]) -> dict[str, int]:
    """Count the rows of every query, all in one statement."""
    counts = select(
        *(
            select(func.count())
            .select_from(query.order_by(None).subquery())
            .scalar_subquery()
            .label(key)
            for key, query in queries.items()
        )
    )
    row = db.session.execute(counts).one()
    return {key: int(value or 0) for key, value in row._mapping.items()}
