"""The export page of a unit and its downloads: .xlsx reports and the national-system .csv."""

from __future__ import annotations

import io
import unicodedata
from functools import wraps
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required

from volunteer.auth.models import Role
from volunteer.auth.permissions import require
from volunteer.clock import local_today
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.progress.figures import FutureYear, Measure
from volunteer.progress.people import PEOPLE_FILTERS
from volunteer.progress.queries import measure_for
from volunteer.reports import exports, services
from volunteer.reports.forms import PEOPLE_FILTER_LABELS, IdNumberExportForm, month_choices
from volunteer.reports.queries import count_rows, service_records
from volunteer.units.models import Unit
from volunteer.units.queries import lineage

bp = Blueprint("reports", __name__)

# Years before the system can hold no records; the page offers this many past years.
FIRST_YEAR = 2000
YEARS_OFFERED = 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NoFigures(DomainError):
    """The year asked for has no figures (not begun, or not a year at all)."""


def _unit(unit_id: int) -> Unit:
    unit = db.get_or_404(Unit, unit_id)
    require(Role.MANAGER, unit)
    return unit


def _measure(year: int | None) -> Measure:
    year = year or local_today().year
    if year < FIRST_YEAR:
        raise NoFigures(_("年份无效。"))
    try:
        return measure_for(year)
    except FutureYear:
        raise NoFigures(_("%(year)d 年尚未开始，还没有数据。", year=year)) from None


def _month() -> int | None:
    month = request.args.get("month", type=int)
    return month if month in range(1, 13) else None


def _refused(unit: Unit, error: DomainError):
    flash(error.message, "error")
    return redirect(url_for("reports.index", unit_id=unit.id))


def _for_unit_and_year(view):
    """Give the view the unit (a manager's only) and the asked year's measure.

    A year without figures, or an export the rules refuse, rolls back, says why and returns
    to the unit's export page.
    """

    @wraps(view)
    def wrapper(unit_id: int):
        unit = _unit(unit_id)
        try:
            return view(unit, _measure(request.args.get("year", type=int)))
        except DomainError as error:
            db.session.rollback()
            return _refused(unit, error)

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
        filters=[(key, PEOPLE_FILTER_LABELS.get(key, key)) for key in PEOPLE_FILTERS],
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
    chosen = request.args.get("filter", "all")
    chosen = chosen if chosen in PEOPLE_FILTERS else "all"
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


@bp.route("/reports/units/<int:unit_id>/records.csv")
@_for_unit_and_year
def records_csv(unit: Unit, measure: Measure):
    """Download the records for the national system's import, with the ID columns empty."""
    month = _month()
    return _send_csv(
        exports.national_csv(unit, measure, month),
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
    rows = count_rows(service_records(unit, measure, month))
    services.record_id_number_export(
        unit=unit, year=measure.year, month=month, reason=form.reason.data, rows=rows
    )
    # Committed before the first byte leaves: no ID number goes out unlogged.
    db.session.commit()
    return _send_csv(
        exports.national_csv(unit, measure, month, with_id_numbers=True),
        _filename(unit, measure, "服务记录-全国系统导入-含证件号码", month, "csv"),
    )


def _send_csv(chunks, download_name: str) -> Response:
    """Stream CSV text as it is read from the database, named for any browser (RFC 6266)."""
    response = Response(stream_with_context(chunks), mimetype="text/csv")
    ascii_name = unicodedata.normalize("NFKD", download_name).encode("ascii", "ignore").decode()
    response.headers.set(
        "Content-Disposition",
        "attachment",
        filename=ascii_name,
        **{"filename*": f"UTF-8''{quote(download_name, safe='!#$&+^`|~')}"},
    )
    response.headers["Cache-Control"] = "no-store"
    return response
