"""Signing in and out on the phone after a scan: the hours, the poster code, login and
registration on the spot, and a late sign-out."""

from datetime import timedelta

from checkin_world import (  # noqa: F401 - the fixtures are used by name
    PHONE_UA,
    activity_fixture,
    code_of,
    device_of,
    local_clock_today,
    poster_code_of,
    records,
    ticket_path,
    volunteer_fixture,
)
from conftest import PASSWORD

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.checkin import scan_tickets, tokens
from volunteer.clock import local_today, utc_now
from volunteer.records.models import RecordSource, RecordStatus
from volunteer.records.services import record_sign_in, record_sign_out

# --- Signing in and out ------------------------------------------------------------------------


def test_scan_log_in_sign_in_repeat_and_sign_out(app, client, db, activity, volunteer):
    path = ticket_path(client, code_of(app, activity))
    login_url = client.get(path).headers["Location"]
    login_page = client.get(login_url).get_data(as_text=True)
    # The phone stays logged in for the next scan, unless the person unticks it.
    assert '<input checked id="remember" name="remember"' in login_page
    assert "第一次使用？注册为志愿者" in login_page and "社区义诊" in login_page

    response = client.post(
        login_url,
        data={"identifier": volunteer.username, "password": PASSWORD, "remember": "y"},
    )
    assert response.headers["Location"] == path
    assert client.get_cookie("remember_token") is not None

    page = client.get(path).get_data(as_text=True)
    assert "社区义诊" in page and "门诊大厅" in page and "签到</button>" in page

    signed = client.post(f"{path}/sign-in", headers={"User-Agent": PHONE_UA}, follow_redirects=True)
    page = signed.get_data(as_text=True)
    assert "签到成功" in page and "签退</button>" in page and "已服务" in page
    [record] = records(db)
    assert record.account_id == volunteer.id and record.activity_id == activity.id
    assert record.source == RecordSource.SELF_SCAN and record.device == PHONE_UA
    assert record.status == RecordStatus.OPEN

    # A second scan and a second press are one event.
    again = ticket_path(client, code_of(app, activity))
    repeated = client.post(f"{again}/sign-in", follow_redirects=True).get_data(as_text=True)
    assert "无需重复签到" in repeated
    assert len(records(db)) == 1

    # Signing out straight after signing in asks first (tests/test_checkin_confirmations.py).
    asked = client.post(f"{again}/sign-out").get_data(as_text=True)
    assert "确定签退吗？" in asked and records(db)[0].status == RecordStatus.OPEN
    signed_out = client.post(
        f"{again}/sign-out", data={"confirm": "1"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "签退成功" in signed_out and "已于" in signed_out
    [record] = records(db)
    assert record.signed_out_at is not None and record.status == RecordStatus.APPROVED


def test_sign_out_credits_the_hours_served(
    app, client, db, org, make_activity, volunteer, login_as
):
    activity = make_activity(org["a"], starts_at=utc_now() - timedelta(hours=3), hours=5)
    record_sign_in(
        account=volunteer,
        activity=activity,
        source=RecordSource.SELF_SCAN,
        at=utc_now() - timedelta(hours=2, minutes=10),
    )
    db.session.commit()
    login_as(volunteer)
    path = ticket_path(client, code_of(app, activity))
    page = client.get(path).get_data(as_text=True)
    assert "2小时10分钟" in page and "签退</button>" in page

    page = client.post(f"{path}/sign-out", follow_redirects=True).get_data(as_text=True)

    assert "本次服务2.0小时" in page
    [record] = records(db)
    assert record.hours == 2 and record.status == RecordStatus.APPROVED


def test_a_session_begun_before_midnight_shows_its_sign_out_after_midnight(
    app, client, db, org, make_activity, volunteer, login_as
):
    midnight = local_clock_today(app, 0)
    activity = make_activity(org["a"], "夜间陪护", starts_at=midnight - timedelta(hours=2), hours=4)
    record_sign_in(
        account=volunteer,
        activity=activity,
        source=RecordSource.SELF_SCAN,
        at=midnight - timedelta(minutes=50),
    )
    record_sign_out(account=volunteer, activity=activity, at=midnight + timedelta(minutes=1))
    db.session.commit()
    [record] = records(db)
    assert record.service_date < local_today()  # the day it began
    login_as(volunteer)

    page = client.get(ticket_path(client, code_of(app, activity))).get_data(as_text=True)

    assert 'data-checkin-state="signed-out"' in page and "已于00:01签退" in page


def test_poster_code_marks_the_record_and_revoking_it_stops_old_posters(
    app, client, db, org, make_activity, make_account, volunteer, login_as
):
    activity = make_activity(org["a"], static_code_allowed=True)
    old_poster = poster_code_of(app, activity)
    login_as(volunteer)
    path = ticket_path(client, old_poster)
    client.post(f"{path}/sign-in")
    [record] = records(db)
    assert record.source == RecordSource.STATIC_CODE

    make_account("coord", Role.COORDINATOR, org["a"])
    coordinator = app.test_client()
    coordinator.post("/login", data={"identifier": "coord", "password": PASSWORD})
    response = coordinator.post(
        f"/activities/{activity.id}/poster/revoke", data={"reason": "海报被拍照外传"}
    )
    assert response.status_code == 302
    db.session.refresh(activity)
    assert activity.static_code_generation == 2
    entry = db.session.scalar(
        db.select(AuditEntry).where(AuditEntry.action == "activity.poster_revoked")
    )
    assert entry.before == {"static_code_generation": 1}
    assert entry.after == {"static_code_generation": 2} and entry.reason == "海报被拍照外传"

    # A logged-in scan leaves the poster's generation to the ticket page, which refuses it.
    refused = client.get(ticket_path(client, old_poster))
    assert refused.status_code == 410 and "海报码已停用" in refused.get_data(as_text=True)
    # A ticket taken before the revocation stops working too.
    assert client.post(f"{path}/sign-out").status_code == 410
    assert ticket_path(client, poster_code_of(app, activity)).startswith("/checkin/")


def test_account_that_is_not_a_volunteer_is_offered_registration(
    app, client, db, org, activity, make_account, login_as
):
    login_as(make_account("coord", Role.COORDINATOR, org["a"]))
    path = ticket_path(client, code_of(app, activity))
    page = client.get(path).get_data(as_text=True)
    assert "还没有注册为志愿者" in page
    assert f"/r/{org['a'].code}?next=" in page

    response = client.post(f"{path}/sign-in", follow_redirects=True)
    assert "请先完成注册" in response.get_data(as_text=True)
    assert records(db) == []


def test_first_time_scanner_registers_on_the_spot_and_comes_back_to_sign_in(
    app, client, db, org, activity, make_staff
):
    make_staff(org["a1"], "韩梅梅", "000456", phone="13912340000")
    path = ticket_path(client, code_of(app, activity))
    login_page = client.get(client.get(path).headers["Location"]).get_data(as_text=True)
    assert f'href="/r/{org["a"].code}?next=/checkin/' in login_page

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
    assert response.status_code == 302 and response.headers["Location"] == path
    client.post(f"{path}/sign-in")
    [record] = records(db)
    assert record.account.display_name == "韩梅梅" and record.activity_id == activity.id


def test_registration_ignores_a_next_that_leaves_the_site(client, org, make_staff):
    make_staff(org["a1"], "韩梅梅", "000456", phone="13912340000")
    response = client.post(
        f"/r/{org['a'].code}?next=https://evil.example/",
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
    assert response.headers["Location"] == "/me"


def test_login_without_a_scan_keeps_remember_off(client):
    page = client.get("/login?next=/units").get_data(as_text=True)
    assert '<input checked id="remember"' not in page and "第一次使用" not in page


def test_late_sign_out_sends_the_session_to_review_and_keeps_that(
    app, client, db, org, make_activity, volunteer, login_as
):
    activity = make_activity(org["a"], starts_at=utc_now() - timedelta(hours=6), hours=3)
    record_sign_in(
        account=volunteer,
        activity=activity,
        source=RecordSource.SELF_SCAN,
        at=utc_now() - timedelta(hours=5),
    )
    db.session.commit()
    login_as(volunteer)
    ticket_path(client, code_of(app, activity))
    # Scanned on this phone just before the window closed; the sign-out arrives after it.
    claims = tokens.Claims(tokens.ACTIVITY_ROTATING, activity.token_key, 0)
    ticket = scan_tickets.make_ticket(app.config["SECRET_KEY"], claims, device_of(app, client))
    path = f"/checkin/{ticket}"

    page = client.post(f"{path}/sign-out", follow_redirects=True).get_data(as_text=True)

    assert "签退时间已过，本次签到已交由负责人核实后计算时长。" in page
    db.session.expire_all()
    [record] = records(db)
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.review_reason == "forgotten_sign_out" and record.hours == 0
