"""Wrong passwords are counted per account in the database, from every address and process:
after ten the account is locked for a while that grows, the person is told until when, and an
administrator sees the lock and can lift it. The per-address limit stays as well."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import PASSWORD, _settings

from volunteer import clock, create_app
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.auth.rules import lock_minutes

LOCKED = "账号因多次密码错误已临时锁定，请于 {} 后重试。"
WRONG = "账号或密码不正确。"
SHANGHAI = ZoneInfo("Asia/Shanghai")  # the organisation's zone (TIMEZONE's default)


def local_time(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


NINE_AM = local_time(2026, 3, 5, 9, 0)


@pytest.fixture
def clock_at(monkeypatch):
    """Return a setter of the app's clock (volunteer.clock.utc_now); call it again to move on."""

    def set_to(moment: datetime) -> None:
        monkeypatch.setattr(clock, "utc_now", lambda: moment)

    return set_to


def _try(browser, username: str, password: str = "wrong-guess", address: str | None = None):
    headers = {"X-Forwarded-For": address} if address else {}
    return browser.post(
        "/login", data={"identifier": username, "password": password}, headers=headers
    )


def _lock(browser, username: str) -> None:
    for _ in range(10):
        assert _try(browser, username).status_code == 200


@pytest.mark.app_config(RATELIMIT_ENABLED=True, PROXY_HOPS=1)
def test_eleven_wrong_passwords_from_eleven_addresses_lock_the_account(
    client, org, make_volunteer, clock_at
):
    """One guesser behind many addresses: each address stays under its own limit."""
    person = make_volunteer(org["a1"])
    clock_at(NINE_AM)
    answers = [_try(client, person.username, address=f"10.0.0.{n}") for n in range(1, 12)]
    assert [answer.status_code for answer in answers] == [200] * 11
    pages = [answer.get_data(as_text=True) for answer in answers]
    assert all(WRONG in page for page in pages[:9])
    assert all(LOCKED.format("09:15") in page for page in pages[9:])

    refused = _try(client, person.username, PASSWORD, address="10.0.0.99")
    assert refused.status_code == 200
    assert LOCKED.format("09:15") in refused.get_data(as_text=True)

    clock_at(local_time(2026, 3, 5, 9, 16))
    assert _try(client, person.username, PASSWORD, address="10.0.0.99").status_code == 302


def test_the_administrator_sees_the_lock_and_lifts_it(
    app, client, org, make_account, make_volunteer, db, clock_at
):
    person = make_volunteer(org["a1"])
    make_account("a-admin", Role.ADMIN, org["a"])
    clock_at(NINE_AM)
    _lock(client, person.username)

    admin = app.test_client()
    assert _try(admin, "a-admin", PASSWORD).status_code == 302
    assert "已锁定" in admin.get("/accounts").get_data(as_text=True)
    page = admin.get(f"/accounts/{person.id}").get_data(as_text=True)
    assert "已锁定至 2026-03-05 09:15" in page and "连续 10 次密码错误" in page

    response = admin.post(f"/accounts/{person.id}/unlock", data={"reason": "本人来电核实"})
    assert response.headers["Location"].endswith(f"/accounts/{person.id}")
    assert "已锁定" not in admin.get(f"/accounts/{person.id}").get_data(as_text=True)
    assert _try(client, person.username, PASSWORD).status_code == 302

    entries = db.session.scalars(
        db.select(AuditEntry)
        .where(AuditEntry.action.in_(["account.lock", "account.unlock"]))
        .order_by(AuditEntry.id)
    ).all()
    lock, unlock = entries
    assert (lock.actor_id, lock.after["failed_logins"]) == (None, 10)
    assert (unlock.actor.username, unlock.reason) == ("a-admin", "本人来电核实")
    assert unlock.before["failed_logins"] == 10


def test_guesses_during_the_lock_are_neither_checked_nor_counted(
    client, org, make_volunteer, db, clock_at
):
    person = make_volunteer(org["a1"])
    clock_at(NINE_AM)
    _lock(client, person.username)
    clock_at(local_time(2026, 3, 5, 9, 5))
    for _ in range(5):
        assert LOCKED.format("09:15") in _try(client, person.username).get_data(as_text=True)
    db.session.refresh(person)
    assert person.failed_logins == 10
    assert person.lock_ends_at == local_time(2026, 3, 5, 9, 15)


def test_a_wrong_password_after_the_lock_ends_locks_it_twice_as_long(
    client, org, make_volunteer, clock_at
):
    person = make_volunteer(org["a1"])
    clock_at(NINE_AM)
    _lock(client, person.username)
    clock_at(local_time(2026, 3, 5, 9, 16))
    page = _try(client, person.username).get_data(as_text=True)
    assert LOCKED.format("09:46") in page


def test_a_lock_ending_tomorrow_says_the_date(client, org, make_volunteer, clock_at):
    person = make_volunteer(org["a1"])
    clock_at(local_time(2026, 3, 5, 23, 50))
    _lock(client, person.username)
    page = _try(client, person.username, PASSWORD).get_data(as_text=True)
    assert LOCKED.format("2026-03-06 00:05") in page


def test_a_right_password_starts_the_count_afresh(client, org, make_volunteer, clock_at):
    person = make_volunteer(org["a1"])
    clock_at(NINE_AM)
    for _ in range(9):
        _try(client, person.username)
    assert _try(client, person.username, PASSWORD).status_code == 302
    client.post("/logout")
    for _ in range(9):
        assert WRONG in _try(client, person.username).get_data(as_text=True)
    assert _try(client, person.username, PASSWORD).status_code == 302


def test_every_process_counts_toward_the_same_lock(
    app, client, db, org, make_volunteer, tmp_path, clock_at
):
    """Two workers, each with its own memory, share the count through the database."""
    username = make_volunteer(org["a1"]).username
    other_worker = create_app(_settings(app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path)))
    clock_at(NINE_AM)
    for _ in range(5):
        _try(client, username)
        _try(other_worker.test_client(), username)
    page = _try(client, username, PASSWORD).get_data(as_text=True)
    assert LOCKED.format("09:15") in page
    with other_worker.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("failures", "minutes"),
    [(1, None), (9, None), (10, 15), (11, 30), (12, 60), (16, 960), (17, 1440), (60, 1440)],
)
def test_the_lock_doubles_with_each_wrong_password_up_to_a_day(failures, minutes):
    assert lock_minutes(failures, after=10, first=15, longest=24 * 60) == minutes
