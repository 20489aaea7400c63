"""The Chinese defaults of a certificate's labels: the only words the layout holds of its own.

The caller passes `Certificate.labels`, translated; a key it leaves out prints the default.
"""

from __future__ import annotations

DEFAULT_LABELS = {
    "serial": "证书编号",
    "name": "姓名",
    "id_number": "身份证号",
    "volunteer_number": "志愿者编号",
    "unit": "单位/科室",
    "period": "服务期间",
    "hours": "服务时长",
    "hours_unit": "小时",
    "activities": "活动次数",
    "activities_unit": "次",
    "categories": "服务类别",
    "year": "年度",
    "year_hours": "服务时长（小时）",
    "year_activities": "活动次数",
    "cumulative": "累计时长（小时）",
    "issuer": "出具单位",
    "head": "负责人",
    "clerk": "经办人",
    "contact": "联系方式",
    "issue_date": "出具日期",
    "seal": "盖章处",
    "verify": "扫码验证",
    "services": "服务活动明细",
    "service_day": "日期",
    "service_title": "活动",
    "service_hours": "时长（小时）",
}
