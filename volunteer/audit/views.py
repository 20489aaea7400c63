"""The audit log page and its .xlsx export: who changed what, when, before, after and why."""

from __future__ import annotations

import io

from flask import render_template, request, send_file
from flask_login import current_user

from volunteer.audit import exports
from volunteer.audit.blueprint import bp
from volunteer.audit.filters import LogFilter
from volunteer.audit.labels import CATEGORIES
from volunteer.audit.queries.entries import audit_entries
from volunteer.audit.reading import read_entries
from volunteer.audit.services import record_log_export
from volunteer.auth.models import Role
from volunteer.auth.permissions import role_required
from volunteer.clock import local_today
from volunteer.core.pagination import paginate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/audit")
@role_required(Role.MANAGER)
def log():
    """List the audit entries of the manager's units, by category, dates and person."""
    log_filter = LogFilter.from_args(request.args)
    page = paginate(audit_entries(current_user, log_filter))
    return render_template(
        "audit/log.html",
        page=page,
        entries=read_entries(page.items),
        categories=CATEGORIES,
        log_filter=log_filter,
    )


@bp.route("/audit/export.xlsx", methods=["POST"])
@role_required(Role.MANAGER)
def export():
    """Download every entry the page's filters select as .xlsx; the export is itself logged."""
    log_filter = LogFilter.from_args(request.form)
    query = audit_entries(current_user, log_filter)
    total = exports.count_entries(query)
    exports.check_exportable(total)
    buffer = io.BytesIO()
    exports.write_log_xlsx(buffer, query, viewer=current_user, log_filter=log_filter, total=total)
    buffer.seek(0)
    record_log_export(by=current_user, filters=log_filter.as_record(), rows=total)
    response = send_file(
        buffer,
        mimetype=XLSX,
        as_attachment=True,
        download_name=f"审计日志-{local_today().isoformat()}.xlsx",
    )
    response.headers["Cache-Control"] = "no-store"
    return response
