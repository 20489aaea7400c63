"""The columns of a staff roster file, with the headers HR systems and hand-kept sheets use."""

from __future__ import annotations

from volunteer.imports.columns import Column, FileColumns
from volunteer.people.forms import POLITICAL_STATUSES
from volunteer.people.models import EmploymentStatus
from volunteer.people.validation import GENDERS, id_card_check_char
from volunteer.texts import N_

NAME, STAFF_NO, UNIT_CODE, PHONE, GENDER = "姓名", "工号", "单位编码", "手机号", "性别"
EMAIL = "邮箱"
ID_CARD, POLITICAL, HIRED_ON, STATUS, LEFT_ON = (
    "身份证号",
    "政治面貌",
    "入职日期",
    "在职状态",
    "离职日期",
)

# Made up, and valid: the template shows what a real ID number looks like.
_EXAMPLE_ID = "11010519900307002" + id_card_check_char("11010519900307002")

STAFF_FILE = FileColumns(
    title=N_("职工名册"),
    columns=(
        Column(NAME, ("名字", "职工姓名", "员工姓名", "人员姓名"), required=True, example="王小明"),
        Column(
            STAFF_NO,
            ("职工号", "员工编号", "员工号", "职工编号", "人员编号", "员工工号", "工作证号"),
            required=True,
            example="000001",
            text=True,
            hint=N_("按文本保存，开头的 0 会保留；同一组织内不能重复"),
        ),
        Column(
            UNIT_CODE,
            (
                "单位代码",
                "部门编码",
                "部门代码",
                "科室编码",
                "科室代码",
                "所属单位编码",
                "所在单位编码",
            ),
            required=True,
            example="H01-001",
            text=True,
            hint=N_("单位管理页面显示的编码；与原来不同即为调动"),
        ),
        Column(
            PHONE,
            ("手机", "手机号码", "联系电话", "移动电话", "电话", "电话号码", "联系方式"),
            required=True,
            example="13800000000",
            text=True,
            hint=N_("11 位手机号或带区号的固定电话；可留空"),
        ),
        Column(
            EMAIL,
            (
                "电子邮箱",
                "电子邮件",
                "邮箱地址",
                "电子邮箱地址",
                "电子邮件地址",
                "邮件地址",
                "Email",
                "E-mail",
                "Mail",
            ),
            example="wangxiaoming@example.org",
            text=True,
            hint=N_("催办提醒会发到这个邮箱；可不填，留空不会清除已登记的邮箱"),
        ),
        Column(GENDER, required=True, example="男", choices=tuple(sorted(GENDERS, reverse=True))),
        Column(
            ID_CARD,
            ("身份证", "身份证号码", "证件号码", "证件号", "公民身份号码", "身份证件号码"),
            example=_EXAMPLE_ID,
            text=True,
            hint=N_("18 位居民身份证号；可不填"),
        ),
        Column(
            POLITICAL,
            example="群众",
            choices=tuple(POLITICAL_STATUSES),
            strict=False,
            hint=N_("可从下拉列表中选择，也可填其他写法；可不填"),
        ),
        Column(
            HIRED_ON,
            ("入职时间", "到岗日期", "到岗时间", "进入本单位时间"),
            required=True,
            example="2020-07-01",
            hint=N_("写成 2020-07-01；可留空"),
        ),
        Column(
            STATUS,
            ("状态", "人员状态", "在岗状态", "任职状态", "在职情况"),
            required=True,
            example=EmploymentStatus.ACTIVE.label,
            choices=tuple(status.label for status in EmploymentStatus),
            hint=N_("留空视为在职；离职或退休而未填离职日期时，按导入当天记"),
        ),
        Column(
            LEFT_ON,
            ("离职时间", "离退休日期", "离退休时间", "退休日期", "退休时间"),
            hint=N_("只在离职或退休时填写"),
        ),
    ),
)
