"""Scanning an activity's code and signing in on the phone: the scan landing, the ticket page,
login and registration on the spot, and what each refusal leaves behind (nothing)."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import PASSWORD

from volunteer.activities.models import ActivityStatus, Signup, SignupStatus
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.checkin import tokens
from volunteer.clock import utc_now
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.records.services import record_sign_in

PHONE_UA = "Mozilla/5.0 (iPhone) MicroMessenger/8.0.49"


def code_of(app, activity, now=None) -> str:
    """The screen's rotating code for `activity` at `now`, as the camera reads it."""
    return tokens.activity_token(
        app.config["SECRET_KEY"],
        activity.token_key,
        now or utc_now(),
        app.config["QR_ROTATE_SECONDS"],
    )


def poster_code_of(app, activity, generation=None) -> str:
    return tokens.poster_token(
        app.config["SECRET_KEY"],
        activity.token_key,
        activity.static_code_generation if generation is None else generation,
    )


def ticket_path(client, token: str) -> str:
    """Scan `token` and return the ticket page it leads to."""
    response = client.get(f"/s/{token}")
    assert response.status_code == 302, response.get_data(as_text=True)
    path = urlsplit(response.headers["Location"]).path
    assert path.startswith("/checkin/")
    return path


def records(db) -> list[ServiceRecord]:
    db.session.expire_all()
    return db.session.scalars(db.select(ServiceRecord).order_by(ServiceRecord.id)).all()


def audit_count(db) -> int:
    return db.session.scalar(db.select(db.func.count(AuditEntry.id)))


@pytest.fixture
def volunteer(org, make_volunteer):
    return make_volunteer(org["a1"], "李四")


@pytest.fixture
def activity(org, make_activity):
    return make_activity(org["a"], "社区义诊", hours=3)


# --- The scan landing --------------------------------------------------------------------------


def test_scan_carries_a_ticket_to_the_sign_in_page_and_writes_nothing(app, client, db, activity):
    before = audit_count(db)
    path = ticket_path(client, code_of(app, activity))
    assert records(db) == [] and audit_count(db) == before
    # Anonymous: the ticket page asks for a login and comes back to the same ticket.
    response = client.get(path)
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == [path]


def refused_tokens(app, activity, cancelled, unknown):
    code = code_of(app, activity)
    body = code.partition(".")[2]
    return {
        "expired": (code_of(app, activity, utc_now() - timedelta(seconds=125)), 410, "已过期"),
        "tampered": (code[:-6] + ("A" if code[-6] != "A" else "B") + code[-5:], 400, "无效"),
        "personal code": (
            tokens.personal_token(app.config["SECRET_KEY"], "someone", utc_now(), 30),
            400,
            "不是活动签到码",
        ),
        "old version": (f"0.{body}", 410, "版本已停用"),
        "unknown activity": (code_of(app, unknown), 404, "找不到该活动"),
        "cancelled activity": (code_of(app, cancelled), 410, "已取消"),
        "poster not allowed": (poster_code_of(app, activity), 410, "不接受海报码"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "expired",
        "tampered",
        "personal code",
        "old version",
        "unknown activity",
        "cancelled activity",
        "poster not allowed",
    ],
)
def test_refused_scan_says_why_and_leaves_no_record_and_no_ticket(
    case, app, client, db, org, activity, make_activity, volunteer, login_as
):
    cancelled = make_activity(org["a"], "已取消的活动", status=ActivityStatus.CANCELLED)
    unknown = make_activity(org["a"], "将被换钥匙的活动")
    token, status, words = refused_tokens(app, activity, cancelled, unknown)[case]
    unknown.token_key = "no-such-key"
    db.session.commit()
    login_as(volunteer)
    before = audit_count(db)

    response = client.get(f"/s/{token}")

    assert response.status_code == status
    assert "Location" not in response.headers
    page = response.get_data(as_text=True)
    assert words in page and "没有留下任何记录" in page
    assert records(db) == [] and audit_count(db) == before


def test_ticket_that_was_tampered_with_or_expired_is_refused(
    app, client, db, activity, volunteer, login_as
):
    login_as(volunteer)
    path = ticket_path(client, code_of(app, activity))
    assert client.get(path[:-3] + "xyz").status_code == 400
    assert client.post(path[:-3] + "xyz/sign-in").status_code == 400
    app.config["SCAN_TICKET_MINUTES"] = -1
    expired = client.post(f"{path}/sign-in")
    assert expired.status_code == 410 and "重新扫描" in expired.get_data(as_text=True)
    assert records(db) == []


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

    signed_out = client.post(f"{again}/sign-out", follow_redirects=True).get_data(as_text=True)
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

    refused = client.get(f"/s/{old_poster}")
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


def test_sign_up_required_activity_refuses_walk_ins(
    app, client, db, org, make_activity, volunteer, login_as
):
    activity = make_activity(org["a"], signup_required=True)
    login_as(volunteer)
    path = ticket_path(client, code_of(app, activity))
    page = client.post(f"{path}/sign-in", follow_redirects=True).get_data(as_text=True)
    assert "需要提前报名" in page and records(db) == []

    db.session.add(
        Signup(activity_id=activity.id, account_id=volunteer.id, status=SignupStatus.CONFIRMED)
    )
    db.session.commit()
    client.post(f"{path}/sign-in")
    assert len(records(db)) == 1


def test_activity_cancelled_after_the_scan_refuses_the_ticket(
    app, client, db, activity, volunteer, login_as
):
    login_as(volunteer)
    path = ticket_path(client, code_of(app, activity))
    activity.status = ActivityStatus.CANCELLED
    db.session.commit()
    assert client.get(path).status_code == 410
    response = client.post(f"{path}/sign-in")
    assert response.status_code == 410 and "已取消" in response.get_data(as_text=True)
    assert records(db) == []


def test_a_ticket_signs_in_only_at_its_own_activity(
    app, client, db, org, activity, make_activity, volunteer, login_as
):
    other = make_activity(org["a"], "导诊陪诊")
    login_as(volunteer)
    path_a = ticket_path(client, code_of(app, activity))
    path_b = ticket_path(client, code_of(app, other))
    client.post(f"{path_a}/sign-in")

    page_b = client.get(path_b).get_data(as_text=True)
    assert "您正在「社区义诊」签到中" in page_b and "签到</button>" not in page_b
    response = client.post(f"{path_b}/sign-in", follow_redirects=True).get_data(as_text=True)
    assert "请先在该活动签退" in response
    signed_out_b = client.post(f"{path_b}/sign-out", follow_redirects=True)
    assert "还没有在本活动签到" in signed_out_b.get_data(as_text=True)

    [record] = records(db)
    assert record.activity_id == activity.id and record.status == RecordStatus.OPEN


def test_a_forged_ticket_for_another_activity_is_refused(
    app, client, db, org, activity, make_activity, volunteer, login_as
):
    """The URL carries only the signed ticket: naming another activity needs the secret."""
    other = make_activity(org["b"], "别院活动")
    login_as(volunteer)
    path = ticket_path(client, code_of(app, activity))
    signature = path.removeprefix("/checkin/").partition(".")[2]
    claims = tokens.Claims(tokens.ACTIVITY_ROTATING, other.token_key, 1)
    forged_payload = tokens.make_ticket(app.config["SECRET_KEY"] + "?", claims).partition(".")[0]
    for forged in (
        tokens.make_ticket("guessed-secret", claims),
        f"{forged_payload}.{signature}",
    ):
        assert client.get(f"/checkin/{forged}").status_code == 400
        assert client.post(f"/checkin/{forged}/sign-in").status_code == 400
    assert records(db) == []


def test_get_of_the_scan_and_the_ticket_page_never_write(
    app, client, db, activity, volunteer, login_as
):
    """WeChat fetches links for previews: only the button's POST may sign in."""
    login_as(volunteer)
    before = audit_count(db)
    for _ in range(3):
        client.get(ticket_path(client, code_of(app, activity)))
    assert records(db) == [] and audit_count(db) == before


def test_page_fits_a_phone_and_escapes_the_title(
    app, client, org, make_activity, volunteer, login_as
):
    activity = make_activity(org["a"], "<b>义诊</b>")
    login_as(volunteer)
    page = client.get(ticket_path(client, code_of(app, activity))).get_data(as_text=True)
    assert "&lt;b&gt;义诊&lt;/b&gt;" in page and "<b>义诊</b>" not in page


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
    # Scanned just before the window closed; the sign-out itself arrives after it.
    claims = tokens.Claims(tokens.ACTIVITY_ROTATING, activity.token_key, 0)
    path = f"/checkin/{tokens.make_ticket(app.config['SECRET_KEY'], claims)}"

    page = client.post(f"{path}/sign-out", follow_redirects=True).get_data(as_text=True)

    assert "签退时间已过，本次签到已交由负责人核实后计算时长。" in page
    db.session.expire_all()
    [record] = records(db)
    assert record.status == RecordStatus.NEEDS_REVIEW
    assert record.review_reason == "forgotten_sign_out" and record.hours == 0
