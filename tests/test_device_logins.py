"""Every login is a row on the server: logging out ends it, whatever cookies were copied; a
person sees and ends their own devices; an administrator ends someone's logins."""

from datetime import timedelta

import pytest

from volunteer import clock
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import DeviceLogin, Role

PASSWORD = "correct-horse-9"
IPHONE_WECHAT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47"
)
WINDOWS_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/124.0 Safari/537.36"
)


def _device(app, username: str, *, remember: bool = False, agent: str = WINDOWS_CHROME):
    """A browser of its own, logged in as `username`."""
    browser = app.test_client()
    browser.environ_base["HTTP_USER_AGENT"] = agent
    form = {"identifier": username, "password": PASSWORD}
    if remember:
        form["remember"] = "y"
    assert browser.post("/login", data=form).status_code == 302
    return browser


def _logged_in(browser, page: str = "/account/password") -> bool:
    response = browser.get(page)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def _replay(app, cookies: dict[str, str]):
    """Another browser holding copies of the cookies (a shared PC, a stolen cookie)."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value)
    return thief


@pytest.mark.parametrize(
    "copied",
    [["session"], ["remember_token"], ["session", "remember_token"]],
    ids=["session cookie", "remember cookie", "both cookies"],
)
def test_cookies_copied_before_logout_open_nothing_after_it(app, org, make_account, copied):
    make_account("admin", Role.ADMIN, org["root"])
    office = _device(app, "admin", remember=True)
    cookies = {name: office.get_cookie(name).value for name in copied}
    assert _replay(app, cookies).get("/units").status_code == 200  # the copies do work

    assert office.post("/logout").status_code == 302

    response = _replay(app, cookies).get("/units")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert not _logged_in(office)


def test_a_person_sees_their_devices_and_logs_out_a_lost_phone(app, org, make_volunteer, db):
    volunteer = make_volunteer(org["a1"])
    phone = _device(app, volunteer.username, remember=True, agent=IPHONE_WECHAT)
    office = _device(app, volunteer.username)

    page = office.get("/me/devices").get_data(as_text=True)
    devices = {
        "this" if ">本设备<" in article else "other": article
        for article in page.split("<article")[1:]
    }
    assert "Windows · Chrome" in devices["this"] and "iPhone · 微信" in devices["other"]

    phone_login = db.session.scalar(
        db.select(DeviceLogin).where(DeviceLogin.remembered, DeviceLogin.account == volunteer)
    )
    response = office.post("/me/devices/end", data={"device": phone_login.id})
    assert response.headers["Location"].endswith("/me/devices")
    assert not _logged_in(phone)
    assert _logged_in(office)
    assert "iPhone" not in office.get("/me/devices").get_data(as_text=True)


def test_logging_out_of_all_devices_ends_this_one_too(app, org, make_volunteer):
    volunteer = make_volunteer(org["a1"])
    phone = _device(app, volunteer.username, remember=True, agent=IPHONE_WECHAT)
    office = _device(app, volunteer.username)

    response = office.post("/me/devices/end-all")
    assert "/login" in response.headers["Location"]
    assert not _logged_in(phone)
    assert not _logged_in(office)


def test_nobody_ends_a_login_that_is_not_their_own(app, org, make_volunteer, db):
    owner = make_volunteer(org["a1"], "李四")
    other = make_volunteer(org["a1"], "王五")
    owners_phone = _device(app, owner.username, remember=True)
    others_browser = _device(app, other.username)
    owners_login = db.session.scalar(db.select(DeviceLogin).where(DeviceLogin.account == owner))

    response = others_browser.post(
        "/me/devices/end", data={"device": owners_login.id}, follow_redirects=True
    )
    assert "该设备已经退出登录" in response.get_data(as_text=True)
    assert _logged_in(owners_phone)
    assert owners_login.id not in [
        login.id
        for login in db.session.scalars(
            db.select(DeviceLogin).where(DeviceLogin.revoked_at.is_not(None))
        )
    ]


def test_an_administrator_ends_the_logins_of_someone_who_left(
    app, org, make_account, make_volunteer, db
):
    leaver = make_volunteer(org["a1"])
    phone = _device(app, leaver.username, remember=True, agent=IPHONE_WECHAT)
    office = _device(app, leaver.username)
    make_account("a-admin", Role.ADMIN, org["a"])
    admin = _device(app, "a-admin")

    page = admin.get(f"/accounts/{leaver.id}").get_data(as_text=True)
    assert "iPhone · 微信" in page and "Windows · Chrome" in page
    response = admin.post(f"/accounts/{leaver.id}/logins/end", data={"reason": "离职"})
    assert response.headers["Location"].endswith(f"/accounts/{leaver.id}")

    assert not _logged_in(phone) and not _logged_in(office)
    assert _logged_in(admin)
    assert "目前没有设备登录此账号" in admin.get(f"/accounts/{leaver.id}").get_data(as_text=True)
    entry = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "account.end_logins")
    )
    assert (entry.subject_id, entry.reason, entry.after) == (leaver.id, "离职", {"ended_logins": 2})
    assert entry.actor.username == "a-admin"


def test_another_hospitals_administrator_cannot_end_someones_logins(
    app, org, make_account, make_volunteer
):
    person = make_volunteer(org["a1"])
    phone = _device(app, person.username, remember=True)
    make_account("b-admin", Role.ADMIN, org["b"])
    admin = _device(app, "b-admin")

    assert admin.post(f"/accounts/{person.id}/logins/end", data={}).status_code == 403
    assert _logged_in(phone)


def test_deactivating_an_account_ends_its_remembered_logins(app, org, make_account, make_volunteer):
    person = make_volunteer(org["a1"])
    phone = _device(app, person.username, remember=True)
    phone.delete_cookie("session")  # only the 30-day cookie is left
    make_account("admin", Role.ADMIN, org["root"])
    admin = _device(app, "admin")

    admin.post(f"/accounts/{person.id}/active", data={"reason": "离职"})
    assert not _logged_in(phone)


def test_a_password_change_keeps_this_device_and_ends_the_others(app, org, make_volunteer):
    person = make_volunteer(org["a1"])
    phone = _device(app, person.username, remember=True, agent=IPHONE_WECHAT)
    office = _device(app, person.username)

    office.post(
        "/account/password",
        data={"current": PASSWORD, "new": "new-password-1", "confirm": "new-password-1"},
    )
    assert _logged_in(office)
    assert not _logged_in(phone)


@pytest.mark.parametrize(
    ("remember", "later", "still_in"),
    [
        (False, timedelta(hours=7), True),
        (False, timedelta(hours=9), False),
        (True, timedelta(days=29), True),
        (True, timedelta(days=31), False),
    ],
    ids=["idle 7 h", "idle 9 h", "remembered 29 days", "remembered 31 days"],
)
def test_a_login_lapses_on_the_server_when_its_cookie_would(
    app, org, make_volunteer, monkeypatch, remember, later, still_in
):
    """Not only the browser forgets: a cookie kept past its lifetime opens nothing either."""
    person = make_volunteer(org["a1"])
    browser = _device(app, person.username, remember=remember)
    moved = clock.utc_now() + later
    monkeypatch.setattr(clock, "utc_now", lambda: moved)
    assert _logged_in(browser) is still_in
