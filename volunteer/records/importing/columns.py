"""The columns of a sheet of service sessions, with the headers paper sheets and systems use."""

from __future__ import annotations

from volunteer.imports.columns import Column, FileColumns
from volunteer.records.importing.rows import (
    BEGIN,
    DATE,
    END,
    LENGTH,
    NAME,
    NUMBER,
    PHONE,
    STAFF_NO,
    TITLE,
)
from volunteer.texts import N_

RECORD_FILE = FileColumns(
    title=N_("服务记录"),
    columns=(
        Column(
            NAME, ("名字", "志愿者姓名", "真实姓名", "职工姓名"), required=True, example="王小明"
        ),
        Column(
            STAFF_NO,
            ("职工号", "员工编号", "员工号", "职工编号", "人员编号", "员工工号"),
            example="000001",
            text=True,
            hint=N_("工号和手机号至少填写一项"),
        ),
        Column(PHONE, ("手机", "手机号码", "联系电话", "移动电话", "电话"), text=True),
        Column(
            NUMBER,
            ("活动编码", "活动代码", "活动ID"),
            example="HD000123",
            text=True,
            hint=N_("活动页面显示的编号；也可只填活动名称"),
        ),
        Column(TITLE, ("活动", "活动标题", "活动名", "服务项目名称")),
        Column(
            DATE,
            ("服务日期", "活动日期", "签到日期"),
            required=True,
            example="2026-03-05",
            hint=N_("写成 2026-03-05"),
        ),
        Column(
            BEGIN,
            ("签到时间", "开始", "起始时间", "服务开始时间"),
            required=True,
            example="09:00",
            hint=N_("写成 09:00"),
        ),
        Column(
            END,
            ("签退时间", "结束", "终止时间", "服务结束时间"),
            example="11:30",
            hint=N_("结束时间和时长至少填写一项"),
        ),
        Column(LENGTH, ("服务时长", "小时数", "服务小时数"), hint=N_("小时数，如 2.5")),
    ),
    either=((STAFF_NO, PHONE), (NUMBER, TITLE), (END, LENGTH)),
)
