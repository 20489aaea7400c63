"""Whom a person search may find for an activity: beyond the people of its own unit, a member of
its team (not one who left), a person signed up from elsewhere (unless cancelled) and a person
already signed in there; a searcher whose scope is wider searches their own scope, and a team
leader without a role searches the activity's unit and team only.

Both boxes — the scanner's search (JSON) and the make-up page (补录, HTML) — are tried; the world
is that of scanner_search_world.py.
"""

from __future__ import annotations

import pytest
from scanner_search_world import (  # noqa: F401 - the fixtures are used by name
    OUTSIDER_PHONE,
    finds_fixture,
    ward_fixture,
)

from volunteer.activities.models import Signup, SignupStatus, Team, TeamMember
from volunteer.auth.models import Role
from volunteer.clock import utc_now
from volunteer.records.models import RecordSource
from volunteer.records.services import sessions


def join_team(db, ward, *, left: bool = False) -> None:
    """Give the activity a commission-level team with the outsider as a member (or a past one)."""
    team = Team(name="市级医疗志愿服务队", unit_id=ward["org"]["root"].id)
    db.session.add(team)
    db.session.flush()
    db.session.add(
        TeamMember(
            team_id=team.id, account_id=ward["outsider"].id, left_at=utc_now() if left else None
        )
    )
    ward["activity"].team_id = team.id
    db.session.commit()


def test_a_member_of_the_activitys_team_from_another_unit_is_found(
    client, login_as, db, ward, finds
):
    login_as(ward["coordinator"])
    assert finds(client, ward["activity"], "赵医生") == []

    join_team(db, ward)

    assert finds(client, ward["activity"], "赵医生") == [ward["outsider"].id]
    assert finds(client, ward["activity"], "赵 1111") == [ward["outsider"].id]
    assert finds(client, ward["activity"], OUTSIDER_PHONE) == [ward["outsider"].id]
    assert finds(client, ward["activity"], "B00077") == [ward["outsider"].id]


def test_someone_who_left_the_team_is_out_of_reach(client, login_as, db, ward, finds):
    join_team(db, ward, left=True)
    login_as(ward["coordinator"])
    assert finds(client, ward["activity"], "赵医生") == []


@pytest.mark.parametrize(
    ("status", "found"),
    [
        (SignupStatus.CONFIRMED, True),
        (SignupStatus.WAITLISTED, True),
        (SignupStatus.CANCELLED, False),
    ],
)
def test_a_person_signed_up_from_elsewhere_is_found(
    client, login_as, db, ward, finds, status, found
):
    login_as(ward["coordinator"])
    assert finds(client, ward["activity"], "赵医生") == []

    db.session.add(
        Signup(activity_id=ward["activity"].id, account_id=ward["outsider"].id, status=status)
    )
    db.session.commit()

    expected = [ward["outsider"].id] if found else []
    assert finds(client, ward["activity"], "赵医生") == expected
    assert finds(client, ward["activity"], "B00077") == expected


def test_a_person_already_signed_in_here_from_elsewhere_is_found(client, login_as, db, ward, finds):
    login_as(ward["coordinator"])
    assert finds(client, ward["activity"], "赵医生") == []

    # Their personal code was scanned: scanning is not limited to the activity's people.
    sessions.record_sign_in(
        account=ward["outsider"],
        activity=ward["activity"],
        source=RecordSource.COORDINATOR_SCAN,
        by=ward["coordinator"],
        at=utc_now(),
    )
    db.session.commit()

    assert finds(client, ward["activity"], "赵医生") == [ward["outsider"].id]


@pytest.mark.parametrize(
    ("role", "unit", "found"),
    [
        (Role.ADMIN, "root", True),
        (Role.MANAGER, "root", True),
        (Role.COORDINATOR, "root", True),
        (Role.MANAGER, "a", False),  # wider than the activity's department, still not B
    ],
)
def test_a_searcher_whose_scope_is_wider_searches_their_scope(
    client, login_as, make_account, ward, finds, role, unit, found
):
    login_as(make_account("searcher", role, ward["org"][unit]))
    assert finds(client, ward["activity"], "赵医生") == ([ward["outsider"].id] if found else [])
    assert finds(client, ward["activity"], "王小明") == [ward["colleague"].id]


def test_a_team_leader_searches_the_activitys_people(
    client, login_as, db, make_volunteer, ward, finds
):
    """A leader without any role: the activity's unit and team, not the whole organisation."""
    leader = make_volunteer(ward["org"]["b1"], "钱队长")
    team = Team(name="心内科志愿服务队", unit_id=ward["org"]["a1"].id)
    db.session.add(team)
    db.session.flush()
    db.session.add(TeamMember(team_id=team.id, account_id=leader.id, is_leader=True))
    ward["activity"].team_id = team.id
    db.session.commit()
    login_as(leader)
    assert finds(client, ward["activity"], "王小明") == [ward["colleague"].id]
    assert finds(client, ward["activity"], "赵医生") == []
