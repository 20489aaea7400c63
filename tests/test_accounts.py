"""Administrators create logins and grant or revoke roles inside their own subtree."""

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.auth.permissions import can
from volunteer.auth.services import grant_role


def _actions(db) -> list[str]:
    return list(db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)))


def test_admin_creates_a_login_with_its_first_role_and_it_works(
    app, client, db, org, make_account, login_as
):
    login_as(make_account("admin", Role.ADMIN, org["root"]))
    response = client.post(
        "/accounts/new",
        data={
            "username": "wang",
            "display_name": "王主任",
            "password": "long-enough-1",
            "role": "manager",
            "unit_code": "H-A",
        },
    )
    wang = db.session.scalar(db.select(Account).where(Account.username == "wang"))
    assert response.headers["Location"].endswith(f"/accounts/{wang.id}")
    assert can(wang, Role.MANAGER, org["a1"]) and not can(wang, Role.MANAGER, org["b"])
    assert _actions(db)[-2:] == ["account.create", "role.grant"]

    manager = app.test_client()
    manager.post("/login", data={"identifier": "wang", "password": "long-enough-1"})
    assert manager.get(f"/units/{org['a'].id}/staff").status_code == 200
    assert manager.get(f"/units/{org['b'].id}/staff").status_code == 403


def test_hospital_admin_creates_and_then_manages_a_login_in_its_own_hospital(
    client, db, org, make_account, login_as
):
    login_as(make_account("a-admin", Role.ADMIN, org["a"]))
    form = {"username": "li", "display_name": "李", "password": "long-enough-1"}
    refused = client.post("/accounts/new", data={**form, "role": "manager", "unit_code": "H-B"})
    assert refused.status_code == 403
    assert db.session.scalar(db.select(Account).where(Account.username == "li")) is None

    client.post("/accounts/new", data={**form, "role": "coordinator", "unit_code": "H-A-01"})
    li = db.session.scalar(db.select(Account).where(Account.username == "li"))
    assert client.get(f"/accounts/{li.id}").status_code == 200


def test_hospital_admin_cannot_touch_accounts_that_reach_beyond_its_hospital(
    client, db, org, make_account, login_as
):
    """Someone who coordinates in hospital A but administers the organisation is not A's."""
    chief = make_account("chief", Role.ADMIN, org["root"])
    grant_role(account=chief, role=Role.COORDINATOR, unit=org["a1"], actor=None)
    db.session.commit()
    login_as(make_account("a-admin", Role.ADMIN, org["a"]))

    assert client.get(f"/accounts/{chief.id}").status_code == 403
    assert client.post(f"/accounts/{chief.id}/active", data={}).status_code == 403
    assert "chief" not in client.get("/accounts").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Account, chief.id).active


def test_hospital_admin_cannot_grant_roles_on_another_hospital(
    client, db, org, make_account, login_as
):
    target = make_account("target", Role.VOLUNTEER, org["a1"])
    login_as(make_account("a-admin", Role.ADMIN, org["a"]))
    response = client.post(
        f"/accounts/{target.id}/grants", data={"role": "manager", "unit_code": "H-B"}
    )
    assert response.status_code == 403
    assert (
        db.session.scalar(
            db.select(RoleGrant).where(
                RoleGrant.account_id == target.id, RoleGrant.role == "manager"
            )
        )
        is None
    )


def test_revoking_a_role_keeps_it_as_history(client, db, org, make_account, login_as):
    target = make_account("target", Role.MANAGER, org["a"])
    grant_id = target.grants[0].id
    login_as(make_account("admin", Role.ADMIN, org["root"]))
    client.post(f"/grants/{grant_id}/revoke", data={"reason": "调岗"})

    db.session.expire_all()
    grant = db.session.get(RoleGrant, grant_id)
    assert grant.revoked_at is not None
    assert not can(db.session.get(Account, target.id), Role.MANAGER, org["a"])
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "role.revoke"))
    assert entry.reason == "调岗" and entry.before == {"role": "manager", "unit": "H-A"}


def test_deactivating_an_account_logs_it_out_everywhere(
    app, client, db, org, make_account, login_as
):
    target = make_account("target", Role.MANAGER, org["a"])
    device = app.test_client()
    device.post("/login", data={"identifier": "target", "password": "correct-horse-9"})
    assert device.get("/units").status_code == 200

    login_as(make_account("admin", Role.ADMIN, org["root"]))
    client.post(f"/accounts/{target.id}/active", data={"reason": "离职"})
    assert device.get("/units").status_code == 302


def test_account_list_searches_and_stays_inside_the_admins_subtree(
    client, org, make_account, login_as
):
    make_account("a-person", Role.MANAGER, org["a1"], display_name="甲院张三")
    make_account("b-person", Role.MANAGER, org["b1"], display_name="乙院李四")
    login_as(make_account("a-admin", Role.ADMIN, org["a"]))
    listing = client.get("/accounts").get_data(as_text=True)
    assert "甲院张三" in listing and "乙院李四" not in listing
    assert "甲院张三" not in client.get("/accounts?q=李四").get_data(as_text=True)
