"""Demo teams, projects, activities and sign-ups, made through the services from demo.plans.

Times are relative to now, so the demo always has a past three months of stories (teams,
projects, every state of a record) and sign-ups open for the next two weeks; demo.year adds the
routine weeks since 1 January and demo.today the activity running now. Who serves
where is drawn from a seeded generator: the same day gives the same demo.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from volunteer.activities import services as activities
from volunteer.activities.models import Activity, Category, Project, Team, TeamKind
from volunteer.activities.queries.catalogue import theme_of_month
from volunteer.activities.services import catalogue
from volunteer.auth.models import Account
from volunteer.clock import local_zone
from volunteer.demo.logins import open_volunteer_logins
from volunteer.demo.plans import EMERGENCY, GUIDE, PARTY, SCIENCE, Plan
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.people.models import EmploymentStatus, StaffMember
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.teams import services as team_services
from volunteer.units.models import Unit

HOSPITALS = ("SY01", "ZY02", "JK03")
EMERGENCY_SKILLS = ["心肺复苏", "创伤包扎", "静脉穿刺", "气道管理", "应急驾驶", "心电监护"]
THEMES = ["健康知识进万家", "关爱老年人", "无偿献血 情暖人间", "全民健康素养提升"]


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
    return db.session.scalars(select(Account).where(Account.username == username)).one()


def _unit(code: str) -> Unit:
    return db.session.scalars(select(Unit).where(Unit.code == code)).one()


def volunteer_accounts(rng: random.Random, volunteer: Account) -> dict[str, list[Account]]:
    """Open a login for every registered staff member, as registering would, by hospital."""
    registrations = list(
        db.session.scalars(
            select(Registration)
            .join(StaffMember, Registration.staff_member_id == StaffMember.id)
            .where(
                Registration.status == RegistrationStatus.ACTIVE,
                Registration.account_id.is_(None),
                StaffMember.status == EmploymentStatus.ACTIVE,
            )
            .order_by(StaffMember.staff_no)
        )
    )
    # Joined on the roster above: each of these registrations has its staff member.
    people = [registration.staff_member for registration in registrations]
    accounts = open_volunteer_logins(people)  # type: ignore[arg-type]
    by_hospital: dict[str, list[Account]] = {code: [] for code in HOSPITALS}
    for registration, account in zip(registrations, accounts, strict=True):
        registration.account = account
        by_hospital[account.staff_member.unit.code[:4]].append(account)  # type: ignore[union-attr]
    for accounts_of_hospital in by_hospital.values():
        rng.shuffle(accounts_of_hospital)
    # The demo volunteer is a staff member of the first hospital, first in its list.
    by_hospital[volunteer.staff_member.unit.code[:4]].insert(0, volunteer)  # type: ignore[union-attr]
    return by_hospital


# --- Themes, teams, activities -----------------------------------------------------------------


def set_themes(today: date) -> None:
    year, month = today.year, today.month
    for offset, title in zip((-2, -1, 0, 1), THEMES, strict=True):
        y, m = divmod(year * 12 + month - 1 + offset, 12)
        catalogue.set_theme(year=y, month=m + 1, title=title, description=None, by=None)


def make_teams(cast: Cast, rng: random.Random) -> dict[str, Team]:
    emergency = team_services.create_team(
        name=EMERGENCY,
        kind=TeamKind.EMERGENCY_MEDICAL,
        unit=_unit("SY01"),
        description="急诊科、心内科骨干组成，接到通知 30 分钟内集结。",
        by=None,
    )
    for n, account in enumerate(cast.by_hospital["SY01"][:7]):
        skills = "、".join(rng.sample(EMERGENCY_SKILLS, 2))
        team_services.add_team_member(
            team=emergency, account=account, is_leader=n == 1, skills=skills, by=None
        )
    party = team_services.create_team(
        name=PARTY,
        kind=TeamKind.PARTY,
        unit=_unit("WJW"),
        description="委属各单位党员志愿者，开展义诊和健康宣讲。",
        by=None,
    )
    members = [accounts[-2:] for accounts in cast.by_hospital.values()]
    for n, account in enumerate(a for pair in members for a in pair):
        team_services.add_team_member(team=party, account=account, is_leader=n == 0, by=None)
    youth = team_services.create_team(
        name="中医院青年志愿服务队",
        kind=TeamKind.YOUTH,
        unit=_unit("ZY02"),
        description=None,
        by=None,
    )
    for account in cast.by_hospital["ZY02"][:4]:
        team_services.add_team_member(team=youth, account=account, by=None)
    return {EMERGENCY: emergency, PARTY: party}


def make_projects() -> dict[str, Project]:
    """Add the two demo projects, by name."""
    return {
        GUIDE: team_services.create_project(
            name=GUIDE,
            unit=_unit("SY01"),
            description="门诊大厅导诊、陪诊、自助机引导，每周开展。",
            by=None,
        ),
        SCIENCE: team_services.create_project(
            name=SCIENCE,
            unit=_unit("JK03"),
            description="疾控中心健康科普进社区、进学校。",
            by=None,
        ),
    }


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=local_zone())


def make_activity(
    plan: Plan, today: date, teams: dict[str, Team], projects: dict[str, Project], cast: Cast
) -> Activity:
    starts_at = _local(today + timedelta(days=plan.days), plan.starts)
    return create_activity(plan, starts_at, teams, projects, cast.coordinator)


def create_activity(
    plan: Plan,
    starts_at: datetime,
    teams: dict[str, Team],
    projects: dict[str, Project],
    created_by: Account | None,
) -> Activity:
    """Schedule the plan's activity at `starts_at`; `created_by` None: the command line."""
    category = db.session.scalars(select(Category).where(Category.name == plan.category)).one()
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
        contact="王芳 0571-8700 0000",
    )
    return activities.create_activity(details=details, created_by=created_by)


def sign_up(plan: Plan, activity: Activity, cast: Cast, rng: random.Random) -> None:
    if not plan.signup_required:
        return
    pool = cast.by_hospital[plan.hospital]
    people = rng.sample(pool, min(plan.people, len(pool)))
    if cast.volunteer not in people:
        people.insert(1, cast.volunteer)  # the demo volunteer holds a place on both lists
    for account in people:
        try:
            activities.sign_up(activity=activity, account=account)
        except DomainError:
            return  # begun already: a demo loaded as of an earlier day (tests do)
