"""Scanning an activity's code on the phone: the scan landing, and the codes and tickets that are
refused, with what each refusal leaves behind (nothing)."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from checkin_world import (  # noqa: F401 - the fixtures are used by name
    activity_fixture,
    audit_count,
    code_of,
    device_of,
    poster_code_of,
    records,
    ticket_path,
    volunteer_fixture,
)

from volunteer.activities.models import ActivityStatus, Signup, SignupStatus
from volunteer.checkin import scan_tickets, tokens
from volunteer.clock import utc_now
from volunteer.records.models import RecordStatus

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
    # Version 2 codes have no dot: take a version 1 body and give it a version never made.
    secret = app.config["SECRET_KEY"]
    legacy = tokens.legacy_token(secret, tokens.ACTIVITY_ROTATING, activity.token_key, 0)
    body = legacy.partition(".")[2]
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


def refused_world(app, db, org, activity, make_activity, case):
    cancelled = make_activity(org["a"], "已取消的活动", status=ActivityStatus.CANCELLED)
    unknown = make_activity(org["a"], "将被换钥匙的活动")
    token, status, words = refused_tokens(app, activity, cancelled, unknown)[case]
    unknown.token_key = "no-such-key"
    db.session.commit()
    return token, status, words


def assert_refused(db, response, status, words, audits_before):
    assert response.status_code == status
    assert "Location" not in response.headers
    page = response.get_data(as_text=True)
    assert words in page and "没有留下任何记录" in page
    assert records(db) == [] and audit_count(db) == audits_before


# What the code itself says is wrong: refused at the scan, before any ticket.
@pytest.mark.parametrize("case", ["expired", "tampered", "personal code", "old version"])
def test_refused_scan_says_why_and_leaves_no_record_and_no_ticket(
    case, app, client, db, org, activity, make_activity, volunteer, login_as
):
    token, status, words = refused_world(app, db, org, activity, make_activity, case)
    login_as(volunteer)
    before = audit_count(db)

    assert_refused(db, client.get(f"/s/{token}"), status, words, before)


# What only the activity's row says is wrong.
ACTIVITY_REFUSALS = ["unknown activity", "cancelled activity", "poster not allowed"]


@pytest.mark.parametrize("case", ACTIVITY_REFUSALS)
def test_an_anonymous_scan_of_a_dead_activity_is_refused_before_the_login_page(
    case, app, client, db, org, activity, make_activity
):
    token, status, words = refused_world(app, db, org, activity, make_activity, case)
    before = audit_count(db)

    assert_refused(db, client.get(f"/s/{token}"), status, words, before)


@pytest.mark.parametrize("case", ACTIVITY_REFUSALS)
def test_a_logged_in_scan_of_a_dead_activity_is_refused_on_the_ticket_page(
    case, app, client, db, org, activity, make_activity, volunteer, login_as
):
    # The scan of someone logged in reads nothing (the ticket page reads the activity with the
    # person's state in one statement): the refusal comes one redirect later, with no button.
    token, status, words = refused_world(app, db, org, activity, make_activity, case)
    login_as(volunteer)
    before = audit_count(db)

    path = ticket_path(client, token)

    assert_refused(db, client.get(path), status, words, before)
    assert client.post(f"{path}/sign-in").status_code == status
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


# --- Tickets that do not fit -------------------------------------------------------------------


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
    # <version>.<payload>.<timestamp>.<signature>: keep this phone's timestamp and signature.
    version, _, rest = path.removeprefix("/checkin/").partition(".")
    stamp_and_signature = rest.partition(".")[2]
    claims = tokens.Claims(tokens.ACTIVITY_ROTATING, other.token_key, 1)
    device = device_of(app, client)
    guessed = scan_tickets.make_ticket(app.config["SECRET_KEY"] + "?", claims, device)
    forged_payload = guessed.split(".")[1]
    for forged in (
        scan_tickets.make_ticket("guessed-secret", claims, device),
        f"{version}.{forged_payload}.{stamp_and_signature}",
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
