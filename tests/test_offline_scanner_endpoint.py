"""The offline queue's endpoint (read once, refused whole when unreadable), the installable app's
files, the cost of a replayed queue and the same queue sent by racing requests."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from offline_scanner_world import queued, receive, stored, token_at
from scanner_world import (  # noqa: F401 - the fixtures are used by name
    at,
    live_fixture,
    records,
    world_fixture,
)

from volunteer.clock import utc_now
from volunteer.records.models import RecordStatus
from volunteer.scanner.models import OfflineOutcome, ScanAction
from volunteer.scanner.services import codes, offline

# --- The endpoint ---------------------------------------------------------------------------------


def _ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def test_the_endpoint_receives_a_queue_once(client, db, live, login_as):
    login_as(live["coordinator"])
    activity = live["activity"]
    now = utc_now()
    body = {
        "device_now": _ms(now),
        "scans": [
            {
                "id": str(uuid.uuid4()),
                "token": codes.phone_token(live["code"], now - timedelta(seconds=20)),
                "action": "sign_in",
                "at": _ms(now - timedelta(seconds=20)),
                "offline": True,
            }
        ],
    }
    ticket = client.get(f"/activities/{activity.id}/scanner/queue")
    assert ticket.status_code == 200 and ticket.json["csrf_token"]

    first = client.post(f"/activities/{activity.id}/scanner/queue", json=body)
    again = client.post(f"/activities/{activity.id}/scanner/queue", json=body)

    assert first.status_code == again.status_code == 200
    assert first.json["results"] == again.json["results"]
    (result,) = first.json["results"]
    assert result["id"] == body["scans"][0]["id"]
    assert result["outcome"] == "accepted" and "签到成功" in result["message"]
    (record,) = records(db)
    assert record.made_offline


@pytest.mark.parametrize(
    "body",
    [
        None,
        {"scans": "x", "device_now": 0},
        {"device_now": 0, "scans": [{"id": "short", "token": "t", "action": "sign_in", "at": 0}]},
        {"device_now": 0, "scans": [{"id": "a" * 36, "token": "t", "action": "toggle", "at": 0}]},
        {"device_now": "soon", "scans": []},
        {"device_now": 0, "scans": [{"id": "a" * 36, "token": "t", "action": [], "at": 0}]},
        {"device_now": 0, "scans": [{"id": "a" * 36, "token": "t", "action": "sign_in"}]},
    ],
)
def test_the_endpoint_refuses_a_queue_it_cannot_read(client, db, live, login_as, body):
    login_as(live["coordinator"])

    response = client.post(f"/activities/{live['activity'].id}/scanner/queue", json=body)

    assert response.status_code == 400
    assert response.json["message"] == "扫码队列格式有误，无法读取。"
    assert stored(db) == 0


def test_the_endpoint_takes_at_most_two_hundred_scans(client, db, live, login_as):
    login_as(live["coordinator"])
    scan = {"id": "a" * 36, "token": "t", "action": "sign_in", "at": 0}

    response = client.post(
        f"/activities/{live['activity'].id}/scanner/queue",
        json={"device_now": 0, "scans": [scan] * 201},
    )

    assert response.status_code == 400
    assert "200" in response.json["message"]


# --- The installable app --------------------------------------------------------------------------


def test_the_worker_manifest_and_icons_are_served_locally(client, live):
    with client.get("/activities/scanner-sw.js") as worker:
        assert worker.status_code == 200
        assert worker.mimetype == "text/javascript"
        assert b"scanner-queue.js" in worker.data

    manifest = client.get(f"/activities/{live['activity'].id}/scanner.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    data = manifest.get_json(force=True)
    assert data["start_url"] == f"/activities/{live['activity'].id}/scanner"
    assert data["display"] == "standalone"
    assert data["scope"] == "/activities/"  # the worker's folder: every scanner page
    for icon in data["icons"]:
        assert icon["src"].startswith("/")  # our own server, no CDN
        image = client.get(icon["src"])
        size = int(icon["sizes"].split("x")[0])
        assert image.mimetype == "image/png"
        assert image.data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(image.data[16:20], "big") == size

    assert client.get("/scanner/icon-64.png").status_code == 404


# --- Cost -----------------------------------------------------------------------------------------


def test_a_replayed_queue_costs_one_read_per_scan(db, world):
    from statements import sent_statements

    scans = [
        queued(token_at(world, at(9, 5)), ScanAction.SIGN_IN, at(9, 5)),
        queued(token_at(world, at(11, 0)), ScanAction.SIGN_OUT, at(11, 0)),
    ]
    receive(world, scans, now=at(11, 30))
    db.session.commit()
    db.session.expire_all()

    with sent_statements(db.engine) as statements:
        receive(world, scans * 10, now=at(11, 45))

    # The queue is received once: a lookup per distinct scan id, never another write.
    assert len(statements) <= len(scans) + 2
    assert not [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]


# --- Exactly once, racing -------------------------------------------------------------------------


def test_the_same_queue_sent_by_racing_requests_is_received_once(app, db, world):
    from test_exactly_once import run_race

    from volunteer.auth.models import Account

    coordinator_id = world["coordinator"].id
    scans = [
        queued(token_at(world, at(9, 5)), ScanAction.SIGN_IN, at(9, 5)),
        queued(token_at(world, at(11, 21)), ScanAction.SIGN_OUT, at(11, 21)),
    ]
    scene = {"account_id": world["volunteer"].id, "activity_id": world["activity"].id}

    def send(slot, account, activity):
        by = db.session.get(Account, coordinator_id)
        answers = offline.receive_queue(
            activity=activity, scans=scans, device_now=at(11, 30), by=by, now=at(11, 30)
        )
        return [answer.outcome for answer in answers]

    outcomes = run_race(app, scene, send, racers=4)

    assert outcomes == [[OfflineOutcome.ACCEPTED] * 2] * 4
    db.session.expire_all()
    (record,) = records(db)
    assert (record.signed_in_at, record.signed_out_at) == (at(9, 5), at(11, 21))
    assert record.status == RecordStatus.APPROVED
    assert stored(db) == 2
