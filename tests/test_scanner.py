"""The coordinator's scanner: a scan toggles a session, refused codes record nothing, search."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from conftest import local_time
from sqlalchemy import func, select

from volunteer.auth.models import Role
from volunteer.checkin import tokens
from volunteer.clock import utc_now
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.registration.models import Registration, RegistrationStatus
from volunteer.scanner import services
from volunteer.scanner.services import Outcome, ScanRefused


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    """Return a local time on 5 March 2026, the day of the test activity."""
    return local_time(2026, 3, 5, hour, minute, second)


@pytest.fixture
def world(db, org, make_volunteer, make_activity, make_account):
    """A volunteer of hospital A with a phone code, a 09:00–12:00 activity and its coordinator."""
    volunteer = make_volunteer(org["a1"], "王小明", phone="13912345678")
    code = services.phone_code_for(volunteer)
    db.session.commit()
    return {
        "org": org,
        "volunteer": volunteer,
        "code": code,
        "activity": make_activity(org["a"], "社区义诊", starts_at=at(9), hours=3),
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a"]),
    }


def scan(world, now: datetime, token: str | None = None):
    token = token if token is not None else services.phone_token(world["code"], now)
    return services.scan_person(
        activity=world["activity"], token=token, by=world["coordinator"], now=now
    )


def records(db) -> list[ServiceRecord]:
    return list(db.session.scalars(select(ServiceRecord).order_by(ServiceRecord.id)))


# --- The toggle --------------------------------------------------------------------------------


def test_first_scan_signs_the_volunteer_in_as_the_coordinators_scan(db, world):
    result = scan(world, at(9, 2))
    db.session.commit()

    assert result.outcome == Outcome.SIGNED_IN
    assert result.name == "王小明"
    assert "签到成功" in result.message and "09:02" in result.message
    (record,) = records(db)
    assert record.source == RecordSource.COORDINATOR_SCAN
    assert record.recorded_by_id == world["coordinator"].id
    assert record.status == RecordStatus.OPEN


@pytest.mark.parametrize("seconds_later", [1, 30, 59])
def test_second_scan_in_the_same_minute_is_one_event(db, world, seconds_later):
    scan(world, at(9, 2))
    db.session.commit()

    result = scan(world, at(9, 2) + timedelta(seconds=seconds_later))

    assert result.outcome == Outcome.ALREADY
    assert "已于09:02签到" in result.message
    (record,) = records(db)
    assert record.status == RecordStatus.OPEN


def test_scan_a_minute_or_more_later_signs_out_with_the_hours(db, world):
    scan(world, at(9, 0))
    db.session.commit()

    result = scan(world, at(11, 30))
    db.session.commit()

    assert result.outcome == Outcome.SIGNED_OUT
    assert "签退成功" in result.message and "2.5" in result.message
    (record,) = records(db)
    assert record.status == RecordStatus.APPROVED
    assert record.hours == Decimal("2.5")
    assert record.signed_out_by_id == world["coordinator"].id


def test_scan_just_after_signing_out_is_the_same_event_not_a_new_sign_in(db, world):
    scan(world, at(9, 0))
    scan(world, at(11, 30))
    db.session.commit()

    again = scan(world, at(11, 30, 40))
    assert again.outcome == Outcome.ALREADY
    assert "已于11:30签退" in again.message
    assert len(records(db)) == 1

    later = scan(world, at(11, 32))
    assert later.outcome == Outcome.SIGNED_IN
    assert len(records(db)) == 2


def test_scan_of_someone_signed_in_at_another_activity_is_refused(db, world, make_activity):
    other = make_activity(world["org"]["b"], "无偿献血", starts_at=at(9), hours=3)
    services.toggle_attendance(
        account=world["volunteer"],
        activity=other,
        by=world["coordinator"],
        source=RecordSource.COORDINATOR_SCAN,
        now=at(9, 0),
    )
    db.session.commit()

    with pytest.raises(ScanRefused) as refused:
        scan(world, at(9, 30))

    assert "无偿献血" in refused.value.message and "王小明" in refused.value.message
    assert refused.value.name == "王小明"
    assert [r.activity_id for r in records(db)] == [other.id]


def test_scan_outside_the_sign_in_window_is_refused_with_the_rule(db, world):
    with pytest.raises(ScanRefused) as refused:
        scan(world, at(7, 0))
    assert refused.value.message.startswith("王小明")
    assert records(db) == []


# --- Refused codes record nothing ----------------------------------------------------------------


def _tamper(token: str) -> str:
    last = token[-1]
    return token[:-1] + ("A" if last != "A" else "B")


def test_a_personal_code_expires_after_the_accept_window(db, world, app):
    shown = at(9, 0)
    token = services.phone_token(world["code"], shown)
    accept = app.config["QR_ACCEPT_SECONDS"]

    with pytest.raises(ScanRefused) as refused:
        scan(world, shown + timedelta(seconds=accept + 31), token)
    assert "过期" in refused.value.message
    assert records(db) == []
    assert scan(world, shown + timedelta(seconds=accept - 5), token).outcome == Outcome.SIGNED_IN


def test_phone_code_rotates_with_the_window(world, app):
    rotate = app.config["QR_ROTATE_SECONDS"]
    first = services.phone_token(world["code"], at(9, 0))
    assert services.phone_token(world["code"], at(9, 0) + timedelta(seconds=rotate - 1)) == first
    assert services.phone_token(world["code"], at(9, 0) + timedelta(seconds=rotate)) != first


@pytest.mark.parametrize(
    ("make_token", "words"),
    [
        (lambda world, app: _tamper(services.phone_token(world["code"], at(9))), "无法识别"),
        (lambda world, app: "hello world", "无法识别"),
        (lambda world, app: "", "无法识别"),
        (
            lambda world, app: tokens.activity_token(
                app.config["SECRET_KEY"], world["activity"].token_key, at(9), 30
            ),
            "不是志愿者个人码",
        ),
        (
            lambda world, app: tokens.personal_token(
                "another-secret", world["code"].key, at(9), 30
            ),
            "无法识别",
        ),
        (
            lambda world, app: tokens.personal_token(
                app.config["SECRET_KEY"], "no-such-key", at(9), 30
            ),
            "无法识别",
        ),
        # A phone key inside a badge token is not a badge.
        (lambda world, app: services.badge_token(world["code"].key), "无法识别"),
    ],
    ids=["tampered", "not-a-token", "empty", "activity-code", "other-secret", "unknown", "kind"],
)
def test_refused_codes_record_nothing(db, world, app, make_token, words):
    with pytest.raises(ScanRefused) as refused:
        scan(world, at(9, 1), make_token(world, app))
    assert words in refused.value.message
    assert records(db) == []


def test_a_revoked_badge_is_refused_with_a_clear_message(db, world):
    (badge,) = services.issue_badges(accounts=[world["volunteer"]], by=world["coordinator"])
    db.session.commit()
    token = services.badge_token(badge.key)
    services.revoke_badge(badge, by=world["coordinator"], reason="丢失")
    db.session.commit()

    with pytest.raises(ScanRefused) as refused:
        scan(world, at(9, 1), token)
    assert "胸卡" in refused.value.message and "作废" in refused.value.message
    assert refused.value.name == "王小明"
    assert records(db) == []


def test_a_live_badge_signs_in_like_a_phone_code(db, world):
    (badge,) = services.issue_badges(accounts=[world["volunteer"]], by=world["coordinator"])
    db.session.commit()
    result = scan(world, at(9, 1), services.badge_token(badge.key))
    assert result.outcome == Outcome.SIGNED_IN


def test_a_code_of_someone_whose_registration_is_not_active_is_refused(db, world):
    registration = db.session.scalar(
        select(Registration).where(Registration.account_id == world["volunteer"].id)
    )
    registration.status = RegistrationStatus.PENDING
    db.session.commit()
    with pytest.raises(ScanRefused) as refused:
        scan(world, at(9, 1))
    assert "不是已注册的志愿者" in refused.value.message
    assert records(db) == []


# --- Through HTTP --------------------------------------------------------------------------------


@pytest.fixture
def live(db, org, make_volunteer, make_activity, make_account):
    """Like `world`, but the activity began an hour ago, so real-time requests fall in it."""
    volunteer = make_volunteer(org["a1"], "王小明", phone="13912345678")
    code = services.phone_code_for(volunteer)
    db.session.commit()
    return {
        "org": org,
        "volunteer": volunteer,
        "code": code,
        "activity": make_activity(org["a"], "社区义诊"),
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a"]),
    }


def _scan_url(activity) -> str:
    return f"/activities/{activity.id}/scan"


def test_scan_endpoint_answers_json_and_records_the_device(client, login_as, db, live):
    login_as(live["coordinator"])
    token = services.phone_token(live["code"], utc_now())

    response = client.post(
        _scan_url(live["activity"]),
        json={"token": token},
        headers={"User-Agent": "Scanner-Tablet/1.0"},
    )

    assert response.status_code == 200
    assert response.get_json() == {
        "ok": True,
        "outcome": "signed_in",
        "name": "王小明",
        "message": response.get_json()["message"],
    }
    assert "签到成功" in response.get_json()["message"]
    (record,) = records(db)
    assert record.device == "Scanner-Tablet/1.0"

    again = client.post(_scan_url(live["activity"]), json={"token": token}).get_json()
    assert again["outcome"] == "already" and again["ok"] is True


def test_scan_endpoint_refuses_a_bad_code_without_a_record(client, login_as, db, live):
    login_as(live["coordinator"])
    response = client.post(_scan_url(live["activity"]), json={"token": "1.garbage"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["ok"] is False and body["outcome"] == "refused" and body["message"]
    assert records(db) == []
    assert client.post(_scan_url(live["activity"]), data={}).get_json()["outcome"] == "refused"


def test_later_scan_over_http_signs_out(client, login_as, db, live):
    login_as(live["coordinator"])
    client.post(
        _scan_url(live["activity"]), json={"token": services.phone_token(live["code"], utc_now())}
    )
    (record,) = records(db)
    record.signed_in_at = utc_now() - timedelta(minutes=50)
    db.session.commit()

    body = client.post(
        _scan_url(live["activity"]), json={"token": services.phone_token(live["code"], utc_now())}
    ).get_json()

    assert body["outcome"] == "signed_out"
    db.session.refresh(record)
    assert record.status == RecordStatus.APPROVED and record.hours > 0


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_scan_needs_the_csrf_token_in_a_header(client, login_as, db, live, make_account):
    login_page = client.get("/login").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page)[1]
    client.post(
        "/login",
        data={
            "identifier": live["coordinator"].username,
            "password": "correct-horse-9",
            "csrf_token": form_token,
        },
    )
    page = client.get(f"/activities/{live['activity'].id}/scanner").get_data(as_text=True)
    header_token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)[1]
    token = services.phone_token(live["code"], utc_now())

    refused = client.post(_scan_url(live["activity"]), json={"token": token})
    assert refused.status_code == 400
    assert records(db) == []

    accepted = client.post(
        _scan_url(live["activity"]), json={"token": token}, headers={"X-CSRFToken": header_token}
    )
    assert accepted.get_json()["outcome"] == "signed_in"


def test_scanner_page_shows_the_activity_and_loads_local_scripts_only(client, login_as, live):
    login_as(live["coordinator"])
    page = client.get(f"/activities/{live['activity'].id}/scanner").get_data(as_text=True)
    assert "社区义诊" in page and live["activity"].number in page
    assert "/static/vendor/barcode-detector.js" in page
    assert "/static/vendor/zxing_reader.wasm" in page
    assert "https" in page  # the camera notice explains why http pages cannot scan
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_hospital_b_coordinator_cannot_scan_at_hospital_a(client, login_as, db, live, make_account):
    login_as(make_account("coord-b", Role.COORDINATOR, live["org"]["b"]))
    activity_id = live["activity"].id
    token = services.phone_token(live["code"], utc_now())
    volunteer_id = live["volunteer"].id
    assert client.get(f"/activities/{activity_id}/scanner").status_code == 403
    assert client.post(f"/activities/{activity_id}/scan", json={"token": token}).status_code == 403
    assert client.get(f"/activities/{activity_id}/scanner/search?q=王小").status_code == 403
    for action in ("sign-in", "sign-out"):
        url = f"/activities/{activity_id}/people/{volunteer_id}/{action}"
        assert client.post(url).status_code == 403
    assert records(db) == []


def test_coordinator_signs_in_a_volunteer_of_another_hospital(
    client, login_as, db, live, make_volunteer
):
    """By design: commission-level teams draw volunteers from many units."""
    outsider = make_volunteer(live["org"]["b1"], "赵医生")
    outsider_code = services.phone_code_for(outsider)
    db.session.commit()
    login_as(live["coordinator"])
    body = client.post(
        _scan_url(live["activity"]), json={"token": services.phone_token(outsider_code, utc_now())}
    ).get_json()
    assert body["outcome"] == "signed_in" and body["name"] == "赵医生"


# --- Search and sign-in by hand ----------------------------------------------------------------


def _search(client, activity, text):
    response = client.get(f"/activities/{activity.id}/scanner/search", query_string={"q": text})
    assert response.status_code == 200
    return response.get_json()


def test_search_finds_registered_volunteers_by_name_staff_no_or_phone_masked(
    client, login_as, db, live, make_volunteer, make_staff
):
    outsider = make_volunteer(live["org"]["b1"], "王小红", staff_no="B00077", phone="13700001111")
    make_staff(live["org"]["a1"], "王小亮")  # on the roster, never registered
    login_as(live["coordinator"])

    by_name = _search(client, live["activity"], "王小")["results"]
    assert sorted(person["name"] for person in by_name) == ["王小明", "王小红"]
    assert all("*" in person["phone"] for person in by_name)
    assert "13912345678" not in str(by_name)

    (by_staff_no,) = _search(client, live["activity"], "B0007")["results"]
    assert by_staff_no["account_id"] == outsider.id
    assert by_staff_no["unit"] == "急诊科"
    assert by_staff_no["phone"] == "137****1111"

    (by_phone,) = _search(client, live["activity"], "5678")["results"]
    assert by_phone["name"] == "王小明"


def test_search_needs_two_characters_and_lists_at_most_twenty(
    client, login_as, db, live, make_volunteer
):
    for n in range(22):
        make_volunteer(live["org"]["a1"], f"李明{n:02d}")
    login_as(live["coordinator"])

    short = _search(client, live["activity"], "李")
    assert short["results"] == [] and short["too_short"] is True
    assert len(_search(client, live["activity"], "李明")["results"]) == 20
    assert len(_search(client, live["activity"], "李明1")["results"]) == 10


def test_search_result_signs_in_and_out_by_hand(client, login_as, db, live):
    login_as(live["coordinator"])
    (person,) = _search(client, live["activity"], "王小明")["results"]
    assert person["signed_in_here"] is False

    signed_in = client.post(person["sign_in_url"]).get_json()
    assert signed_in["outcome"] == "signed_in"
    (record,) = records(db)
    assert record.source == RecordSource.COORDINATOR_ENTRY

    (person,) = _search(client, live["activity"], "王小明")["results"]
    assert person["signed_in_here"] is True
    twice = client.post(person["sign_in_url"]).get_json()
    assert twice["outcome"] == "already"

    signed_out = client.post(person["sign_out_url"]).get_json()
    assert signed_out["outcome"] == "signed_out"
    again = client.post(person["sign_out_url"]).get_json()
    assert again["outcome"] == "refused" and "签退" in again["message"]
    assert db.session.scalar(select(func.count(ServiceRecord.id))) == 1


def test_sign_in_by_hand_refuses_someone_not_registered(client, login_as, db, live, make_account):
    stranger = make_account("stranger", Role.VOLUNTEER, live["org"]["a1"])
    login_as(live["coordinator"])
    body = client.post(f"/activities/{live['activity'].id}/people/{stranger.id}/sign-in").get_json()
    assert body["outcome"] == "refused" and "不是已注册的志愿者" in body["message"]
    assert records(db) == []
