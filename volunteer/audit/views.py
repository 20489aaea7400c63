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
    "target.": _l("年度目标"),
    "export.": _l("导出"),
}


# The names services use in before/after, shown to managers in their own words.
FIELD_LABELS = {
    "code": _l("编码"),
    "name": _l("名称"),
    "kind": _l("类型"),
    "parent_id": _l("上级单位"),
    "retired_on": _l("撤销日期"),
    "staff_no": _l("工号"),
    "unit_id": _l("单位"),
    "unit": _l("单位"),
    "phone": _l("手机号"),
    "gender": _l("性别"),
    "id_card": _l("身份证号"),
    "political_status": _l("政治面貌"),
    "hired_on": _l("入职日期"),
    "status": _l("状态"),
    "left_on": _l("离职日期"),
    "effective_on": _l("生效日期"),
    "username": _l("用户名"),
    "display_name": _l("姓名"),
    "identifier": _l("登录名"),
    "active": _l("启用"),
    "role": _l("角色"),
    "source": _l("来源"),
    "staff_member_id": _l("职工"),
    "account_id": _l("账号"),
    "is_external": _l("非本单位职工"),
    "claimed_name": _l("填写的姓名"),
    "claimed_staff_no": _l("填写的工号"),
    "national_volunteer_no": _l("志愿者编号"),
    "registered_on": _l("注册日期"),
    "year": _l("年度"),
    "registration_rate": _l("注册率目标"),
    "hours_per_person": _l("人均时长目标"),
    "document": _l("下达文件"),
    "month": _l("月份"),
    "rows": _l("行数"),
    "filename": _l("文件"),
    "volunteer_role_moved": _l("志愿者角色随调动"),
    "new": _l("新增"),
    "updated": _l("更新"),
    "unchanged": _l("未变"),
    "left": _l("离职/退休"),
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
        field_labels=FIELD_LABELS,
        filters={"kind": family, "since": since or "", "until": until or ""},
    )
