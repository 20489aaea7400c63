"""The city-scale demo (demo-data --scale city), run scaled down: the shape of a city, records
that keep the rules, and per-person totals that match the records exactly."""

from collections import defaultdict
from datetime import date
from itertools import pairwise

import pytest
from sqlalchemy import func, select

from volunteer.activities.models import Activity, MonthlyTheme, TeamMember
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.clock import local_zone
from volunteer.demo import city as city_module
from volunteer.demo.city import CitySize, load_city
from volunteer.people.models import (
    PARTY_MEMBER_STATUSES,
    EmploymentStatus,
    StaffMember,
    StaffTransfer,
)
from volunteer.progress.queries.units import progress_with_children
from volunteer.progress.queries.years import measure_for
from volunteer.progress.roster_sync import check_roster
from volunteer.records.models import (
    PersonYearHours,
    RecordSource,
    RecordStatus,
    ReviewReason,
    ServiceRecord,
)
from volunteer.records.queries.totals_check import check_totals
from volunteer.records.rules import round_hours
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.units.models import Unit, UnitKind

SMALL = CitySize(units=2, departments=3, staff=50, records=2_000)
# A fixed day, so the run is the same every day of the year (and never empty on 1 January).
TODAY = date(2025, 11, 23)


@pytest.fixture
def city(db):
    loaded = load_city(SMALL, today=TODAY)
    db.session.commit()
    return loaded


def count(db, *where, of=ServiceRecord.id):
    return db.session.scalar(select(func.count(of)).where(*where))


def test_the_tree_roster_and_logins_have_the_asked_size(db, city):
    kinds = dict(db.session.execute(select(Unit.kind, func.count()).group_by(Unit.kind)).all())

    assert kinds == {UnitKind.ORGANISATION: 1, UnitKind.UNIT: 2, UnitKind.DEPARTMENT: 6}
    assert count(db, of=StaffMember.id) == 50
    assert abs(city.counts["records"] - 2_000) <= 100
    assert city.counts["activities"] >= 2 * 47
    assert {login.username for login in city.logins} >= {"admin", "manager", "manager01"}


def test_people_left_joined_and_moved_during_the_year(db, city):
    year_start = date(TODAY.year, 1, 1)
    left = db.session.scalars(
        select(StaffMember).where(StaffMember.status != EmploymentStatus.ACTIVE)
    ).all()
    moves = db.session.scalars(select(StaffTransfer)).all()

    assert any(year_start <= person.left_on <= TODAY for person in left)
    assert any(person.left_on < year_start for person in left)
    assert count(db, StaffMember.hired_on >= year_start, of=StaffMember.id)
    assert moves and all(year_start < move.effective_on < TODAY for move in moves)
    for move in moves:
        assert move.staff_member.unit_id == move.to_unit_id != move.from_unit_id
    assert count(db, StaffMember.political_status.in_(PARTY_MEMBER_STATUSES), of=StaffMember.id)


def test_every_registered_staff_member_has_a_volunteer_login(db, city):
    registrations = db.session.scalars(
        select(Registration).where(Registration.staff_member_id.is_not(None))
    ).all()
    volunteers = set(
        db.session.scalars(select(RoleGrant.account_id).where(RoleGrant.role == Role.VOLUNTEER))
    )

    assert 0 < len(registrations) < 50  # some staff never registered
    for registration in registrations:
        assert registration.status == RegistrationStatus.ACTIVE
        assert registration.registered_on <= TODAY
        assert registration.account.username == registration.staff_member.staff_no
        assert registration.account.staff_member_id == registration.staff_member_id
        assert registration.account_id in volunteers
    assert count(db, Registration.is_external.is_(True), of=Registration.id)
    assert count(db, Registration.status == RegistrationStatus.PENDING, of=Registration.id)
    dated_this_year = [r for r in registrations if r.registered_on.year == TODAY.year]
    assert dated_this_year and len(dated_this_year) < len(registrations)


def test_records_keep_the_rules_and_end_before_today(db, city):
    records = db.session.scalars(select(ServiceRecord).order_by(ServiceRecord.signed_in_at)).all()
    zone = local_zone()
    by_person = defaultdict(list)
    for record in records:
        assert record.service_date == record.signed_in_at.astimezone(zone).date()
        assert date(TODAY.year, 1, 1) <= record.service_date < TODAY
        assert record.status != RecordStatus.OPEN
        if record.signed_out_at is None:
            assert record.status == RecordStatus.NEEDS_REVIEW
            assert record.review_reason == ReviewReason.FORGOTTEN_SIGN_OUT
            assert record.hours == 0 == record.credited_minutes
        else:
            assert record.hours == round_hours(record.credited_minutes)
            assert record.activity.starts_at <= record.signed_in_at
            assert record.signed_out_at <= record.activity.ends_at
        by_person[record.account_id].append(record)
    for sessions in by_person.values():
        for earlier, later in pairwise(sessions):
            assert (earlier.signed_out_at or earlier.signed_in_at) <= later.signed_in_at

    make_ups = {r.status for r in records if r.source == RecordSource.MAKE_UP}
    assert {RecordStatus.APPROVED, RecordStatus.NEEDS_REVIEW} <= make_ups
    assert {r.status for r in records} >= {
        RecordStatus.APPROVED,
        RecordStatus.NEEDS_REVIEW,
        RecordStatus.REJECTED,
        RecordStatus.VOID,
    }


def test_hours_spread_from_nothing_to_above_the_target(db, city):
    hours = sorted(
        db.session.scalars(
            select(PersonYearHours.approved_hours).where(PersonYearHours.year == TODAY.year)
        )
    )
    served = len(hours)
    registered = count(db, Registration.status == RegistrationStatus.ACTIVE, of=Registration.id)

    assert served < registered  # some registered people never served
    assert hours[0] < 48 < hours[-1]


def test_activities_have_categories_teams_projects_and_themes(db, city):
    activities = db.session.scalars(select(Activity)).all()

    assert len({a.category_id for a in activities}) >= 5
    assert any(a.team_id for a in activities) and all(
        a.project_id for a in activities if a.team_id is None
    )
    assert count(db, MonthlyTheme.year == TODAY.year, of=MonthlyTheme.id) == 12
    assert count(db, of=TeamMember.id)
    assert len({a.token_key for a in activities}) == len(activities)


def test_totals_match_the_records_and_the_children_add_up(db, city):
    assert check_totals() == []
    assert check_roster() == []
    root = db.session.scalar(select(Unit).where(Unit.parent_id.is_(None)))

    total, rows = progress_with_children(root, measure_for(TODAY.year, today=TODAY))

    assert total.headcount == sum(row.headcount for row in rows) > 0
    assert total.approved_hours == sum(row.approved_hours for row in rows) > 0


def test_ids_written_by_hand_leave_room_for_new_rows(db, city, make_staff):
    unit = db.session.scalar(select(Unit).where(Unit.code == "H01"))

    person = make_staff(unit, "新职工")

    assert person.id > max(
        db.session.scalars(select(StaffMember.id).where(StaffMember.id != person.id))
    )


def test_the_demo_logins_open_the_registry(db, city, client):
    manager = client.post("/login", data={"identifier": "manager", "password": "Demo@2026"})
    assert manager.status_code == 302
    volunteer = next(login for login in city.logins if login.role == "volunteer")

    response = client.post(
        "/login", data={"identifier": volunteer.username, "password": volunteer.password}
    )

    assert response.status_code == 302
    assert db.session.scalar(select(Account.id).where(Account.username == volunteer.username))


def test_the_command_loads_a_city_and_refuses_a_second_one(db, runner, monkeypatch):
    monkeypatch.setattr(city_module, "CITY", SMALL)

    first = runner.invoke(args=["demo-data", "--scale", "city"])
    again = runner.invoke(args=["demo-data", "--scale", "city"])

    assert first.exit_code == 0, first.output
    assert "records" in first.output and "manager01" in first.output
    assert again.exit_code == 1 and "跳过" in again.output
    assert count(db, of=Unit.id) == 9
