"""The CSV exports as byte chunks, read from the database while they are written.

The national system's file: its fields made by the database (queries.national_fields), then
PostgreSQL's COPY writes the lines, or on SQLite Python's csv joins the fields; a cursor
through national_csv is the portable path. The people list: one select of the kept totals.
Either way a chunk holds `BATCH` rows at most, so memory does not grow with the file. Reads
only; reports.finished_file makes the chunks a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from psycopg import ClientCursor, Connection
from sqlalchemy import Select

from volunteer.clock import local_today, local_zone
from volunteer.extensions import db
from volunteer.progress.figures import (
    ONE_PLACE,
    HoursValue,
    Measure,
    hours_still_needed,
    weekly_rate_needed,
)
from volunteer.progress.queries.people import PeopleFilter
from volunteer.reports.finished_file import Chunk
from volunteer.reports.national_csv import (
    formatted_csv_chunks,
    national_csv_chunks,
    national_header,
)
from volunteer.reports.people_csv import people_csv_chunks
from volunteer.reports.queries import (
    national_fields,
    people_rows,
    record_period,
    service_records,
)
from volunteer.units.models import Unit

BATCH = 2000
ENCODING = "utf-8"


def national_chunks(
    unit: Unit,
    measure: Measure,
    month: int | None = None,
    *,
    with_id_numbers: bool = False,
    in_database: bool | None = None,
) -> Iterator[Chunk]:
    """Yield the national-system CSV of the unit's records, its lines made by the database.

    PostgreSQL writes them with COPY; SQLite formats the fields and Python's csv joins them,
    when the time zone keeps one offset through the period. `in_database=False` (and SQLite
    in a zone with summer time) takes the portable path: rows, then Python formats each.
    """
    zone = local_zone()
    dialect = db.session.get_bind().dialect.name
    offset = _fixed_offset(zone, *record_period(measure.year, month))
    if in_database is None:
        in_database = dialect == "postgresql" or offset is not None
    if not in_database:
        yield from _national_rows(unit, measure, month, with_id_numbers)
        return
    yield national_header().encode(ENCODING), 0
    named_or_fixed = zone.key if dialect == "postgresql" else offset
    if named_or_fixed is None:
        raise ValueError(f"{zone.key} changes its offset in the period: format in Python")
    fields = national_fields(
        unit, measure, month, with_id_numbers=with_id_numbers, zone=named_or_fixed
    )
    if dialect == "postgresql":
        yield from _copied(fields)
        return
    # Plain tuples from the driver's cursor: the fields are text already, and SQLAlchemy's
    # rows would cost a third of the export.
    result = db.session.connection().execute(fields)
    cursor = result.cursor
    try:
        batches = iter(lambda: cursor.fetchmany(BATCH), [])
        for text, count in formatted_csv_chunks(batches):
            yield text.encode(ENCODING), count
    finally:
        result.close()


def _fixed_offset(zone: ZoneInfo, first: date, after: date) -> int | None:
    """The zone's UTC offset in minutes if it holds all through the period (and two days
    either side, for sessions past midnight), else None (summer time)."""
    start = datetime.combine(first - timedelta(days=2), time(), UTC)
    hours = ((after - first).days + 4) * 24
    offsets = {zone.utcoffset(start + timedelta(hours=hour)) for hour in range(hours)}
    if len(offsets) != 1:
        return None
    [offset] = offsets
    return int(offset.total_seconds()) // 60 if offset is not None else None


def _national_rows(
    unit: Unit, measure: Measure, month: int | None, with_id_numbers: bool
) -> Iterator[Chunk]:
    """The national CSV from a server-side cursor, BATCH rows fetched and written at a time."""
    query = service_records(unit, measure, month, with_id_numbers=with_id_numbers)
    zone = local_zone()
    result = db.session.execute(query.execution_options(yield_per=BATCH))
    rows = (
        (
            row.name,
            row.id_card if with_id_numbers else None,
            row.volunteer_no,
            row.title,
            row.service_date,
            # The time that counted: the session clipped to the activity (docs/rules.md §3.1).
            max(row.signed_in_at, row.starts_at).astimezone(zone),
            min(row.signed_out_at, row.ends_at).astimezone(zone) if row.signed_out_at else None,
            row.hours,
        )
        for row in result
    )
    for text, count in national_csv_chunks(rows, batch=BATCH):
        yield text.encode(ENCODING), count


def _copied(query: Select) -> Iterator[Chunk]:
    """Run `COPY (query) TO STDOUT` as CSV on the session's own connection; yield CRLF lines.

    COPY ends a row with LF, and one row comes per read: the LF a row ends with becomes CRLF,
    and a line break inside a quoted value stays as it was, as Python's csv writes it.
    """
    connection = db.session.connection()
    compiled = query.compile(
        dialect=connection.dialect, compile_kwargs={"render_postcompile": True}
    )
    raw = connection.connection.driver_connection
    assert isinstance(raw, Connection)  # COPY needs psycopg 3 (the postgresql+psycopg URL)
    statement = f"COPY ({compiled}) TO STDOUT WITH (FORMAT csv)"
    with (
        ClientCursor(raw) as cursor,
        cursor.copy(statement, compiled.params) as copy,
    ):
        lines: list[bytes] = []
        for line in copy:
            lines.append(bytes(line))
            if len(lines) == BATCH:
                yield _crlf(lines), BATCH
                lines = []
        yield _crlf(lines), len(lines)


def _crlf(lines: list[bytes]) -> bytes:
    data = b"".join(lines)
    if b'"' not in data:  # no quoted value, so no line break inside one
        return data.replace(b"\n", b"\r\n")
    return b"".join(line[:-1] + b"\r\n" for line in lines)


def people_chunks(
    unit: Unit, measure: Measure, *, filter: str = "all", today: date | None = None
) -> Iterator[Chunk]:
    """Yield the people list as CSV: one select of the kept totals, one line per person."""
    today = today or local_today()
    left = filter == PeopleFilter.LEFT
    # Columns, not entities: the Core connection skips the ORM's per-row loading.
    query = people_rows(unit, measure, filter).execution_options(yield_per=BATCH)
    result = db.session.connection().execute(query)

    def rows():
        # person_year's figures without its pace status, which the list does not show.
        for row in result:
            approved = _hours(row.approved)
            needed = hours_still_needed(measure.hours_target, approved)
            yield (
                row.staff_no,
                row.name,
                row.unit_name,
                row.registered,
                row.registered_on,
                approved,
                _hours(row.pending),
                _hours(row.make_up),
                # Someone who has left owes nothing more this year.
                None if left else needed,
                None if left else weekly_rate_needed(needed, measure.day, today),
            )

    for text, count in people_csv_chunks(rows(), batch=BATCH):
        yield text.encode(ENCODING), count


def _hours(value: HoursValue) -> Decimal:
    """A sum of hours as person_year reads it: Decimal to one place, 0 when there is none."""
    return Decimal(str(value or 0)).quantize(ONE_PLACE)
