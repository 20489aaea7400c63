"""The columns of a list exported from 全国志愿服务信息系统, with the headers it and people use."""

from __future__ import annotations

from volunteer.imports.columns import Column, FileColumns
from volunteer.texts import N_

NAME, STAFF_NO, PHONE, NUMBER, DATE = "姓名", "工号", "手机号", "志愿者编号", "注册日期"

REGISTRATION_FILE = FileColumns(
    title=N_("志愿者注册"),
    columns=(
        Column(
            NAME, ("名字", "志愿者姓名", "真实姓名", "职工姓名"), required=True, example="王小明"
        ),
        Column(
            STAFF_NO,
            ("职工号", "员工编号", "员工号", "职工编号", "人员编号", "员工工号"),
            example="000001",
            text=True,
            hint=N_("与职工名册的工号一致；没有工号时按手机号和姓名对应"),
        ),
        Column(
            PHONE,
            ("手机", "手机号码", "联系电话", "移动电话", "电话", "联系方式"),
            example="13800000000",
            text=True,
        ),
        Column(
            NUMBER,
            ("志愿者号", "志愿者证号", "志愿者ID", "志愿者编码", "注册编号"),
            required=True,
            example="11010500000001",
            text=True,
            hint=N_("全国志愿服务信息系统中的编号"),
        ),
        Column(
            DATE,
            ("注册时间", "注册日", "加入时间"),
            required=True,
            example="2024-03-05",
            hint=N_("写成 2024-03-05"),
        ),
    ),
    either=((STAFF_NO, PHONE),),
)
