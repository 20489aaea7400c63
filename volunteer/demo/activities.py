"""Demo teams, projects, activities and sign-ups, made through the services (the plans).

Times are relative to now, so the demo always has a past three months to report on, an activity
running for the screen and the scanner, and sign-ups open for the next two weeks. Who serves
where is drawn from a seeded generator: the same day gives the same demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from volunteer.activities import catalogue
from volunteer.activities import services as activities
from volunteer.activities.models import Activity, Category, Project, Team, TeamKind
from volunteer.activities.queries import theme_of_month
from volunteer.auth.models import Account
from volunteer.clock import local_zone
from volunteer.demo.logins import open_volunteer_login
from volunteer.extensions import db
from volunteer.people.models import EmploymentStatus, StaffMember
from volunteer.records.models import RecordSource
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.teams import services as team_services
from volunteer.units.models import Unit

# Volunteers with a login per hospital (each costs a password hash: keep the demo fast).
ACCOUNTS_PER_HOSPITAL = {"SY01": 12, "ZY02": 7, "JK03": 7}
EMERGENCY_SKILLS = ["心肺复苏", "创伤包扎", "静脉穿刺", "气道管理", "应急驾驶", "心电监护"]
THEMES = ["健康知识进万家", "关爱老年人", "无偿献血 情暖人间", "全民健康素养提升"]


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


@dataclass
class Cast:
    """The demo's logins and the volunteers who serve."""

    admin: Account
    manager: Account
    coordinator: Account
    volunteer: Account  # the demo volunteer login (010001)
    by_hospital: dict[str, list[Account]]


# --- People ------------------------------------------------------------------------------------


def find_account(username: str) -> Account:
    return db.session.scalar(select(Account).where(Account.username == username))


def _unit(code: str) -> Unit:
    return db.session.scalar(select(Unit).where(Unit.code == code))


def volunteer_accounts(rng: random.Random, volunteer: Account) -> dict[str, list[Account]]:
    """Open logins for some registered staff of each hospital, as registering would."""
    by_hospital: dict[str, list[Account]] = {}
    for code, count in ACCOUNTS_PER_HOSPITAL.items():
        registered = list(
            db.session.scalars(
                select(Registration)
                .join(StaffMember, Registration.staff_member_id == StaffMember.id)
                .join(Unit, StaffMember.unit_id == Unit.id)
                .where(
                    Registration.status == RegistrationStatus.ACTIVE,
                    Registration.account_id.is_(None),
                    StaffMember.status == EmploymentStatus.ACTIVE,
                    Unit.code.startswith(code),
                )
                .order_by(StaffMember.staff_no)
            )
        )
        chosen = rng.sample(registered, min(count, len(registered)))
        accounts = []
        for registration in chosen:
            registration.account = open_volunteer_login(registration.staff_member)
            accounts.append(registration.account)
        if volunteer.staff_member.unit.code.startswith(code):
            accounts.insert(0, volunteer)
        by_hospital[code] = accounts
    return by_hospital


# --- Themes, teams, activities -----------------------------------------------------------------


def set_themes(today: date) -> None:
    year, month = today.year, today.month
    for offset, title in zip((-2, -1, 0, 1), THEMES, strict=True):
        y, m = divmod(year * 12 + month - 1 + offset, 12)
        catalogue.set_theme(year=y, month=m + 1, title=title, description=None)


def make_teams(cast: Cast, rng: random.Random) -> dict[str, Team]:
    emergency = team_services.create_team(
        name=EMERGENCY,
        kind=TeamKind.EMERGENCY_MEDICAL,
        unit=_unit("SY01"),
        description="急诊科、心内科骨干组成，接到通知 30 分钟内集结。",
    )
    for n, account in enumerate(cast.by_hospital["SY01"][:7]):
        skills = "、".join(rng.sample(EMERGENCY_SKILLS, 2))
        team_services.add_team_member(
            team=emergency, account=account, is_leader=n == 1, skills=skills
        )
    party = team_services.create_team(
        name=PARTY,
        kind=TeamKind.PARTY,
        unit=_unit("WJW"),
        description="委属各单位党员志愿者，开展义诊和健康宣讲。",
    )
    members = [accounts[-2:] for accounts in cast.by_hospital.values()]
    for n, account in enumerate(a for pair in members for a in pair):
        team_services.add_team_member(team=party, account=account, is_leader=n == 0)
    youth = team_services.create_team(
        name="中医院青年志愿服务队", kind=TeamKind.YOUTH, unit=_unit("ZY02"), description=None
    )
    for account in cast.by_hospital["ZY02"][:4]:
        team_services.add_team_member(team=youth, account=account)
    return {EMERGENCY: emergency, PARTY: party}


def make_projects() -> dict[str, Project]:
    """Add the two demo projects, by name."""
    return {
        GUIDE: team_services.create_project(
            name=GUIDE, unit=_unit("SY01"), description="门诊大厅导诊、陪诊、自助机引导，每周开展。"
        ),
        SCIENCE: team_services.create_project(
            name=SCIENCE, unit=_unit("JK03"), description="疾控中心健康科普进社区、进学校。"
        ),
    }


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=local_zone())


def make_activity(
    plan: Plan, today: date, teams: dict[str, Team], projects: dict[str, Project], cast: Cast
) -> Activity:
    starts_at = _local(today + timedelta(days=plan.days), plan.starts)
    return create_activity(plan, starts_at, teams, projects, cast)


def create_activity(plan, starts_at, teams, projects, cast) -> Activity:
    category = db.session.scalar(select(Category).where(Category.name == plan.category))
    local_start = starts_at.astimezone(local_zone())
    theme = theme_of_month(local_start.year, local_start.month)
    details = activities.ActivityDetails(
        title=plan.title,
        category=category,
        theme=theme,
        unit=_unit(plan.hospital),
        team=teams.get(plan.team) if plan.team else None,
        project=projects.get(plan.project) if plan.project else None,
        place=plan.place,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=plan.hours),
        capacity=plan.capacity,
        signup_required=plan.signup_required,
        static_code_allowed=plan.static_code,
        description="演示活动。请提前 10 分钟到场，扫描现场二维码签到。",
        contact="0571-8700 0000",
    )
    return activities.create_activity(details=details, created_by=cast.coordinator)


def sign_up(plan: Plan, activity: Activity, cast: Cast, rng: random.Random) -> None:
    if not plan.signup_required:
        return
    pool = cast.by_hospital[plan.hospital]
    people = rng.sample(pool, min(plan.people, len(pool)))
    if cast.volunteer not in people:
        people.insert(1, cast.volunteer)  # the demo volunteer holds a place on both lists
    for account in people:
        activities.sign_up(activity=activity, account=account)
