"""The audit log page: who changed what, when, before, after and why."""

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from volunteer.audit.queries import audit_entries
from volunteer.auth.models import Role
from volunteer.auth.permissions import role_required
from volunteer.core.pagination import paginate
from volunteer.people.validation import parse_date

bp = Blueprint("audit", __name__)

# The families of change a manager filters by; the first part of every action name.
ACTION_FAMILIES = {
    "unit.": _l("单位"),
    "staff.": _l("职工"),
    "import.": _l("导入"),
    "registration.": _l("志愿者注册"),
    "role.": _l("角色"),
    "account.": _l("账号"),
}


@bp.route("/audit")
@role_required(Role.MANAGER)
def log():
    """List the audit entries of the manager's units, filtered by kind and date."""
    family = request.args.get("kind", "")
    since = parse_date(request.args.get("since", ""))
    until = parse_date(request.args.get("until", ""))
    query = audit_entries(
        current_user,
        action_prefix=family if family in ACTION_FAMILIES else None,
        since=since,
        until=until,
    )
    return render_template(
        "audit/log.html",
        page=paginate(query),
        families=ACTION_FAMILIES,
        filters={"kind": family, "since": since or "", "until": until or ""},
    )
