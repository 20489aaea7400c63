"""The activity screen and its JSON, and the printed poster: who may see them and what they say."""

import shutil
import subprocess
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from checkin_world import local_clock_today
from conftest import PASSWORD
from static_names import static_path

from volunteer.activities.models import ActivityStatus
from volunteer.auth.models import Role
from volunteer.checkin import tokens
from volunteer.clock import utc_now
from volunteer.documents import fonts
from volunteer.documents import poster as pdf
from volunteer.records.models import RecordSource
from volunteer.records.services import record_sign_in, record_sign_out


@pytest.fixture
def coordinator(org, make_account):
    return make_account("coord", Role.COORDINATOR, org["a"])


@pytest.fixture
def activity(org, make_activity):
    return make_activity(org["a"], "社区义诊", starts_at=utc_now() - timedelta(hours=3), hours=5)


def sign(db, account, activity, minutes_ago, out_minutes_ago=None, now=None):
    now = now or utc_now()
    record_sign_in(
        account=account,
        activity=activity,
        source=RecordSource.SELF_SCAN,
        at=now - timedelta(minutes=minutes_ago),
    )
    if out_minutes_ago is not None:
        record_sign_out(
            account=account, activity=activity, at=now - timedelta(minutes=out_minutes_ago)
        )
    db.session.commit()


def test_screen_state_counts_people_and_lists_the_latest_with_masked_names(
    app, client, db, org, make_activity, coordinator, make_volunteer, login_as, monkeypatch
):
    # Local midday: a scene of two hours before it never crosses local midnight, where the
    # screen starts counting a new day.
    now = local_clock_today(app, 12)
    monkeypatch.setattr("volunteer.checkin.views.screen.utc_now", lambda: now)
    activity = make_activity(org["a"], "社区义诊", starts_at=now - timedelta(hours=3), hours=5)
    wang, li, zhao = (make_volunteer(org["a1"], name) for name in ("王小明", "李四", "赵六"))
    for account, name in ((wang, "王小明"), (li, "李四"), (zhao, "赵六")):
        account.display_name = name  # as registration names the login
    db.session.commit()
    sign(db, wang, activity, 120, out_minutes_ago=30, now=now)
    sign(db, li, activity, 60, now=now)
    sign(db, zhao, activity, 50, now=now)
    login_as(coordinator)

    state = client.get(f"/activities/{activity.id}/screen/state.json").get_json()

    assert state["phase"] == "open"
    assert state["counts"] == {"signed_in": 2, "signed_out": 1}
    assert [(e["name"], e["kind"]) for e in state["latest"]] == [
        ("王**", "sign_out"),
        ("赵*", "sign_in"),
        ("李*", "sign_in"),
        ("王**", "sign_in"),
    ]
    assert state["latest"][0]["action"] == "签退" and len(state["latest"][0]["time"]) == 5
    assert state["qr"].startswith("data:image/svg+xml;base64,")
    assert 1 <= state["seconds_left"] <= state["rotate_seconds"] == 30


def test_screen_code_opens_the_scan_landing_of_this_activity(
    app, client, activity, coordinator, login_as, monkeypatch
):
    shown = []
    monkeypatch.setattr(
        "volunteer.checkin.views.screen.svg_qr_code",
        lambda text, *_level: shown.append(text) or b"<svg/>",
    )
    login_as(coordinator)
    client.get(f"/activities/{activity.id}/screen/state.json")
    [url] = shown
    # Capitals where case does not matter, so the QR code is alphanumeric (short_tokens.py).
    assert url.startswith("HTTP://LOCALHOST/S/")
    claims = tokens.read_token(
        app.config["SECRET_KEY"],
        urlsplit(url).path.removeprefix("/S/"),
        kinds=tokens.ACTIVITY_KINDS,
        now=utc_now(),
        rotate_seconds=30,
        accept_seconds=90,
    )
    assert claims.key == activity.token_key and claims.kind == tokens.ACTIVITY_ROTATING
    assert app.test_client().get(urlsplit(url).path).status_code == 302


@pytest.mark.parametrize(
    ("fields", "phase", "words"),
    [
        ({"status": ActivityStatus.CANCELLED}, "cancelled", "活动已取消"),
        ({"starts_at_hours": 3}, "not_open", "签到将于"),
        ({"starts_at_hours": -4}, "closing", "请扫码签退"),
        ({"starts_at_hours": -8}, "over", "活动已结束"),
    ],
)
def test_screen_shows_no_code_when_the_activity_cannot_be_scanned(
    fields, phase, words, client, org, make_activity, coordinator, login_as
):
    starts = utc_now() + timedelta(hours=fields.pop("starts_at_hours", -1))
    activity = make_activity(org["a"], starts_at=starts, hours=3, **fields)
    login_as(coordinator)
    state = client.get(f"/activities/{activity.id}/screen/state.json").get_json()
    assert state["phase"] == phase and words in state["message"]
    assert (state["qr"] is not None) == (phase == "closing")
    page = client.get(f"/activities/{activity.id}/screen").get_data(as_text=True)
    assert words in page


def test_screen_page_shows_the_activity_and_loads_its_script(
    client, activity, coordinator, login_as
):
    login_as(coordinator)
    page = client.get(f"/activities/{activity.id}/screen").get_data(as_text=True)
    assert "社区义诊" in page and "门诊大厅" in page and "data:image/svg+xml;base64," in page
    assert static_path("js/checkin-screen.js") in page and "<script>" not in page


@pytest.mark.parametrize("path", ["screen", "screen/state.json", "poster.pdf", "poster/revoke"])
def test_other_hospitals_and_volunteers_get_403(
    path, app, org, make_activity, make_account, make_volunteer
):
    activity = make_activity(org["a"], static_code_allowed=True)

    def status_for(account) -> int:
        client = app.test_client()
        client.post("/login", data={"identifier": account.username, "password": PASSWORD})
        method = client.post if path.endswith("revoke") else client.get
        return method(f"/activities/{activity.id}/{path}").status_code

    assert status_for(make_account("other-manager", Role.MANAGER, org["b"])) == 403
    assert status_for(make_volunteer(org["a1"])) == 403
    assert status_for(make_account("manager", Role.MANAGER, org["a"])) in (200, 302)


def test_poster_is_a_pdf_with_the_title_and_the_poster_note(
    client, org, make_activity, coordinator, login_as
):
    activity = make_activity(org["a"], "敬老院健康宣教", static_code_allowed=True)
    login_as(coordinator)
    response = client.get(f"/activities/{activity.id}/poster.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-") and response.data.rstrip().endswith(b"%%EOF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=response.data, capture_output=True, check=True
        ).stdout.decode()
        assert "敬老院健康宣教" in text and "海报码签到" in text and "门诊大厅" in text


def test_poster_is_404_where_static_codes_are_not_allowed(client, activity, coordinator, login_as):
    login_as(coordinator)
    assert client.get(f"/activities/{activity.id}/poster.pdf").status_code == 404
    assert client.post(f"/activities/{activity.id}/poster/revoke").status_code == 404


def test_poster_falls_back_to_the_built_in_font_without_a_truetype_one():
    poster = pdf.Poster(
        title="测试活动",
        heading="扫码签到",
        facts=[("地点", "门诊大厅")],
        instructions=["扫码"],
        note="海报码签到",
        url="http://localhost/s/1.x",
    )
    assert fonts.cjk_font("/no/such/font.ttc") == fonts.FALLBACK_FONT
    assert pdf.render_poster(poster, font_path="/no/such/font.ttc").startswith(b"%PDF-")


def test_screen_requires_login(client, activity):
    response = client.get(f"/activities/{activity.id}/screen/state.json")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
