"""The offline scanner in a real headless Chromium: scans kept on the device while the network is
down (DevTools' offline emulation), shown as waiting, sent once when it returns; a device clock
20 minutes off goes to review; a sign-out that reached the server before its sign-in is applied;
the page opens from its service worker while the server is unreachable; a plain-http page says
why it can neither use the camera nor keep scans.

The first test feeds Chromium's fake camera a video of three personal codes (a .y4m file drawn
here); the others type codes into the page's entry box, which takes the camera decoder's path.
"""

from __future__ import annotations

import socket
import uuid
from datetime import timedelta

import pytest
from browser import console_errors, log_in, phone_browser
from offline_scanner_world import CODE_SECONDS, LEAD_SECONDS, camera_video, serving
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from volunteer.auth.models import Role
from volunteer.clock import utc_now
from volunteer.records.models import RecordStatus, ServiceRecord
from volunteer.records.rules import ReviewReason
from volunteer.scanner.models import OfflineOutcome, OfflineScan, ScanAction
from volunteer.scanner.services import codes, offline
from volunteer.scanner.services.queue_payload import QueuedScan

pytestmark = pytest.mark.browser


def _network(browser, *, offline_now: bool) -> None:
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": offline_now, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )


def _scan(browser, token: str) -> None:
    box = browser.find_element(By.CSS_SELECTOR, ".scanner-manual input[name=code]")
    box.send_keys(token)
    browser.find_element(By.CSS_SELECTOR, ".scanner-manual button").click()


def _choose(browser, action: str) -> None:
    browser.find_element(By.CSS_SELECTOR, f"input[name=scan-action][value={action}]").click()


def _scanner(browser):
    return browser.find_element(By.CSS_SELECTOR, ".scanner")


def _wait_for(browser, name: str, value: str, seconds: int = 15) -> None:
    WebDriverWait(browser, seconds).until(lambda b: _scanner(b).get_attribute(name) == value)


def _kept(browser) -> list[bool]:
    """Whether the worker's cache holds the page, its decoder and a module the page imports."""
    return browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const root = document.querySelector(".scanner");
        const urls = [location.href, root.dataset.wasmUrl, "/static/js/scanner-offline.js"];
        caches
          .open("scanner-v1")
          .then((cache) => Promise.all(urls.map((url) => cache.match(url))))
          .then((found) => done(found.map(Boolean)), () => done([]));
        """
    )


def _records(db) -> list[ServiceRecord]:
    db.session.expire_all()
    return list(db.session.scalars(select(ServiceRecord).order_by(ServiceRecord.id)))


@pytest.fixture(name="hall")
def hall_fixture(db, org, make_account, make_volunteer, make_activity):
    """A coordinator, an activity under way and four volunteers with phone codes."""
    coordinator = make_account("coord-a", Role.COORDINATOR, org["a"], display_name="陈协调")
    activity = make_activity(org["a"], "社区义诊")
    people = [make_volunteer(org["a1"], name) for name in ("王小明", "欧阳娜娜", "李雷", "韩梅梅")]
    person_codes = [codes.phone_code_for(person) for person in people]
    db.session.commit()
    return {"coordinator": coordinator, "activity": activity, "codes": person_codes}


@pytest.fixture(name="camera_browser")
def camera_browser_fixture(hall, tmp_path):
    """A headless Chromium whose camera, granted without asking, films three personal codes."""
    links = [codes.code_link(codes.phone_token(code, utc_now())) for code in hall["codes"][:3]]
    video = camera_video(tmp_path / "codes.y4m", links)
    yield from phone_browser(
        tmp_path,
        (
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ),
    )


def test_scans_kept_offline_are_sent_once_when_the_network_returns(
    server, camera_browser, db, hall, tmp_path
):
    activity, browser = hall["activity"], camera_browser
    log_in(browser, server, hall["coordinator"].username)
    browser.get(f"{server}/activities/{activity.id}/scanner")
    _choose(browser, "sign_in")
    _wait_for(browser, "data-waiting", "0")
    _wait_for(browser, "data-mode", "camera", seconds=LEAD_SECONDS - 5)
    assert "摄像头扫码" in browser.find_element(By.CSS_SELECTOR, ".scanner-mode").text
    # The service worker keeps the page and its files, so it opens again without a network.
    WebDriverWait(browser, 15).until(lambda b: _kept(b) == [True, True, True])

    _network(browser, offline_now=True)
    _wait_for(browser, "data-mode", "offline")
    # The camera reads the three codes (each a link, as any phone's camera app would open it).
    _wait_for(browser, "data-waiting", "3", seconds=LEAD_SECONDS + 3 * CODE_SECONDS + 15)

    assert "待上传：3 条" in browser.find_element(By.CSS_SELECTOR, ".scanner-queue-count").text
    assert "网络已断开" in browser.find_element(By.CSS_SELECTOR, ".scanner-mode").text
    assert len(browser.find_elements(By.CSS_SELECTOR, ".scanner-queue-list .scan-waiting")) == 3
    assert _records(db) == []
    browser.find_element(By.CSS_SELECTOR, ".scanner-queue").screenshot(
        str(tmp_path / "offline-queue.png")
    )

    _network(browser, offline_now=False)
    _wait_for(browser, "data-waiting", "0")

    accepted = browser.find_elements(By.CSS_SELECTOR, ".scanner-queue-list .scan-accepted")
    assert len(accepted) == 3
    assert "签到成功" in accepted[0].text
    made = _records(db)
    assert len(made) == 3
    assert all(record.made_offline and record.status == RecordStatus.OPEN for record in made)
    browser.find_element(By.CSS_SELECTOR, ".scanner-queue").screenshot(
        str(tmp_path / "offline-sent.png")
    )

    # The same queue sent again (a retry whose answer was lost) adds nothing.
    resent = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        (async () => {
          const scans = await window.scannerQueue.all();
          const queueUrl = scans[0].queueUrl;
          const ticket = await (await fetch(queueUrl)).json();
          const response = await fetch(queueUrl, {
            method: "POST",
            headers: { "Content-Type": "application/json", "X-CSRFToken": ticket.csrf_token },
            body: JSON.stringify({ device_now: Date.now(), scans }),
          });
          done((await response.json()).results.map((r) => r.outcome));
        })();
        """
    )
    assert resent == ["accepted"] * 3
    assert len(_records(db)) == 3
    assert console_errors(browser) == []


def test_a_device_clock_twenty_minutes_off_goes_to_review(server, browser, db, hall):
    activity = hall["activity"]
    # The device's clock runs 20 minutes fast (the page's Date.now, before any script runs).
    browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument",
        {"source": "const realNow = Date.now; Date.now = () => realNow() + 20 * 60 * 1000;"},
    )
    log_in(browser, server, hall["coordinator"].username)
    browser.get(f"{server}/activities/{activity.id}/scanner")
    _wait_for(browser, "data-waiting", "0")
    _choose(browser, "sign_in")

    _scan(browser, codes.phone_token(hall["codes"][0], utc_now()))

    WebDriverWait(browser, 15).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, ".scanner-queue-list .scan-review")
    )
    line = browser.find_element(By.CSS_SELECTOR, ".scanner-queue-list .scan-review").text
    assert "已记录，待审核" in line and "设备时钟与服务器相差20分钟" in line
    (record,) = _records(db)
    assert record.review_reason == ReviewReason.OFFLINE_CLOCK
    row = db.session.scalar(select(OfflineScan))
    assert row.outcome == OfflineOutcome.REVIEW
    assert -1210 <= row.clock_offset_seconds <= -1190


def test_a_sign_out_that_arrived_first_is_applied_when_the_sign_in_does(server, browser, db, hall):
    activity, code = hall["activity"], hall["codes"][0]
    log_in(browser, server, hall["coordinator"].username)
    browser.get(f"{server}/activities/{activity.id}/scanner")
    _wait_for(browser, "data-waiting", "0")
    # No camera in this browser: the page says which mode it is in and why.
    _wait_for(browser, "data-mode", "no_camera", seconds=20)
    assert "没有可用的摄像头" in browser.find_element(By.CSS_SELECTOR, ".scanner-mode").text
    # Nothing is kept before the coordinator says what the scans are for.
    _scan(browser, codes.phone_token(code, utc_now()))
    assert "请先选择" in browser.find_element(By.CSS_SELECTOR, ".scan-result").text
    _choose(browser, "sign_in")
    _network(browser, offline_now=True)
    _wait_for(browser, "data-mode", "offline")
    _scan(browser, codes.phone_token(code, utc_now()))
    _wait_for(browser, "data-waiting", "1")

    # Meanwhile another coordinator's phone, online, sends its sign-out of the same person.
    later = utc_now() + timedelta(minutes=1)
    token = codes.phone_token(code, later)
    (held,) = offline.receive_queue(
        activity=activity,
        scans=[QueuedScan(str(uuid.uuid4()), token, ScanAction.SIGN_OUT, later)],
        device_now=later,
        by=hall["coordinator"],
        now=later,
    )
    db.session.commit()
    assert held.outcome == OfflineOutcome.HELD
    assert _records(db) == []

    _network(browser, offline_now=False)
    _wait_for(browser, "data-waiting", "0")

    line = browser.find_element(By.CSS_SELECTOR, ".scanner-queue-list li").text
    assert "签到成功" in line and "签退已一并记录" in line
    (record,) = _records(db)
    assert record.signed_out_at is not None and record.signed_out_at > record.signed_in_at
    assert record.status != RecordStatus.OPEN


def test_the_page_opens_and_keeps_scans_while_the_server_is_unreachable(app, browser, db, hall):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    activity, code = hall["activity"], hall["codes"][0]
    with serving(app, port) as server:
        log_in(browser, server, hall["coordinator"].username)
        page = f"{server}/activities/{activity.id}/scanner"
        browser.get(page)
        _choose(browser, "sign_in")
        WebDriverWait(browser, 15).until(lambda b: _kept(b) == [True, True, True])

    # The server is gone (the browser still thinks it is online): the worker opens the page.
    browser.get(page)
    _wait_for(browser, "data-waiting", "0")
    assert activity.title in browser.find_element(By.CSS_SELECTOR, ".scanner").text
    _scan(browser, codes.phone_token(code, utc_now()))
    _wait_for(browser, "data-waiting", "1")
    assert _records(db) == []

    with serving(app, port):
        browser.find_element(By.CSS_SELECTOR, ".scanner-queue-send").click()
        _wait_for(browser, "data-waiting", "0")

    (record,) = _records(db)
    assert record.made_offline  # its first sending failed: it waited on the device
    assert "签到成功" in browser.find_element(By.CSS_SELECTOR, ".scanner-queue-list li").text


@pytest.fixture(name="intranet_browser")
def intranet_browser_fixture(tmp_path):
    """A headless Chromium that reaches the test server as registry.intranet, over plain http."""
    yield from phone_browser(tmp_path, ("--host-resolver-rules=MAP registry.intranet 127.0.0.1",))


def test_a_plain_http_page_says_why_it_neither_scans_nor_queues(server, intranet_browser, hall):
    # An intranet host over plain http is not a secure context, unlike 127.0.0.1.
    browser, site = intranet_browser, server.replace("127.0.0.1", "registry.intranet")
    log_in(browser, site, hall["coordinator"].username)
    browser.get(f"{site}/activities/{hall['activity'].id}/scanner")

    _wait_for(browser, "data-mode", "insecure")
    mode = browser.find_element(By.CSS_SELECTOR, ".scanner-mode").text
    assert "http" in mode and "个人码是网址" in mode
    assert not browser.find_element(By.CSS_SELECTOR, ".scanner-queue").is_displayed()
    assert not browser.execute_script("return window.isSecureContext")
