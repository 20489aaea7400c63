"""The small demo's activities as plans: what, where, when relative to today, and who comes.

Plain data; demo.activities makes them through the services and demo.records serves them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from volunteer.records.models import RecordSource


@dataclass(frozen=True)
class Plan:
    """One demo activity: days from today, local start and length, and who comes."""

    title: str
    hospital: str
    category: str
    days: int
    starts: time
    hours: float
    people: int = 6
    team: str | None = None
    project: str | None = None
    capacity: int | None = None
    signup_required: bool = False
    static_code: bool = False
    source: RecordSource = RecordSource.SELF_SCAN
    place: str = "门诊大厅"


GUIDE = "门诊导诊服务岗"
SCIENCE = "健康科普进社区"
EMERGENCY = "第一医院应急医疗队"
PARTY = "市卫健委党员志愿服务队"

PAST = [
    Plan("门诊导诊志愿服务", "SY01", "导诊陪诊", -84, time(8), 4, project=GUIDE),
    Plan("中医药健康讲座进社区", "ZY02", "健康宣教/科普", -70, time(14), 2.5, place="湖滨社区"),
    Plan("疫苗接种知识宣传", "JK03", "健康宣教/科普", -63, time(9), 2.5, project=SCIENCE),
    Plan("门诊导诊志愿服务", "SY01", "导诊陪诊", -56, time(8), 4, project=GUIDE),
    Plan(
        "急救技能培训（心肺复苏）",
        "SY01",
        "应急救援/急救培训",
        -45,
        time(9),
        9,
        team=EMERGENCY,
        source=RecordSource.COORDINATOR_SCAN,
        place="培训中心",
    ),
    Plan(
        "党员义诊进社区",
        "SY01",
        "义诊/健康咨询",
        -35,
        time(8, 30),
        3,
        team=PARTY,
        place="解放路社区",
    ),
    Plan("门诊导诊志愿服务", "SY01", "导诊陪诊", -28, time(8), 4, project=GUIDE),
    Plan("敬老院健康义诊", "ZY02", "关爱老人/特殊人群", -21, time(9), 3, place="城东敬老院"),
    Plan(
        "无偿献血宣传服务",
        "JK03",
        "无偿献血",
        -14,
        time(9),
        3,
        static_code=True,
        source=RecordSource.STATIC_CODE,
        place="武林广场",
    ),
    Plan("门诊导诊志愿服务", "SY01", "导诊陪诊", -7, time(8), 4, project=GUIDE),
    Plan("文明交通劝导", "SY01", "文明交通劝导", -3, time(7, 30), 2, place="医院东门路口"),
]
FUTURE = [
    Plan(
        "冬病夏治义诊",
        "ZY02",
        "义诊/健康咨询",
        3,
        time(9),
        3,
        capacity=5,
        signup_required=True,
        people=7,
    ),
    Plan(
        "社区健康义诊（海报签到）",
        "SY01",
        "义诊/健康咨询",
        5,
        time(9),
        3,
        static_code=True,
        place="文三路社区",
    ),
    Plan(
        "世界艾滋病日宣传",
        "JK03",
        "健康宣教/科普",
        8,
        time(9),
        3,
        capacity=10,
        signup_required=True,
        people=4,
        project=SCIENCE,
    ),
    Plan("应急医疗队拉练", "SY01", "应急救援/急救培训", 12, time(8), 6, team=EMERGENCY),
]


@dataclass(frozen=True)
class Routine:
    """A weekly activity a unit runs all year: weekday (0 = Monday), local start and length."""

    title: str
    unit: str  # a hospital's or a department's code
    category: str
    weekday: int
    starts: time
    hours: float
    place: str = "门诊大厅"
    project: str | None = None


# Each hospital's weeks, on distinct weekdays, so nobody is asked to serve twice on one day.
ROUTINES = [
    Routine("门诊导诊志愿服务", "SY01", "导诊陪诊", 0, time(8), 4, project=GUIDE),
    Routine("住院患者关爱陪护", "SY01-04", "关爱老人/特殊人群", 1, time(13, 30), 4, "住院部"),
    Routine("急诊候诊区健康宣教", "SY01-01", "健康宣教/科普", 2, time(14), 3, "急诊候诊区"),
    Routine("门诊导诊志愿服务", "SY01", "导诊陪诊", 3, time(8), 4, project=GUIDE),
    Routine("社区健康义诊", "SY01", "义诊/健康咨询", 5, time(8, 30), 4, "文三路社区"),
    Routine("中医药义诊", "ZY02", "义诊/健康咨询", 1, time(8, 30), 4),
    Routine("中医养生讲座", "ZY02-02", "健康宣教/科普", 4, time(14), 3, "湖滨社区"),
    Routine("健康科普进社区", "JK03", "健康宣教/科普", 3, time(9), 3.5, "翠苑社区", SCIENCE),
    Routine("疫苗接种知识宣传", "JK03-01", "健康宣教/科普", 5, time(8, 30), 4, "预防接种门诊"),
]

# How keen each department is: its yearly hours per person in service as a share of the
# 48-hour target. Above 1 a department is on track all year, from 0.8 at risk, below behind.
KEENNESS = {
    "SY01-01": 1.4,
    "SY01-02": 0.9,
    "SY01-03": 0.55,
    "SY01-04": 1.3,
    "SY01-05": 1.2,
    "ZY02-01": 1.1,
    "ZY02-02": 0.9,
    "ZY02-03": 0.55,
    "JK03-01": 0.4,
    "JK03-02": 0.5,
}
# Who registers, per hospital: the keen hospital has most of its staff on the registry.
REGISTERED_SHARE = {"SY01": 0.75, "ZY02": 0.6, "JK03": 0.5}
