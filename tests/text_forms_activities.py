"""Free-text forms of activities, categories, monthly themes, teams and projects, as people fill
them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from conftest import local_time
from text_world import Sent, World, audited_reason, newest

from volunteer.activities.models import (
    Activity,
    Category,
    MonthlyTheme,
    Project,
    Team,
    TeamKind,
    TeamMember,
)
from volunteer.clock import utc_now
from volunteer.teams import services as team_services

# --- Activities, categories and themes ----------------------------------------------------------


def activity_form(w: World, **changes) -> dict:
    start = (utc_now() + timedelta(days=10)).replace(second=0, microsecond=0)
    local = start.astimezone(local_time(2026, 1, 1, 0, 0).tzinfo)
    data = {
        "title": "社区义诊",
        "category_id": "1",
        "theme": "auto",
        "unit_id": str(w.org["a1"].id),
        "team_id": "",
        "project_id": "",
        "place": "幸福社区服务中心",
        "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (local + timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "",
        "description": "测血压、测血糖",
        "contact": "王医生 13800000000",
    }
    return data | changes


def _new_activity(name: str) -> Callable[[World, str], Sent]:
    def sent(w: World, text: str) -> Sent:
        return Sent(
            w.coordinator,
            "/activities/new",
            activity_form(w, **{name: text}),
            stored=lambda: getattr(newest(Activity), name),
            page=lambda: f"/activities/{newest(Activity, Activity.id)}",
        )

    sent.__name__ = f"activity_{name}"
    return sent


def activity_title_changed(w: World, text: str) -> Sent:
    activity = w.later()
    return Sent(
        w.coordinator,
        f"/activities/{activity.id}/edit",
        activity_form(w, title=text, theme="none"),  # "auto" is offered to new activities only
        stored=lambda: w.db.session.get(Activity, activity.id).title,
        page=lambda: "/activities",
    )


def activity_cancel_reason(w: World, text: str) -> Sent:
    activity = w.later()
    return Sent(
        w.coordinator,
        f"/activities/{activity.id}/cancel",
        {"reason": text},
        stored=lambda: w.db.session.get(Activity, activity.id).cancel_reason,
        page=lambda: f"/activities/{activity.id}",
    )


def category_name(w: World, text: str) -> Sent:
    return Sent(
        w.admin,
        "/categories",
        {"name": text},
        stored=lambda: newest(Category, Category.name),
        page=lambda: "/categories",
    )


def _theme(name: str) -> Callable[[World, str], Sent]:
    def sent(w: World, text: str) -> Sent:
        return Sent(
            w.admin,
            "/themes/2031/3",
            {"title": "学雷锋月", "description": "", name: text},
            stored=lambda: getattr(newest(MonthlyTheme), name),
            page=lambda: "/themes?year=2031",
        )

    sent.__name__ = f"theme_{name}"
    return sent


# --- Teams and projects -------------------------------------------------------------------------


def _new_team(name: str) -> Callable[[World, str], Sent]:
    def sent(w: World, text: str) -> Sent:
        data = {"name": "青年突击队", "kind": "youth", "unit_id": str(w.org["a1"].id)}
        return Sent(
            w.coordinator,
            "/teams/new",
            data | {"description": "", name: text},
            stored=lambda: getattr(newest(Team), name),
            page=lambda: f"/teams/{newest(Team, Team.id)}",
        )

    sent.__name__ = f"team_{name}"
    return sent


def _new_project(name: str) -> Callable[[World, str], Sent]:
    def sent(w: World, text: str) -> Sent:
        data = {"name": "慢病随访", "unit_id": str(w.org["a1"].id), "description": ""}
        return Sent(
            w.coordinator,
            "/projects/new",
            data | {name: text},
            stored=lambda: getattr(newest(Project), name),
            page=lambda: f"/projects/{newest(Project, Project.id)}",
        )

    sent.__name__ = f"project_{name}"
    return sent


def _team(w: World) -> Team:
    team = team_services.create_team(
        name="应急医疗队",
        kind=TeamKind.EMERGENCY_MEDICAL,
        unit=w.org["a"],
        description=None,
        by=None,
    )
    w.commit()
    return team


def team_member_skills(w: World, text: str) -> Sent:
    team = _team(w)
    return Sent(
        w.coordinator,
        f"/teams/{team.id}/members/add",
        {"account_id": str(w.volunteer.id), "skills": text},
        stored=lambda: newest(TeamMember, TeamMember.skills),
        page=lambda: f"/teams/{team.id}/callout",
    )


def team_disband_reason(w: World, text: str) -> Sent:
    team = _team(w)
    return Sent(
        w.coordinator,
        f"/teams/{team.id}/disband",
        {"reason": text},
        stored=audited_reason("team.disband"),
        page=lambda: "/audit",
        reader=w.admin,
    )


def project_close_reason(w: World, text: str) -> Sent:
    project = team_services.create_project(
        name="慢病随访", unit=w.org["a"], description=None, by=None
    )
    w.commit()
    return Sent(
        w.coordinator,
        f"/projects/{project.id}/close",
        {"reason": text},
        stored=audited_reason("project.close"),
        page=lambda: "/audit",
        reader=w.admin,
    )
