"""The coordinator's scanner over HTTP: the scan endpoint and page, scope, and search by hand."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from scanner_world import (  # noqa: F401 - the fixtures are used by name
    live_fixture,
    records,
)
from sqlalchemy import func, select
from static_names import static_path

from volunteer.activities.models import Signup
from volunteer.auth.models import Role
from volunteer.clock import utc_now
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord
from volunteer.scanner.services import codes

# --- Through HTTP --------------------------------------------------------------------------------


def _scan_url(activity) -> str:
    return f"/activities/{activity.id}/scan"


def test_scan_endpoint_answers_json_and_records_the_device(client, login_as, db, live):
    login_as(live["coordinator"])
    token = codes.phone_token(live["code"], utc_now())

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
        _scan_url(live["activity"]), json={"token": codes.phone_token(live["code"], utc_now())}
    )
    (record,) = records(db)
    record.signed_in_at = utc_now() - timedelta(minutes=50)
    db.session.commit()

    body = client.post(
        _scan_url(live["activity"]), json={"token": codes.phone_token(live["code"], utc_now())}
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
    token = codes.phone_token(live["code"], utc_now())

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
    assert static_path("vendor/barcode-detector.js") in page
    assert static_path("vendor/zxing_reader.wasm") in page
    assert "https" in page  # the camera notice explains why http pages cannot scan
    assert not re.search(r'(src|href)="(https?:)?//', page)


def test_hospital_b_coordinator_cannot_scan_at_hospital_a(client, login_as, db, live, make_account):
    login_as(make_account("coord-b", Role.COORDINATOR, live["org"]["b"]))
    activity_id = live["activity"].id
    token = codes.phone_token(live["code"], utc_now())
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
    outsider_code = codes.phone_code_for(outsider)
    db.session.commit()
    login_as(live["coordinator"])
    body = client.post(
        _scan_url(live["activity"]), json={"token": codes.phone_token(outsider_code, utc_now())}
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
    # From another hospital: found because they signed up (tests/test_scanner_search_scope.py).
    db.session.add(Signup(activity_id=live["activity"].id, account_id=outsider.id))
    db.session.commit()
    make_staff(live["org"]["a1"], "王小亮")  # on the roster, never registered
    login_as(live["coordinator"])

    by_name = _search(client, live["activity"], "王小")["results"]
    assert sorted(person["name"] for person in by_name) == ["王小明", "王小红"]
    assert all("*" in person["phone"] for person in by_name)
    assert "13912345678" not in str(by_name)

    (by_staff_no,) = _search(client, live["activity"], "B00077")["results"]
    assert by_staff_no["account_id"] == outsider.id
    assert by_staff_no["unit"] == "急诊科"
    assert by_staff_no["phone"] == "137****1111"

    (by_phone,) = _search(client, live["activity"], "13912345678")["results"]
    assert by_phone["name"] == "王小明"
    (by_name_and_tail,) = _search(client, live["activity"], "王 1111")["results"]
    assert by_name_and_tail["account_id"] == outsider.id


def test_search_needs_two_characters_and_lists_at_most_twenty(
    client, login_as, db, live, make_volunteer
):
    for n, last in enumerate("子丑寅卯辰巳午未申酉戌亥甲乙丙丁戊己庚辛壬癸"):
        make_volunteer(live["org"]["a1"], f"李明{'甲' if n < 10 else '乙'}{last}")
    login_as(live["coordinator"])

    short = _search(client, live["activity"], "李")
    assert short["results"] == [] and short["too_short"] is True
    assert len(_search(client, live["activity"], "李明")["results"]) == 20
    assert len(_search(client, live["activity"], "李明甲")["results"]) == 10


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
