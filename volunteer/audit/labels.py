"""The audit log in an inspector's words: every action, its category and subject.

tests/test_audit_labels.py collects every action code and audited field the services write and
fails when one has no label here (fields: field_labels.py), so a new kind of change cannot
reach the log as a code.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "record.sign_in": _l("签到"),
    "record.sign_out": _l("签退"),
    "record.forgotten_sign_out": _l("未签退，转待审核"),
    "record.resolve_sign_out": _l("补签退"),
    "record.make_up": _l("补录"),
    "record.import": _l("导入服务记录"),
    "record.approve": _l("审核通过"),
    "record.reject": _l("审核不通过"),
    "record.void": _l("作废"),
    "record.correct": _l("按更正申请修改"),
    "correction.request": _l("提交更正申请"),
    "correction.accepted": _l("采纳更正申请"),
    "correction.rejected": _l("驳回更正申请"),
    "activity.create": _l("创建活动"),
    "activity.update": _l("修改活动"),
    "activity.cancel": _l("取消活动"),
    "activity.poster_revoked": _l("作废海报码"),
    "signup.confirm": _l("报名"),
    "signup.waitlist": _l("报名候补"),
    "signup.promote": _l("候补转为报名"),
    "signup.withdraw": _l("取消报名"),
    "category.create": _l("新增服务类别"),
    "category.rename": _l("重命名服务类别"),
    "category.move": _l("调整服务类别顺序"),
    "category.retire": _l("停用服务类别"),
    "category.restore": _l("恢复服务类别"),
    "theme.create": _l("新增月度主题"),
    "theme.update": _l("修改月度主题"),
    "registration.create": _l("志愿者注册"),
    "registration.claim": _l("认领已有注册"),
    "registration.approve": _l("核对通过注册"),
    "registration.reject": _l("驳回注册"),
    "registration.import": _l("从全国志愿服务信息系统导入注册"),
    "staff.create": _l("新增职工"),
    "staff.update": _l("修改职工信息"),
    "staff.transfer": _l("调动"),
    "staff.leave": _l("离职或退休"),
    "staff.reinstate": _l("恢复在职"),
    "unit.create": _l("新增单位"),
    "unit.update": _l("修改单位"),
    "unit.move": _l("调整上级单位"),
    "unit.retire": _l("撤销单位"),
    "account.create": _l("创建账号"),
    "account.update": _l("修改账号"),
    "account.password": _l("修改密码"),
    "account.activate": _l("启用账号"),
    "account.deactivate": _l("停用账号"),
    "account.login_failed": _l("登录失败"),
    "account.lock": _l("因多次密码错误临时锁定"),
    "account.unlock": _l("解除登录锁定"),
    "account.end_logins": _l("结束全部设备上的登录"),
    "role.grant": _l("授予角色"),
    "role.revoke": _l("撤销角色"),
    "target.set": _l("设置年度目标"),
    "import.staff": _l("导入职工名册"),
    "import.units": _l("导入单位"),
    "export.id_numbers": _l("导出含证件号码的服务记录"),
    "audit.export": _l("导出审计日志"),
    "export.own_data": _l("下载本人个人信息"),
    "volunteer_code.phone_issued": _l("生成手机个人码"),
    "volunteer_code.badge_issued": _l("发放胸卡"),
    "volunteer_code.badge_revoked": _l("作废胸卡"),
    "team.create": _l("成立志愿服务队"),
    "team.update": _l("修改志愿服务队"),
    "team.disband": _l("解散志愿服务队"),
    "team_member.add": _l("加入志愿服务队"),
    "team_member.update": _l("修改队员信息"),
    "team_member.remove": _l("退出志愿服务队"),
    "project.create": _l("创建志愿服务项目"),
    "project.update": _l("修改志愿服务项目"),
    "project.close": _l("结束志愿服务项目"),
    "demo.city": _l("加载演示数据"),
    "demo.province": _l("加载省级演示数据"),
    "commendation.open": _l("开始优秀志愿者评选"),
    "commendation.close": _l("截止评选提名"),
    "commendation.nominate": _l("提名优秀志愿者"),
    "commendation.approve": _l("评选提名审核通过"),
    "commendation.reject": _l("评选提名审核不通过"),
    "commendation.publish": _l("公示拟表彰名单"),
    "commendation.object": _l("对公示名单提出异议"),
    "commendation.resolve_objection": _l("处理公示异议"),
    "commendation.withdraw": _l("撤销评选提名"),
    "commendation.finalise": _l("拟表彰名单定稿"),
    "commendation.print_honours": _l("打印荣誉证书"),
    "certificate.issue": _l("出具时长证明"),
    "certificate.supersede": _l("时长证明被新证明替代"),
    "certificate.revoke": _l("撤销时长证明"),
    "certificate.settings": _l("设置年度证明出具条件"),
    "job.submit": _l("提交后台任务"),
    "reminder.send": _l("催办"),
}


@dataclass(frozen=True)
class Category:
    """A family of actions an inspector filters by, named by the first parts of their codes."""

    label: str
    prefixes: tuple[str, ...]

    def holds(self, action: str) -> bool:
        """Say whether an action code belongs here."""
        return action.startswith(self.prefixes)


# Every action code's prefix is in exactly one category (tests/test_audit_labels.py checks).
CATEGORIES = {
    "records": Category(_l("服务记录"), ("record.",)),
    "corrections": Category(_l("更正申请"), ("correction.",)),
    "activities": Category(_l("志愿服务活动"), ("activity.", "signup.", "category.", "theme.")),
    "registrations": Category(_l("志愿者注册"), ("registration.",)),
    "staff": Category(_l("职工名册"), ("staff.",)),
    "units": Category(_l("单位"), ("unit.",)),
    "accounts": Category(_l("账号与角色"), ("account.", "role.")),
    "targets": Category(_l("年度目标"), ("target.",)),
    "imports": Category(_l("导入"), ("import.",)),
    "exports": Category(_l("导出"), ("export.", "audit.")),
    "codes": Category(_l("个人码与胸卡"), ("volunteer_code.",)),
    "teams": Category(_l("志愿服务队与项目"), ("team.", "team_member.", "project.")),
    "system": Category(_l("系统"), ("demo.",)),
    "commendation": Category(_l("评选表彰"), ("commendation.",)),
    "certificates": Category(_l("时长证明"), ("certificate.",)),
    "jobs": Category(_l("后台任务"), ("job.",)),
    "reminders": Category(_l("催办"), ("reminder.",)),
}


def action_label(action: str) -> str:
    """Name an action in the reader's words; a code nobody labelled yet shows as it is."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


# What each entry is about (AuditEntry.subject_type).
SUBJECT_LABELS = {
    "service_record": _l("服务记录"),
    "correction": _l("更正申请"),
    "activity": _l("志愿服务活动"),
    "signup": _l("活动报名"),
    "category": _l("服务类别"),
    "theme": _l("月度主题"),
    "registration": _l("志愿者注册"),
    "staff_member": _l("职工"),
    "unit": _l("单位"),
    "account": _l("账号"),
    "yearly_target": _l("年度目标"),
    "import_batch": _l("导入文件"),
    "volunteer_code": _l("个人码"),
    "team": _l("志愿服务队"),
    "team_member": _l("队员"),
    "project": _l("志愿服务项目"),
    "audit_log": _l("审计日志"),
    "commendation_campaign": _l("优秀志愿者评选"),
    "commendation_nomination": _l("评选提名"),
    "commendation_objection": _l("公示异议"),
    "certificate": _l("时长证明"),
    "certificate_settings": _l("年度证明设置"),
    "job": _l("后台任务"),
}
