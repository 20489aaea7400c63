"""The export page of a unit and its downloads: .xlsx reports, the people list and the
national-system file as .csv, each .csv made whole before its first byte is sent."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from functools import wraps
from typing import IO
from urllib.parse import quote

from flask import Response, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from volunteer.auth.models import Role
from volunteer.auth.permissions import require
from volunteer.clock import local_today
from volunteer.core.edge import refusal_flashed
from volunteer.extensions import db
from volunteer.progress.figures import Measure
from volunteer.progress.queries.people import PEOPLE_FILTERS, PeopleFilter
from volunteer.reports import exports, services, streams
from volunteer.reports.blueprint import bp
from volunteer.reports.finished_file import FinishedFile, finish
from volunteer.reports.forms import PEOPLE_FILTER_LABELS, IdNumberExportForm, month_choices
from volunteer.reports.queries import report_measure
from volunteer.units.models import Unit
from volunteer.units.queries import lineage

# The page offers this many past years.
YEARS_OFFERED = 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A finished CSV goes out from its temporary file in blocks of this many bytes.
BUFFER = 256 * 1024


def _unit(unit_id: int) -> Unit:
    unit = db.get_or_404(Unit, unit_id)
    require(Role.MANAGER, unit)
    return unit


def _month() -> int | None:
    month = request.args.get("month", type=int)
    return month if month in range(1, 13) else None


def _for_unit_and_year(view):
    """Give the view the unit (a manager's only) and the asked year's measure.

    A year without figures, or an export the rules refuse, rolls back, says why and returns
    to the unit's export page.
    """

    @wraps(view)
    def wrapper(unit_id: int):
        unit = _unit(unit_id)
        with refusal_flashed():
            return view(unit, report_measure(request.args.get("year", type=int)))
        return redirect(url_for("reports.index", unit_id=unit.id))

    return login_required(wrapper)


def _filename(unit: Unit, measure: Measure, subject: str, month: int | None, ext: str) -> str:
    period = f"{measure.year}-{month:02d}" if month else f"{measure.year}"
    # A unit name may hold characters a file name cannot.
    name = "".join("-" if ch in '\\/:*?"<>|' else ch for ch in unit.name)
    return f"{name}-{period}-{subject}.{ext}"


def _send_xlsx(write, download_name: str):
    """Write a workbook in memory and send it (a city's 30,000 people make about 1 MB)."""
    buffer = io.BytesIO()
    write(buffer)
    buffer.seek(0)
    response = send_file(buffer, mimetype=XLSX, as_attachment=True, download_name=download_name)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/reports/units/<int:unit_id>")
@_for_unit_and_year
def index(unit: Unit, measure: Measure):
    """List a unit's exports for a year, with the month and filter choices they take."""
    return _page(unit, measure, IdNumberExportForm())


def _page(unit: Unit, measure: Measure, form: IdNumberExportForm):
    this_year = local_today().year
    return render_template(
        "reports/index.html",
        unit=unit,
        lineage=lineage(unit),
        measure=measure,
        # The recent years, and an older one asked for by its URL.
        years=sorted({*range(this_year - YEARS_OFFERED + 1, this_year + 1), measure.year})[::-1],
        months=month_choices(),
        filters=[(key, PEOPLE_FILTER_LABELS[key]) for key in PEOPLE_FILTERS],
        form=form,
    )


@bp.route("/reports/units/<int:unit_id>/summary.xlsx")
@_for_unit_and_year
def summary_xlsx(unit: Unit, measure: Measure):
    """Download the unit's figures with its children's, as the form for the level above."""
    return _send_xlsx(
        lambda out: exports.write_summary_xlsx(out, unit, measure),
        _filename(unit, measure, "完成情况", None, "xlsx"),
    )


@bp.route("/reports/units/<int:unit_id>/people.xlsx")
@_for_unit_and_year
def people_xlsx(unit: Unit, measure: Measure):
    """Download the people of the unit's subtree with their hours, all or one filter's."""
    chosen = PeopleFilter.parse(request.args.get("filter"))
    return _send_xlsx(
        lambda out: exports.write_people_xlsx(out, unit, measure, filter=chosen),
        _filename(unit, measure, "人员名单", None, "xlsx"),
    )


@bp.route("/reports/units/<int:unit_id>/records.xlsx")
@_for_unit_and_year
def records_xlsx(unit: Unit, measure: Measure):
    """Download the approved service records of the unit's people for the year or a month."""
    month = _month()
    return _send_xlsx(
        lambda out: exports.write_records_xlsx(out, unit, measure, month),
        _filename(unit, measure, "服务记录", month, "xlsx"),
    )


@bp.route("/reports/units/<int:unit_id>/people.csv")
@_for_unit_and_year
def people_csv(unit: Unit, measure: Measure):
    """Download the people list's figures as CSV, the columns of people.xlsx."""
    chosen = PeopleFilter.parse(request.args.get("filter"))
    return _send_csv(
        finish(streams.people_chunks(unit, measure, filter=chosen)),
        _filename(unit, measure, "人员名单", None, "csv"),
    )


@bp.route("/reports/units/<int:unit_id>/records.csv")
@_for_unit_and_year
def records_csv(unit: Unit, measure: Measure):
    """Download the records for the national system's import, with the ID columns empty."""
    month = _month()
    return _send_csv(
        finish(streams.national_chunks(unit, measure, month)),
        _filename(unit, measure, "服务记录-全国系统导入", month, "csv"),
    )


@bp.route("/reports/units/<int:unit_id>/records-with-id-numbers.csv", methods=["POST"])
@_for_unit_and_year
def records_csv_with_ids(unit: Unit, measure: Measure):
    """Download the national-system file with ID numbers, once the reason is in the audit log."""
    form = IdNumberExportForm()
    if not form.validate_on_submit():
        return _page(unit, measure, form)
    month = form.month.data or None
    finished = finish(streams.national_chunks(unit, measure, month, with_id_numbers=True))
    try:
        services.record_id_number_export(
            unit=unit,
            year=measure.year,
            month=month,
            reason=form.reason.data or "",
            rows=finished.rows,
            by=current_user,
        )
    except BaseException:
        finished.file.close()
        raise
    # The edge commits the audit entry when this returns, before the first byte is sent: no
    # ID number goes out unlogged, and a failed commit sends nothing.
    return _send_csv(
        finished, _filename(unit, measure, "服务记录-全国系统导入-含证件号码", month, "csv")
    )


def _send_csv(finished: FinishedFile, download_name: str) -> Response:
    """Send a finished CSV, named for any browser (RFC 6266), with its length and digest.

    Only a whole file is ever sent, and its Content-Length lets the browser tell a download
    cut short (a timeout, a crash) from a complete one; the national system's import reads
    every line as a record, so the file itself carries no trailer line.
    """
    response = Response(_blocks(finished.file), mimetype="text/csv", direct_passthrough=True)
    response.content_length = finished.size
    response.headers["Repr-Digest"] = finished.repr_digest
    response.headers["X-Record-Count"] = str(finished.rows)
    ascii_name = unicodedata.normalize("NFKD", download_name).encode("ascii", "ignore").decode()
    response.headers.set(
        "Content-Disposition",
        "attachment",
        filename=ascii_name,
        **{"filename*": f"UTF-8''{quote(download_name, safe='!#$&+^`|~')}"},
    )
    response.headers["Cache-Control"] = "no-store"
    # Also when the body is never read (the client went away first).
    response.call_on_close(finished.file.close)
    return response


def _blocks(file: IO[bytes]) -> Iterator[bytes]:
    """Read the file out in blocks; closing it (and so freeing its disk space) at the end."""
    with file:
        while block := file.read(BUFFER):
            yield block
