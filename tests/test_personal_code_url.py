"""A personal code is a link (DESIGN.md §5): a coordinator on a plain-http intranet scans it with
the phone's own camera app, logs in, and signs the person in or out with one button."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from qr_reading import data_uri_svg, read_svg
from scanner_world import live_fixture, records  # noqa: F401 - the fixture is used by name

from volunteer.auth.models import Role
from volunteer.checkin import tokens
from volunteer.clock import utc_now
from volunteer.records.models import RecordSource, RecordStatus
from volunteer.scanner import personal_scan, personal_url
from volunteer.scanner.services import codes


def phone_link(app, live, shown_at=None) -> str:
    """Return the link the volunteer's phone shows, as a camera app reads it from the image."""
    volunteer_phone = app.test_client()
    volunteer_phone.post(
        "/login", data={"identifier": live["volunteer"].username, "password": "correct-horse-9"}
    )
    if shown_at is None:
        image = volunteer_phone.get("/me/code.json").get_json()["image"]
        return read_svg(data_uri_svg(image)).text
    with app.test_request_context():
        return codes.code_link(codes.phone_token(live["code"], shown_at))


def path_of(link: str) -> str:
    return urlsplit(link).path


def login(client, account) -> None:
    response = client.post(
        "/login", data={"identifier": account.username, "password": "correct-horse-9"}
    )
    assert response.status_code == 302


def test_coordinator_scans_the_link_on_plain_http_and_signs_the_person_in_and_out(
    app, client, db, live
):
    link = phone_link(app, live)
    assert link.startswith("HTTP://LOCALHOST/P/")  # plain http: no in-page camera here

    # The camera app opens the link; the coordinator's phone has no login yet.
    opened = client.get(link)
    assert opened.status_code == 302
    to_login = urlsplit(opened.headers["Location"])
    assert to_login.path == "/login"
    assert parse_qs(to_login.query)["next"] == [path_of(link)]
    login(client, live["coordinator"])

    # First time: choose the activity once.
    page = client.get(path_of(link)).get_data(as_text=True)
    assert "王小明" in page and "139****5678" in page and "13912345678" not in page
    assert "请选择本机扫码签到的活动" in page and "为其签到" not in page
    chosen = client.post(
        f"/activities/{live['activity'].id}/scanner/current", data={"next": path_of(link)}
    )
    assert chosen.headers["Location"].endswith(path_of(link))

    page = client.get(path_of(link)).get_data(as_text=True)
    assert "为其签到" in page and "为其签退" not in page and "社区义诊" in page
    signed = client.post(path_of(link) + "/sign-in", follow_redirects=True)
    assert "签到成功" in signed.get_data(as_text=True)
    (record,) = records(db)
    assert record.source == RecordSource.COORDINATOR_SCAN
    assert record.recorded_by_id == live["coordinator"].id
    assert record.activity_id == live["activity"].id and record.status == RecordStatus.OPEN

    # Pressing again (a double tap) records nothing more; the page now offers the sign-out.
    again = client.post(path_of(link) + "/sign-in", follow_redirects=True)
    assert "无需重复" in again.get_data(as_text=True) and len(records(db)) == 1
    assert "为其签退" in client.get(path_of(link)).get_data(as_text=True)
    client.post(path_of(link) + "/sign-out")
    (record,) = records(db)
    db.session.refresh(record)
    assert record.signed_out_at is not None


def test_the_chosen_activity_is_remembered_for_the_next_person(
    app, client, db, live, make_volunteer
):
    login(client, live["coordinator"])
    first = phone_link(app, live)
    client.get(path_of(first))
    client.post(f"/activities/{live['activity'].id}/scanner/current", data={})
    other = make_volunteer(live["org"]["b1"], "赵六")  # another hospital: any volunteer may serve
    code = codes.phone_code_for(other)
    db.session.commit()
    with app.test_request_context():
        second = codes.code_link(codes.phone_token(code, utc_now()))
    page = client.get(path_of(second)).get_data(as_text=True)
    assert "赵六" in page and "为其签到" in page and "请选择本机" not in page
    client.post(path_of(second) + "/sign-in")
    assert [r.account_id for r in records(db)] == [other.id]


def test_logging_in_may_outlast_the_rotating_code_but_a_forwarded_link_may_not(
    app, client, db, live, monkeypatch
):
    link = phone_link(app, live, shown_at=utc_now() - timedelta(seconds=60))
    assert client.get(path_of(link)).status_code == 302  # still valid: remembered, then login
    later = utc_now() + timedelta(minutes=2)
    for module in (personal_url, personal_scan):
        monkeypatch.setattr(module, "utc_now", lambda: later)
    login(client, live["coordinator"])
    client.post(f"/activities/{live['activity'].id}/scanner/current", data={})
    assert "为其签到" in client.get(path_of(link)).get_data(as_text=True)

    elsewhere = app.test_client()  # the same link forwarded to another phone
    login(elsewhere, live["coordinator"])
    refused = elsewhere.get(path_of(link))
    assert refused.status_code == 410 and "过期" in refused.get_data(as_text=True)
    assert records(db) == []


@pytest.mark.parametrize(
    ("tamper", "words"),
    [
        (lambda t: t[:-3] + ("A" if t[-3] != "A" else "B") + t[-2:], "无法识别"),
        (lambda t: "2A" + t[2:], "无法识别"),  # a person's code made to look like a screen's
    ],
)
def test_a_forged_link_is_refused_and_records_nothing(app, client, db, live, tamper, words):
    login(client, live["coordinator"])
    link = phone_link(app, live)
    token = path_of(link).removeprefix("/P/")
    response = client.get(f"/P/{tamper(token)}")
    assert response.status_code in (400, 410)
    assert words in response.get_data(as_text=True) or "不是" in response.get_data(as_text=True)
    assert records(db) == []


def test_a_revoked_badge_link_is_refused(app, client, db, live, make_account):
    manager = make_account("manager-a", Role.MANAGER, live["org"]["a"])
    (badge,) = codes.issue_badges(accounts=[live["volunteer"]], by=manager)
    db.session.commit()
    with app.test_request_context():
        link = codes.code_link(codes.badge_token(badge.key))
    login(client, live["coordinator"])
    assert "王小明" in client.get(path_of(link)).get_data(as_text=True)
    codes.revoke_badge(badge, by=manager)
    db.session.commit()
    refused = client.get(path_of(link))
    assert refused.status_code == 410 and "作废" in refused.get_data(as_text=True)


def test_only_those_who_run_activities_see_the_person_or_sign_them_in(app, client, db, live):
    link = phone_link(app, live)
    login(client, live["volunteer"])  # a volunteer scanning a colleague's code
    assert client.get(path_of(link)).status_code == 403
    assert client.post(path_of(link) + "/sign-in").status_code == 403
    assert records(db) == []


def test_an_activity_of_another_hospital_cannot_be_chosen(app, client, db, live, make_activity):
    other = make_activity(live["org"]["b"], "无偿献血")
    login(client, live["coordinator"])
    assert client.post(f"/activities/{other.id}/scanner/current", data={}).status_code == 403
    link = phone_link(app, live)
    page = client.get(path_of(link)).get_data(as_text=True)
    assert "无偿献血" not in page and "社区义诊" in page


def _csrf(html: str) -> str:
    (token,) = re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', html)[:1]
    return token


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_the_button_needs_the_forms_csrf_token(app, client, db, live):
    link = phone_link(app, live, shown_at=utc_now())
    identifier = live["coordinator"].username
    form = {"identifier": identifier, "password": "correct-horse-9"}
    form["csrf_token"] = _csrf(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data=form).status_code == 302
    with client.session_transaction() as session:
        session[personal_scan.ACTIVITY_KEY] = live["activity"].id
    page = client.get(path_of(link)).get_data(as_text=True)
    assert "为其签到" in page

    forged = client.post(path_of(link) + "/sign-in", data={})
    assert forged.status_code in (302, 400) and records(db) == []

    client.post(path_of(link) + "/sign-in", data={"csrf_token": _csrf(page)})
    assert len(records(db)) == 1


def test_the_in_page_scanner_reads_the_link_too(app, client, db, live):
    link = phone_link(app, live)
    login(client, live["coordinator"])
    answer = client.post(f"/activities/{live['activity'].id}/scan", json={"token": link})
    assert answer.get_json()["outcome"] == "signed_in"
    assert len(records(db)) == 1


def test_codes_printed_before_version_2_still_work(app, client, db, live, make_account):
    manager = make_account("manager-a", Role.MANAGER, live["org"]["a"])
    (badge,) = codes.issue_badges(accounts=[live["volunteer"]], by=manager)
    live["activity"].static_code_allowed = True
    db.session.commit()
    secret = app.config["SECRET_KEY"]
    old_badge = tokens.legacy_token(secret, tokens.PERSON_BADGE, badge.key, 0)
    old_poster = tokens.legacy_token(secret, tokens.ACTIVITY_STATIC, live["activity"].token_key, 1)
    assert old_badge.startswith("1.") and old_poster.startswith("1.")

    login(client, live["coordinator"])
    answer = client.post(f"/activities/{live['activity'].id}/scan", json={"token": old_badge})
    assert answer.get_json()["outcome"] == "signed_in"
    landing = client.get(f"/s/{old_poster}")
    assert landing.status_code == 302 and "/checkin/" in landing.headers["Location"]
