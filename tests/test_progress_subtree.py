"""A hospital's progress costs its own unit, not the organisation (issue 12 part 2): its JSON
sends a fixed number of statements, every statement that reads roster_entry finds the
hospital's rows through the unit index (plus the few people who moved out after D, by key)
instead of scanning the roster, and another hospital gaining 500 staff changes neither the
figures, the statements nor the plans."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from conftest import ON_POSTGRES, local_time
from progress_people_world import add_record
from sqlalchemy import event, func, select

from volunteer.auth.models import Role
from volunteer.clock import local_today
from volunteer.people.models import StaffMember, StaffTransfer
from volunteer.progress.queries.charts import monthly_hours
from volunteer.progress.queries.people import people_counts, people_of
from volunteer.progress.queries.units import progress_with_children
from volunteer.progress.queries.years import measure_for
from volunteer.records.totals import rebuild_totals

# What a hospital's JSON costs, whatever the size of the organisation: the unit, the device
# login, the first year, the year's target, the unit's children, and the one aggregate.
HOSPITAL_JSON_STATEMENTS = 6
UNIT_INDEX = "ix_roster_entry_unit_id"

# SQLite plans by the query's shape (no statistics here), so its plan shows whether the shape
# lets a hospital's read stop at its subtree. PostgreSQL plans by cost, and on a roster of a
# few hundred rows a full pass is rightly the cheaper: its plan at city scale, an index search
# of the hospital's ~1,100 entries, is recorded in docs/benchmarks.md.
plans_by_shape = pytest.mark.skipif(ON_POSTGRES, reason="PostgreSQL plans tiny tables by cost")


@pytest.fixture
def city(db, org, make_volunteer, make_staff, make_activity, make_account):
    """Hospital A with four people, one who moved to B after D (last year's 31 December) and
    one who came from B after D; B with two; a manager of A. The year measured is last year."""
    year = local_today().year - 1
    day = date(year, 5, 10)
    _hire(db, org["b1"], 500)  # first, so the people below come after them in the roster
    li = make_volunteer(org["a1"], "李四")
    wang = make_volunteer(org["a"], "王五")
    make_staff(org["a1"], "赵六")
    gone = make_volunteer(org["a1"], "调出")
    came = make_volunteer(org["b1"], "调入")
    sun = make_volunteer(org["b1"], "孙八")
    activity = make_activity(org["root"], "社区义诊", starts_at=local_time(year, 1, 1, 9, 0))
    for account, hours in ((li, "50"), (wang, "6"), (gone, "12"), (came, "30"), (sun, "20")):
        add_record(db, account, activity, day, hours)
    moves = ((gone, org["a1"], org["b1"]), (came, org["b1"], org["a1"]))
    for account, origin, destination in moves:
        db.session.add(
            StaffTransfer(
                staff_member_id=account.staff_member_id,
                from_unit_id=origin.id,
                to_unit_id=destination.id,
                effective_on=date(year + 1, 1, 1),
            )
        )
        db.session.get(StaffMember, account.staff_member_id).unit_id = destination.id
    rebuild_totals()
    db.session.commit()
    return {**org, "manager": make_account("mgr-a", Role.MANAGER, org["a"]), "year": year}


def _hire(db, unit, count: int) -> None:
    """Give `unit` `count` more staff in one commit (roster_sync adds their entries)."""
    first = db.session.scalar(select(func.count()).where(StaffMember.unit_id == unit.id))
    db.session.add_all(
        StaffMember(
            unit_id=unit.id,
            name=f"新职工{n}",
            staff_no=f"{unit.code}-{n:05d}",
            phone=f"138{unit.id:03d}{n:05d}",
        )
        for n in range(first, first + count)
    )
    db.session.commit()


@contextmanager
def _sent(db) -> Iterator[list[tuple[str, object]]]:
    """Yield a list that fills with each statement sent inside the block, with its parameters."""
    sent: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _hospital_json(db, client, city) -> tuple[list[dict], list[tuple[str, object]]]:
    """GET hospital A's JSON; return its figures and the statements (with parameters) sent."""
    with _sent(db) as sent:
        response = client.get(f"/progress/units/{city['a'].id}.json?year={city['year']}")
    assert response.status_code == 200
    return response.get_json(), sent


def _roster_reads(db, statement: str, parameters) -> list[str]:
    """The EXPLAIN QUERY PLAN lines of a statement that name roster_entry (SQLite)."""
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
    return [row[-1] for row in rows if "roster_entry" in row[-1]]


def _searched_by_index(reads: list[str]) -> bool:
    """Whether every read of roster_entry is an index search, one of them by unit."""
    whole = [read for read in reads if read.startswith("SCAN")]
    return not whole and any(UNIT_INDEX in read for read in reads)


def _roster_plans(db, sent) -> list[list[str]]:
    plans = [_roster_reads(db, s, p) for s, p in sent if "roster_entry" in s]
    assert plans, "no statement read roster_entry"
    return plans


@plans_by_shape
def test_hospital_json_reads_its_subtree_through_the_unit_index(db, client, login_as, city):
    login_as(city["manager"])
    figures, sent = _hospital_json(db, client, city)
    assert [(row["code"], row["headcount"], row["approved_hours"]) for row in figures] == [
        # 李四 50, 王五 6, 赵六 0, 调出 12 (placed in A on D); 调入 counts in B on D.
        ("H-A", 4, 68.0),
        ("H-A-01", 3, 62.0),
    ]
    for reads in _roster_plans(db, sent):
        assert _searched_by_index(reads), reads


def test_hospital_json_sends_a_fixed_number_of_statements(db, client, login_as, city):
    login_as(city["manager"])
    _hospital_json(db, client, city)  # warm: the first request also loads what the session caches
    figures, sent = _hospital_json(db, client, city)
    assert len(sent) == HOSPITAL_JSON_STATEMENTS, [s for s, _ in sent]
    _hire(db, city["b1"], 500)
    _hire(db, city["a1"], 5)
    grown, sent = _hospital_json(db, client, city)
    assert len(sent) == HOSPITAL_JSON_STATEMENTS
    assert grown[0]["headcount"] == figures[0]["headcount"] + 5


def test_another_hospital_growing_changes_neither_figures_nor_plans(db, client, login_as, city):
    login_as(city["manager"])
    before, sent_before = _hospital_json(db, client, city)
    _hire(db, city["b1"], 500)
    after, sent_after = _hospital_json(db, client, city)
    assert after == before
    assert [text for text, _ in sent_after] == [text for text, _ in sent_before]
    if not ON_POSTGRES:  # see plans_by_shape
        assert _roster_plans(db, sent_after) == _roster_plans(db, sent_before)
    # The commission sees B's new staff: they were hired, just not in A's rows.
    root = progress_with_children(city["root"], measure_for(city["year"]))[0]
    assert root.headcount == 6 + 1000


def _every_read(db, hospital, measure) -> list[tuple[str, object]]:
    """Read the hospital's figures, months, tabs and people lists; return the statements."""
    with _sent(db) as sent:
        total, _ = progress_with_children(hospital, measure)
        months = monthly_hours(hospital, measure)
        counts = people_counts(hospital, measure)
        people = db.session.execute(people_of(hospital, measure)).all()
        leavers = db.session.execute(people_of(hospital, measure, filter="left")).all()
    assert total.headcount == counts["all"] == len(people) == 4
    assert sum(months) == total.approved_hours == Decimal("68.0")
    assert leavers == [] and counts["left"] == 0
    assert {row.StaffMember.name for row in people} == {"李四", "王五", "赵六", "调出"}
    return sent


def test_every_progress_read_of_a_hospital_places_movers_by_d(db, city):
    _every_read(db, city["a"], measure_for(city["year"]))


@plans_by_shape
def test_every_progress_read_of_a_hospital_uses_the_unit_index(db, city):
    plans = _roster_plans(db, _every_read(db, city["a"], measure_for(city["year"])))
    assert len(plans) == 5
    for reads in plans:
        assert _searched_by_index(reads), reads
