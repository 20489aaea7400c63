"""The session cookie is signed again only when the session changes, and its 8 hours still count
from the last use: the login loader renews it whenever it notes the login as seen."""

from datetime import UTC, datetime, timedelta

from volunteer import clock
from volunteer.auth.queries import SEEN_EVERY
from volunteer.core import times

PASSWORD = "correct-horse-9"


def _session_cookies(response) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]


def _logged_in_browser(app, username: str):
    browser = app.test_client()
    login = browser.post("/login", data={"identifier": username, "password": PASSWORD})
    assert login.status_code == 302
    assert _session_cookies(login), "a login writes the session"
    return browser


def test_a_page_that_changes_nothing_sends_no_session_cookie(app, org, make_volunteer):
    person = make_volunteer(org["a1"])
    browser = _logged_in_browser(app, person.username)
    browser.get("/me")  # the first page may still settle the session (its CSRF token)
    again = browser.get("/me")
    assert again.status_code == 200
    assert _session_cookies(again) == []


def test_noting_the_login_as_seen_renews_the_cookie(app, org, make_volunteer, monkeypatch):
    person = make_volunteer(org["a1"])
    browser = _logged_in_browser(app, person.username)
    browser.get("/me")
    later = clock.utc_now() + SEEN_EVERY + timedelta(minutes=1)
    monkeypatch.setattr(clock, "utc_now", lambda: later)
    renewed = browser.get("/me")
    assert renewed.status_code == 200
    (cookie,) = _session_cookies(renewed)
    assert "Expires=" in cookie  # still the 8-hour session, counted again from now
    # Within the next five minutes nothing is noted, so nothing is re-sent.
    assert _session_cookies(browser.get("/me")) == []


def test_a_changed_secret_key_is_used_at_once_and_its_fallback_still_opens(
    app, org, make_volunteer
):
    person = make_volunteer(org["a1"])
    browser = _logged_in_browser(app, person.username)
    interface = app.session_interface
    assert interface.get_signing_serializer(app) is interface.get_signing_serializer(app)
    old_key, old_cookie = app.secret_key, browser.get_cookie("session").value
    app.config["SECRET_KEY"] = "another-long-secret-key-for-this-test-only-0123456789"
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    assert browser.get("/me").status_code == 200  # signed with the old key, still accepted
    app.config["SECRET_KEY_FALLBACKS"] = []
    stranger = app.test_client()
    stranger.set_cookie("session", old_cookie)
    assert stranger.get("/me").status_code == 302  # the old key alone opens nothing now


def test_times_read_as_babel_patterns_did(app):
    """The digit-only formats are written out by hand: they must match Babel's output."""
    from flask_babel import format_datetime

    moments = [
        datetime(2026, 3, 5, 1, 2, tzinfo=UTC),
        datetime(2026, 12, 31, 15, 59, tzinfo=UTC),  # 23:59 local
        datetime(2026, 12, 31, 16, 0, tzinfo=UTC),  # local midnight, another year
        datetime(2026, 6, 1, 16, 0),  # naive: taken as UTC
    ]
    with app.test_request_context("/"):
        for moment in moments:
            assert times.local_datetime(moment) == format_datetime(moment, "yyyy-MM-dd HH:mm")
            assert times.local_date(moment) == format_datetime(moment, "yyyy-MM-dd")
            assert times.hhmm(moment) == format_datetime(moment, "HH:mm")
        assert times.local_period(moments[1], moments[2]) == "2026-12-31 23:59 – 2027-01-01 00:00"
