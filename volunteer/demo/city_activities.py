"""The city's teams, projects, monthly themes and a few thousand activities.

Each unit runs a weekly duty rota (one activity per week, 07:00–20:00 every day of it, grouped
under the unit's project) and one event a month (a team's day out, under the month's theme);
on 3月5日 (学雷锋日) the whole city serves at the commission's action day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from volunteer.activities.models import Category, TeamKind, new_token_key
from volunteer.activities.queries.catalogue import themes_of_year
from volunteer.activities.services.catalogue import set_theme
from volunteer.demo.city_state import City
from volunteer.extensions import db

THEMES = [
    "健康过新春",
    "关爱女性健康",
    "学雷锋 志愿行",
    "爱国卫生月",
    "无偿献血 情暖人间",
    "关爱儿童健康",
    "防暑降温送健康",
    "全民健身 健康同行",
    "关爱老年人",
    "心理健康进万家",
    "控烟宣传月",
    "国际志愿者日 志愿服务进社区",
]
# What each kind of unit's weekly rota is: title, category, project.
ROTAS = {
    "hospital": ("门诊导诊志愿服务", "导诊陪诊", "门诊导诊服务岗"),
    "public_health": ("健康科普志愿服务", "健康宣教/科普", "健康科普进社区"),
    "community": ("社区健康志愿服务", "关爱老人/特殊人群", "邻里健康驿站"),
    "commission": ("机关志愿服务岗", "文明交通劝导", "文明城市创建志愿服务"),
}
EVENTS = [
    ("健康义诊进社区", "义诊/健康咨询", TeamKind.PARTY),
    ("健康知识讲座", "健康宣教/科普", TeamKind.YOUTH),
    ("敬老院健康服务", "关爱老人/特殊人群", TeamKind.PARTY),
    ("无偿献血宣传", "无偿献血", TeamKind.YOUTH),
    ("心理健康咨询", "心理疏导", TeamKind.YOUTH),
    ("控烟宣传志愿服务", "环境卫生/控烟", TeamKind.YOUTH),
    ("急救知识培训", "应急救援/急救培训", TeamKind.PARTY),
    ("文明交通劝导", "文明交通劝导", TeamKind.YOUTH),
]
PLACES = ["解放路社区", "湖滨社区", "小营社区", "望江社区", "城东敬老院", "武林广场", "文三路社区"]
SKILLS = ["心肺复苏", "创伤包扎", "静脉穿刺", "气道管理", "应急驾驶", "心电监护"]

TEAM_COLUMNS = ["id", "name", "kind", "unit_id", "description", "created_at"]
PROJECT_COLUMNS = ["id", "name", "unit_id", "description", "created_at"]
MEMBER_COLUMNS = ["team_id", "account_id", "is_leader", "skills", "joined_at"]
ACTIVITY_COLUMNS = [
    "id",
    "title",
    "category_id",
    "theme_id",
    "unit_id",
    "team_id",
    "project_id",
    "place",
    "starts_at",
    "ends_at",
    "signup_required",
    "description",
    "status",
    "token_key",
    "static_code_allowed",
    "static_code_generation",
    "created_by_id",
    "created_at",
    "updated_at",
]


@dataclass
class Calendar:
    """Which activity a session on a given day belongs to, for a given unit (Top.index)."""

    first_weekday: int  # of 1 January: weeks run Monday to Sunday
    rota: list[list[int]] = field(default_factory=list)  # [top][week] -> activity id
    events: dict[tuple[int, int], int] = field(default_factory=dict)  # (top, day) -> id
    city_wide: dict[int, int] = field(default_factory=dict)  # day -> id

    def activity(self, top: int, day: int) -> int:
        found = self.city_wide.get(day) or self.events.get((top, day))
        return found or self.rota[top][(day + self.first_weekday) // 7]


def add_activities(city: City) -> Calendar:
    """Write themes, teams (with members), projects and the year's activities so far."""
    themes = _themes(city)
    categories = dict(db.session.execute(select(Category.name, Category.id)).all())
    fallback = min(categories.values())
    teams = _teams(city)
    projects = _projects(city)
    calendar = Calendar(first_weekday=city.year_start.weekday())
    writer, rows = city.writer, []
    next_id = writer.next_id("activity")

    def add(title, category, top, day_from, day_to, *, team=None, project=None, place="门诊大厅"):
        nonlocal next_id
        starts = city.local_moment(day_from, 7 * 60)
        ends = city.local_moment(day_to, 20 * 60)
        created = starts - timedelta(days=7)
        rows.append(
            (
                next_id,
                title,
                categories.get(category, fallback),
                themes.get(day_from.month),
                top.id,
                team,
                project,
                place,
                writer.moment(starts),
                writer.moment(ends),
                False,
                None,
                "scheduled",
                new_token_key(),
                team is not None,
                1,
                city.admin_id,
                writer.moment(created),
                writer.moment(created),
            )
        )
        next_id += 1
        return next_id - 1

    for top in city.tops:
        title, category, _project = ROTAS[top.kind]
        weeks: list[int] = []
        start = city.year_start
        while start <= city.last_day:
            end = min(start + timedelta(days=6 - start.weekday()), city.last_day)
            week = len(weeks) + 1
            weeks.append(
                add(
                    f"{title}（第{week}周）", category, top, start, end, project=projects[top.index]
                )
            )
            start = end + timedelta(days=1)
        calendar.rota.append(weeks)
        for month in range(1, city.last_day.month + 1 if city.days else 1):
            day = _event_day(city, month)
            if day is None:
                continue
            title, category, kind = EVENTS[(month + top.index) % len(EVENTS)]
            team = teams.get((top.index, kind))
            place = city.rng.choice(PLACES)
            index = (day - city.year_start).days
            calendar.events[(top.index, index)] = add(
                title, category, top, day, day, team=team, place=place
            )
    lei_feng = date(city.year_start.year, 3, 5)
    if lei_feng <= city.last_day:
        root = city.tops[0]
        index = (lei_feng - city.year_start).days
        calendar.city_wide[index] = add(
            "学雷锋志愿服务日集中行动",
            "义诊/健康咨询",
            root,
            lei_feng,
            lei_feng,
            team=teams.get((0, TeamKind.PARTY)),
            place="武林广场",
        )
    writer.write("activity", ACTIVITY_COLUMNS, rows)
    city.counts["activities"] = len(rows)
    city.advance("活动 activities", len(rows))
    return calendar


def _event_day(city: City, month: int) -> date | None:
    """A weekday of `month` on or before the last day of service."""
    first = date(city.year_start.year, month, 1)
    last = min(date(first.year, month, 28), city.last_day)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    weekdays = [day for day in days if day.weekday() < 5]
    return city.rng.choice(weekdays) if weekdays else None


def _themes(city: City) -> dict[int, int]:
    """The year's monthly themes (一月一主题), keeping any the admin already set."""
    year = city.year_start.year
    existing = themes_of_year(year)
    for month, title in enumerate(THEMES, start=1):
        if month not in existing:
            existing[month] = set_theme(
                year=year, month=month, title=title, description=None, by=None
            )
    return {month: theme.id for month, theme in existing.items()}


def _teams(city: City) -> dict[tuple[int, TeamKind], int]:
    """A party and a youth team per unit, emergency teams for the big hospitals, with members."""
    rng, writer = city.rng, city.writer
    next_id = writer.next_id("team")
    teams: dict[tuple[int, TeamKind], int] = {}
    rows: list[tuple] = []
    members: list[tuple] = []
    joined = writer.moment(city.local_moment(city.year_start - timedelta(days=200)))
    by_top: dict[int, list] = {}
    for volunteer in city.volunteers:
        if volunteer.staff_id is not None:
            by_top.setdefault(volunteer.top_after, []).append(volunteer)
    for top in city.tops:
        kinds = [TeamKind.PARTY, TeamKind.YOUTH]
        if top.index == 0:
            kinds.append(TeamKind.EMERGENCY_RESCUE)
        elif top.kind == "hospital" and top.index <= 8:
            kinds.append(TeamKind.EMERGENCY_MEDICAL)
        people = by_top.get(top.index, [])
        for kind in kinds:
            name = {
                TeamKind.PARTY: "党员志愿服务队",
                TeamKind.YOUTH: "青年志愿服务队",
                TeamKind.EMERGENCY_RESCUE: "卫生应急救援队",
                TeamKind.EMERGENCY_MEDICAL: "应急医疗队",
            }[kind]
            rows.append((next_id, f"{top.name}{name}", str(kind), top.id, None, joined))
            teams[(top.index, kind)] = next_id
            pool = [p for p in people if p.party] if kind == TeamKind.PARTY else people
            chosen = rng.sample(pool, min(len(pool), 30))
            for n, person in enumerate(chosen):
                skills = None
                if kind in (TeamKind.EMERGENCY_MEDICAL, TeamKind.EMERGENCY_RESCUE):
                    skills = "、".join(rng.sample(SKILLS, 2))
                members.append((next_id, person.account_id, n == 0, skills, joined))
            next_id += 1
    writer.write("team", TEAM_COLUMNS, rows)
    writer.write("team_member", MEMBER_COLUMNS, members)
    city.counts["teams"], city.counts["team_members"] = len(rows), len(members)
    return teams


def _projects(city: City) -> dict[int, int]:
    """Each unit's service brand (一基地一品牌), which groups its weekly rota."""
    writer = city.writer
    next_id = writer.next_id("project")
    created = writer.moment(city.local_moment(city.year_start - timedelta(days=365)))
    projects, rows = {}, []
    for top in city.tops:
        name = ROTAS[top.kind][2]
        rows.append(
            (next_id, f"{top.name}{name}", top.id, f"{top.name}的常态化志愿服务。", created)
        )
        projects[top.index] = next_id
        next_id += 1
    writer.write("project", PROJECT_COLUMNS, rows)
    city.counts["projects"] = len(rows)
    return projects
