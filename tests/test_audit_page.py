"""The audit log page shows changes inside the manager's units and nothing outside."""

from statements import sent_statements

from volunteer.audit.services import record_change
from volunteer.auth.models import Role


def test_manager_sees_own_units_changes_only(client, db, org, make_account, login_as):
    record_change(
        action="staff.update",
        subject_type="staff_member",
        subject_id=1,
        unit_id=org["a1"].id,
        before={"name": "张三"},
        after={"name": "张叁"},
        reason="改正错别字",
        actor_id=None,
    )
    record_change(
        action="staff.update",
        subject_type="staff_member",
        subject_id=2,
        unit_id=org["b1"].id,
        before={"name": "李四"},
        after={"name": "李肆"},
        reason="B 院的变更",
        actor_id=None,
    )
    db.session.commit()
    login_as(make_account("manager", Role.MANAGER, org["a"]))
    page = client.get("/audit?kind=staff").get_data(as_text=True)
    assert "改正错别字" in page and "张叁" in page
    assert "B 院的变更" not in page and "李肆" not in page


def test_id_numbers_are_masked_in_the_log(client, db, org, make_account, login_as, make_staff):
    from volunteer.audit.services import snapshot

    person = make_staff(org["a1"], "张三", id_card="11010519491231002X")
    record_change(
        action="staff.update",
        subject_type="staff_member",
        subject_id=person.id,
        unit_id=org["a1"].id,
        after=snapshot(person, ["name", "id_card"]),
        actor_id=None,
    )
    db.session.commit()
    login_as(make_account("admin", Role.ADMIN, org["root"]))
    page = client.get("/audit").get_data(as_text=True)
    assert "110105********002X" in page
    assert "11010519491231002X" not in page


def test_organisation_admin_sees_failed_logins(client, db, org, make_account, login_as):
    client.post("/login", data={"identifier": "nobody", "password": "wrong-pass"})
    login_as(make_account("admin", Role.ADMIN, org["root"]))
    assert "登录失败" in client.get("/audit?kind=accounts").get_data(as_text=True)


def log_statements(client, db, org, make_account, actors: int) -> int:
    """Log two changes by each of `actors` managers; count the statements the log page sends."""
    for n in range(actors):
        actor = make_account(f"actor-{actors}-{n}", Role.MANAGER, org["a"])
        for _ in range(2):
            record_change(
                action="unit.update",
                subject_type="unit",
                subject_id=1,
                unit_id=org["a"].id,
                actor_id=actor.id,
            )
    db.session.commit()
    db.session.expire_all()  # the page must load the actors itself, as in production
    with sent_statements(db.engine) as statements:
        assert client.get("/audit").status_code == 200
    return len(statements)


def test_the_log_loads_the_actors_with_the_entries(client, db, org, make_account, login_as):
    login_as(make_account("admin", Role.ADMIN, org["root"]))

    one_actor = log_statements(client, db, org, make_account, actors=1)
    more_actors = log_statements(client, db, org, make_account, actors=5)

    assert more_actors == one_actor
