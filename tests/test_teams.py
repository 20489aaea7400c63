"""Volunteer teams: members who are registered volunteers, leaders, the call-out roster, scope."""

from __future__ import annotations

import pytest
from activities_world import (  # noqa: F401 - fixtures shared with the service tests
    category_fixture,
    schedule_fixture,
    volunteer_fixture,
)

from volunteer.activities.access import can_run_activity, leads_team
from volunteer.activities.models import Team, TeamKind, TeamMember
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.errors import Conflict, DomainError
from volunteer.teams import queries, services


@pytest.fixture
def team(db, org):
    made = services.create_team(
        name="第一医院应急医疗队",
        kind=TeamKind.EMERGENCY_MEDICAL,
        unit=org["a"],
        description=None,
        by=None,
    )
    db.session.commit()
    return made


@pytest.fixture
def coordinator(org, make_account):
    return make_account("coord-a", Role.COORDINATOR, org["a"])


def test_only_registered_volunteers_join_and_only_once(db, org, team, volunteer):
    with pytest.raises(DomainError, match="只有已注册的志愿者"):
        services.add_team_member(team=team, account=volunteer(org["a1"], registered=False), by=None)
    person = volunteer(org["a1"], "张三")
    services.add_team_member(team=team, account=person, skills="心肺复苏", by=None)
    with pytest.raises(Conflict, match="已在本队中"):
        services.add_team_member(team=team, account=person, by=None)


def test_removing_keeps_the_row_and_readding_makes_a_new_one(db, org, team, volunteer):
    person = volunteer(org["a1"])
    first = services.add_team_member(team=team, account=person, by=None)
    db.session.commit()
    services.remove_team_member(member=first, by=None)
    again = services.add_team_member(team=team, account=person, is_leader=True, by=None)
    db.session.commit()

    assert first.left_at is not None and again.id != first.id and again.left_at is None
    rows = db.session.scalars(db.select(TeamMember).where(TeamMember.account_id == person.id))
    assert len(rows.all()) == 2
    actions = [
        e.action
        for e in db.session.scalars(
            db.select(AuditEntry)
            .where(AuditEntry.subject_type == "team_member")
            .order_by(AuditEntry.id)
        )
    ]
    assert actions == ["team_member.add", "team_member.remove", "team_member.add"]


def test_a_leader_runs_the_teams_activities(db, org, team, volunteer, schedule):
    leader = volunteer(org["b1"], "队长")  # a leader from another hospital, in a commission team
    team.unit = org["root"]
    member = services.add_team_member(team=team, account=leader, by=None)
    activity = schedule(team=team, unit=org["root"])
    assert not can_run_activity(leader, activity)

    services.update_team_member(member=member, is_leader=True, skills="指挥", by=None)
    db.session.commit()
    assert leads_team(leader, team) and can_run_activity(leader, activity)


def test_disbanding_ends_every_membership(db, org, team, volunteer):
    leader = volunteer(org["a1"])
    services.add_team_member(team=team, account=leader, is_leader=True, by=None)
    services.disband_team(team=team, reason="合并", by=None)
    db.session.commit()

    assert team.disbanded_at is not None and not leads_team(leader, team)
    with pytest.raises(DomainError, match="已解散"):
        services.add_team_member(team=team, account=leader, by=None)


def test_member_search_stays_within_the_teams_unit(db, org, team, volunteer):
    own = volunteer(org["a1"], "王小明")
    volunteer(org["b1"], "王小红")
    volunteer(org["a1"], "王未注册", registered=False)

    found = [row.name for row in queries.member_candidates(team, "王小")]
    assert found == ["王小明"]
    assert [row.name for row in queries.member_candidates(team, own.staff_member.staff_no)] == [
        "王小明"
    ]
    assert [row.name for row in queries.member_candidates(team, own.staff_member.phone)] == [
        "王小明"
    ]

    commission = services.create_team(
        name="委应急救援队",
        kind=TeamKind.EMERGENCY_RESCUE,
        unit=org["root"],
        description=None,
        by=None,
    )
    assert sorted(row.name for row in queries.member_candidates(commission, "王小")) == [
        "王小明",
        "王小红",
    ]


def test_member_search_gives_no_phone_away_a_fragment_at_a_time(db, org, team, volunteer):
    own = volunteer(org["a1"], "王小明")
    phone = own.staff_member.phone
    # Any run of digits inside the number names nobody: it cannot be dug out by trying runs.
    for fragment in (phone[3:7], phone[:7], phone[-4:], phone[2:]):
        assert queries.member_candidates(team, fragment) == []
    # The last four digits name someone only together with (part of) their name.
    assert [row.name for row in queries.member_candidates(team, f"王 {phone[-4:]}")] == ["王小明"]
    assert queries.member_candidates(team, "王") == []


def test_coordinator_founds_a_team_only_for_units_in_scope(client, db, org, coordinator, login_as):
    login_as(coordinator)
    data = {"name": "青年突击队", "kind": "youth", "unit_id": str(org["b"].id), "description": ""}
    assert client.post("/teams/new", data=data).status_code == 200
    assert db.session.scalar(db.select(Team)) is None

    data["unit_id"] = str(org["a1"].id)
    response = client.post("/teams/new", data=data)
    assert response.status_code == 302
    assert db.session.scalar(db.select(Team)).unit_id == org["a1"].id


def test_adding_a_member_through_the_page(client, db, org, team, coordinator, volunteer, login_as):
    person = volunteer(org["a1"], "李医生")
    stranger = volunteer(org["b1"], "外院医生")
    login_as(coordinator)

    page = client.get(f"/teams/{team.id}/members/add?q=医生").get_data(as_text=True)
    assert "李医生" in page and "外院医生" not in page

    refused = client.post(f"/teams/{team.id}/members/add", data={"account_id": str(stranger.id)})
    assert "请从搜索结果中选择" in refused.get_data(as_text=True)
    response = client.post(
        f"/teams/{team.id}/members/add",
        data={"account_id": str(person.id), "is_leader": "y", "skills": "急救"},
    )
    assert response.status_code == 302
    assert leads_team(person, team)


def test_callout_roster_shows_full_phones_to_call(
    client, db, org, team, coordinator, volunteer, login_as
):
    person = volunteer(org["a1"], "急救员")
    services.add_team_member(team=team, account=person, skills="心肺复苏、驾驶", by=None)
    db.session.commit()
    login_as(coordinator)

    teams_page = client.get("/teams").get_data(as_text=True)
    assert f"/teams/{team.id}/callout" in teams_page
    page = client.get(f"/teams/{team.id}/callout").get_data(as_text=True)
    phone = person.staff_member.phone
    assert f'href="tel:{phone}"' in page and "心肺复苏、驾驶" in page and "心内科" in page


def test_a_leader_manages_members_but_not_the_team(client, db, org, team, volunteer, login_as):
    leader = volunteer(org["a1"], "队长")
    services.add_team_member(team=team, account=leader, is_leader=True, by=None)
    db.session.commit()
    login_as(leader)

    assert client.get(f"/teams/{team.id}").status_code == 200
    assert client.get(f"/teams/{team.id}/callout").status_code == 200
    assert client.get(f"/teams/{team.id}/members/add").status_code == 200
    assert client.get(f"/teams/{team.id}/edit").status_code == 403
    assert client.post(f"/teams/{team.id}/disband").status_code == 403
    assert client.get("/teams").status_code == 403


def test_a_leader_creates_activities_for_their_team_only(
    client, db, org, team, volunteer, category, login_as
):
    from test_activities_pages import form_data

    from volunteer.activities.models import Activity

    leader = volunteer(org["a1"], "队长")
    services.add_team_member(team=team, account=leader, is_leader=True, by=None)
    db.session.commit()
    login_as(leader)

    page = client.get(f"/activities/new?team={team.id}").get_data(as_text=True)
    assert team.name in page and "急诊科" not in page
    refused = client.post("/activities/new", data=form_data(org["a"], category))
    assert "服务队长只能为自己带领的服务队组织活动" in refused.get_data(as_text=True)
    response = client.post(
        "/activities/new", data=form_data(org["a"], category, team_id=str(team.id))
    )
    assert response.status_code == 302
    activity = db.session.scalar(db.select(Activity))
    assert activity.team_id == team.id and activity.unit_id == org["a"].id
    assert client.get(f"/activities/{activity.id}/edit").status_code == 200
    assert "报名名单" in client.get(f"/activities/{activity.id}").get_data(as_text=True)


def test_another_hospitals_manager_gets_403_on_teams_and_projects(
    client, db, org, team, make_account, login_as
):
    project = services.create_project(name="导医服务站", unit=org["a"], description=None, by=None)
    db.session.commit()
    login_as(make_account("manager-b", Role.MANAGER, org["b"]))
    for url in (
        f"/teams/{team.id}",
        f"/teams/{team.id}/callout",
        f"/teams/{team.id}/members/add",
        f"/projects/{project.id}",
        f"/projects/{project.id}/edit",
    ):
        assert client.get(url).status_code == 403, url
    assert team.name not in client.get("/teams").get_data(as_text=True)
    assert project.name not in client.get("/projects").get_data(as_text=True)


def test_closed_project_takes_no_new_activities(db, org, category, schedule):
    project = services.create_project(name="健康下乡行", unit=org["a"], description=None, by=None)
    activity = schedule(project=project)
    services.close_project(project=project, by=None)
    db.session.commit()

    with pytest.raises(DomainError, match="已结束"):
        schedule(project=project)
    assert [a.id for a in db.session.scalars(queries.project_activities(project))] == [activity.id]
