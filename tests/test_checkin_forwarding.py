"""A sign-in link works only on the phone that scanned the code, and there only for the first
account that used it: a forwarded link is refused and leaves nothing behind (docs/rules.md §5.5).
The phone that scanned still logs in, registers or signs in after the code expired; another
account on that phone must scan for itself; a tampered device cookie, or an unbound ticket from
before the upgrade, is refused like a forwarded link."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from checkin_links_world import ANOTHER_ACCOUNT, log_in, refused, uses_of
from checkin_world import (  # noqa: F401 - the fixtures are used by name
    activity_fixture,
    audit_count,
    code_of,
    device_of,
    records,
    ticket_path,
    volunteer_fixture,
)
from conftest import PASSWORD
from itsdangerous import TimestampSigner, URLSafeSerializer, URLSafeTimedSerializer

from volunteer.checkin import tokens
from volunteer.checkin.tickets import DEVICE_COOKIE
from volunteer.clock import utc_now

FORWARDED = "此签到链接已绑定到扫码的手机，请用自己的手机扫描现场二维码。"
# The screen's code is accepted for 90 s: this is 100 s after it expired at the latest.
AFTER_THE_CODE_EXPIRED = 190


@pytest.fixture(name="later")
def later_fixture(monkeypatch):
    """Return a helper that moves the tickets' clock (itsdangerous reads its own) on."""
    real = TimestampSigner.get_timestamp

    def move(seconds: int) -> None:
        monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) + seconds)

    return move


def code_has_expired(app, code: str, seconds: int) -> bool:
    try:
        tokens.read_token(
            app.config["SECRET_KEY"],
            code,
            kinds=tokens.ACTIVITY_KINDS,
            now=utc_now() + timedelta(seconds=seconds),
            rotate_seconds=app.config["QR_ROTATE_SECONDS"],
            accept_seconds=app.config["QR_ACCEPT_SECONDS"],
        )
    except tokens.TokenRefused as refusal:
        return refusal.message == tokens.EXPIRED
    return False


def test_a_link_forwarded_after_its_code_expired_is_refused_on_another_phone(
    app, client, db, org, activity, volunteer, make_volunteer, later
):
    log_in(client, volunteer)
    code = code_of(app, activity)
    path = ticket_path(client, code)
    friend = app.test_client()
    log_in(friend, make_volunteer(org["a1"], "赵六"))
    later(AFTER_THE_CODE_EXPIRED)
    assert code_has_expired(app, code, AFTER_THE_CODE_EXPIRED)
    before = audit_count(db)

    assert all(refused(response, FORWARDED) for response in uses_of(friend, path))

    assert records(db) == [] and audit_count(db) == before
    # The phone that scanned still signs in with the same link.
    client.post(f"{path}/sign-in")
    [record] = records(db)
    assert record.account_id == volunteer.id


def test_a_forwarded_link_opened_logged_out_offers_neither_the_activity_nor_registration(
    app, client, db, org, activity, volunteer, make_volunteer, later
):
    path = ticket_path(client, code_of(app, activity))
    friend = app.test_client()
    later(AFTER_THE_CODE_EXPIRED)

    login_url = friend.get(path).headers["Location"]
    login_page = friend.get(login_url).get_data(as_text=True)
    assert "社区义诊" not in login_page and "第一次使用" not in login_page
    response = friend.post(
        login_url,
        data={"identifier": make_volunteer(org["a1"], "赵六").username, "password": PASSWORD},
    )
    assert response.headers["Location"] == path
    assert refused(friend.get(path), FORWARDED)
    assert refused(friend.post(f"{path}/sign-in"), FORWARDED)
    assert records(db) == []


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_phone_that_scanned_logs_in_and_signs_in_after_its_code_expired(
    scheme, app, client, db, activity, volunteer, later
):
    base = {"base_url": f"{scheme}://localhost"}
    scan = client.get(f"/s/{code_of(app, activity)}", **base)
    [cookie] = [c for c in scan.headers.getlist("Set-Cookie") if c.startswith(DEVICE_COOKIE)]
    attributes = {part.strip().partition("=")[0] for part in cookie.split(";")[1:]}
    assert {"HttpOnly", "Path", "Max-Age"} <= attributes and "SameSite=Lax" in cookie
    assert ("Secure" in attributes) == (scheme == "https")
    path = urlsplit(scan.headers["Location"]).path
    later(AFTER_THE_CODE_EXPIRED)

    login_url = client.get(path, **base).headers["Location"]
    # The login page still names the activity: the ticket is this phone's.
    assert "社区义诊" in client.get(login_url, **base).get_data(as_text=True)
    response = client.post(
        login_url, data={"identifier": volunteer.username, "password": PASSWORD}, **base
    )
    assert urlsplit(response.headers["Location"]).path == path
    assert "签到</button>" in client.get(path, **base).get_data(as_text=True)
    page = client.post(f"{path}/sign-in", follow_redirects=True, **base).get_data(as_text=True)

    assert "签到成功" in page
    [record] = records(db)
    assert record.account_id == volunteer.id


def test_a_first_time_scanner_registers_on_the_spot_and_the_link_becomes_theirs(
    app, client, db, org, activity, make_staff, volunteer
):
    make_staff(org["a1"], "韩梅梅", "000456", phone="13912340000")
    path = ticket_path(client, code_of(app, activity))
    phone = device_of(app, client)
    client.get(client.get(path).headers["Location"])

    response = client.post(
        f"/r/{org['a'].code}?next={path}",
        data={
            "kind": "staff",
            "name": "韩梅梅",
            "staff_no": "000456",
            "phone": "13912340000",
            "password": "her-own-pass-1",
            "confirm": "her-own-pass-1",
            "consent": "y",
        },
    )
    assert response.headers["Location"] == path
    client.post(f"{path}/sign-in")

    [record] = records(db)
    assert record.account.display_name == "韩梅梅"
    assert device_of(app, client).nonce == phone.nonce
    client.post("/logout")
    log_in(client, volunteer)
    assert all(refused(response, ANOTHER_ACCOUNT) for response in uses_of(client, path))
    assert len(records(db)) == 1


@pytest.mark.parametrize("logged_in_when_scanning", [True, False])
def test_another_account_on_the_same_phone_is_refused_until_it_scans_itself(
    logged_in_when_scanning, app, client, db, org, activity, volunteer, make_volunteer
):
    code = code_of(app, activity)
    if logged_in_when_scanning:
        log_in(client, volunteer)
        path = ticket_path(client, code)
    else:
        path = ticket_path(client, code)
        log_in(client, volunteer)
        assert client.get(path).status_code == 200
    client.post("/logout")
    colleague = make_volunteer(org["a1"], "赵六")
    log_in(client, colleague)
    before = audit_count(db)

    assert all(refused(response, ANOTHER_ACCOUNT) for response in uses_of(client, path))
    assert records(db) == [] and audit_count(db) == before

    # Scanning the screen's code on the shared phone is the colleague's own scan.
    client.post(f"{ticket_path(client, code)}/sign-in")
    [record] = records(db)
    assert record.account_id == colleague.id


TAMPERINGS = ["a character changed", "signed without the secret", "another phone's cookie", "gone"]


@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_a_tampered_device_cookie_is_refused_and_a_new_scan_starts_afresh(
    tampering, app, client, db, activity, volunteer, login_as
):
    login_as(volunteer)
    code = code_of(app, activity)
    path = ticket_path(client, code)
    cookie = client.get_cookie(DEVICE_COOKIE).value
    if tampering == "another phone's cookie":
        other_phone = app.test_client()
        ticket_path(other_phone, code)
        client.set_cookie(DEVICE_COOKIE, other_phone.get_cookie(DEVICE_COOKIE).value)
    elif tampering == "gone":
        client.delete_cookie(DEVICE_COOKIE)
    elif tampering == "signed without the secret":
        made_up = URLSafeSerializer("guessed-secret", salt="scan-device")
        client.set_cookie(DEVICE_COOKIE, made_up.dumps([device_of(app, client).nonce, []]))
    else:
        flipped = cookie[:-5] + ("A" if cookie[-5] != "A" else "B") + cookie[-4:]
        client.set_cookie(DEVICE_COOKIE, flipped)
    before = audit_count(db)

    assert all(refused(response, FORWARDED) for response in uses_of(client, path))
    assert records(db) == [] and audit_count(db) == before

    client.post(f"{ticket_path(client, code)}/sign-in")
    assert [record.account_id for record in records(db)] == [volunteer.id]


def test_an_unbound_ticket_from_before_the_upgrade_is_refused_like_a_forwarded_link(
    app, client, db, activity, volunteer, login_as
):
    login_as(volunteer)
    ticket_path(client, code_of(app, activity))
    unbound = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="scan-ticket").dumps(
        [activity.token_key, tokens.ACTIVITY_ROTATING, 0]
    )

    assert all(refused(response, FORWARDED) for response in uses_of(client, f"/checkin/{unbound}"))
    assert records(db) == []
