"""CSRF on every POST, rate-limited login, expiring sessions, ending other sessions."""

import re

import pytest

from volunteer import create_app
from volunteer.auth.models import Role


def _post_rules():
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": "x",
            "ALLOW_WEAK_SECRET_KEY_FOR_TESTS": True,
        }
    )
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "POST" in rule.methods:
            yield pytest.param(rule, id=rule.rule)


def _url(rule) -> str:
    """Fill every URL parameter with 1: CSRF is checked before the view looks anything up."""
    path = rule.rule
    for argument in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{argument}>", "1", path)
    return path


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
@pytest.mark.parametrize("rule", list(_post_rules()))
def test_post_without_csrf_token_is_refused(rule, client, org, make_account, db):
    admin = make_account("admin", Role.ADMIN, org["root"])
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    response = client.post(
        "/login",
        data={"identifier": admin.username, "password": "correct-horse-9", "csrf_token": token},
    )
    assert response.status_code == 302

    response = client.post(_url(rule), data={})
    assert response.status_code == 400
    assert "请求无效" in response.get_data(as_text=True)


@pytest.mark.app_config(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
def test_login_is_rate_limited(client, org, make_account):
    make_account("admin", Role.ADMIN, org["root"])
    statuses = [
        client.post(
            "/login", data={"identifier": "admin", "password": "wrong-password"}
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert "操作过于频繁" in client.post("/login", data={}).get_data(as_text=True)


def test_failed_login_is_audited_without_what_was_typed(client, org, make_account, db):
    from volunteer.audit.models import AuditEntry

    admin = make_account("admin", Role.ADMIN, org["root"])
    page = client.post("/login", data={"identifier": "admin", "password": "nope-nope"})
    assert "账号或密码不正确" in page.get_data(as_text=True)
    # Someone typing their password into the name box must not leave it in a ten-year log.
    client.post("/login", data={"identifier": "MySecretPass1", "password": "x"})
    failures = db.session.scalars(
        db.select(AuditEntry).where(AuditEntry.action == "account.login_failed")
    ).all()
    assert [entry.subject_id for entry in failures] == [admin.id, None]
    assert all(entry.after is None for entry in failures)


def test_login_session_is_permanent_with_a_lifetime(app, client, org, make_account, login_as):
    login_as(make_account("admin", Role.ADMIN, org["root"]))
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.expires is not None
    assert app.permanent_session_lifetime.total_seconds() == 8 * 3600


def test_password_change_ends_other_sessions(app, org, make_account, login_as, client):
    account = make_account("admin", Role.ADMIN, org["root"])
    other_device = app.test_client()
    other_device.post("/login", data={"identifier": "admin", "password": "correct-horse-9"})
    assert other_device.get("/accounts").status_code == 200

    login_as(account)
    response = client.post(
        "/account/password",
        data={"current": "correct-horse-9", "new": "new-password-1", "confirm": "new-password-1"},
    )
    assert response.status_code == 302
    assert client.get("/accounts").status_code == 200
    assert other_device.get("/accounts").status_code == 302  # sent back to the login page


def test_deactivated_account_cannot_log_in(org, make_account, client, db):
    account = make_account("admin", Role.ADMIN, org["root"])
    account.active = False
    db.session.commit()
    response = client.post("/login", data={"identifier": "admin", "password": "correct-horse-9"})
    assert response.status_code == 200


def test_login_refuses_to_redirect_off_site(org, make_account, client):
    make_account("admin", Role.ADMIN, org["root"])
    response = client.post(
        "/login?next=https://evil.example/",
        data={"identifier": "admin", "password": "correct-horse-9"},
    )
    assert response.headers["Location"] == "/"


def test_checking_scope_on_a_request_costs_a_fixed_number_of_queries(
    app, client, db, org, make_account, login_as
):
    """Scope checks read every grant's unit; with many grants that must not mean many queries."""
    from statements import sent_statements

    from volunteer.auth.services import grant_role

    manager = make_account("manager", Role.MANAGER, org["a"])
    login_as(manager)
    with sent_statements(db.engine) as few:
        client.get("/account/password")
    for unit in (org["a1"], org["b"], org["b1"], org["root"]):
        grant_role(account=manager, role=Role.COORDINATOR, unit=unit, actor=None)
    db.session.commit()
    with sent_statements(db.engine) as many:
        client.get("/account/password")
    assert len(many) == len(few)
