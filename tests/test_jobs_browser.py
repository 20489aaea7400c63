"""The job page in a real browser: its script follows the progress, then offers the file."""

from __future__ import annotations

import job_kinds_for_tests  # noqa: F401  (registers the test.* kinds)
import pytest
from browser import console_errors, log_in
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from volunteer.auth.models import Role
from volunteer.jobs import beats, handoff, services
from volunteer.jobs.models import JobStatus
from volunteer.jobs.storage import jobs_folder

pytestmark = pytest.mark.browser


def text_of(browser, selector: str) -> str:
    return browser.find_element(By.CSS_SELECTOR, selector).text


def test_the_job_page_follows_a_running_job_and_offers_its_file_when_done(
    db, org, make_account, server, browser
):
    owner = make_account("exporter", Role.MANAGER, org["a"])
    job = services.submit("test.count", {"steps": 10}, by=owner, unit_id=org["a"].id)
    job.status, job.attempts = JobStatus.RUNNING, 1
    db.session.commit()
    beats.send(job.id, 2, 10)
    log_in(browser, server, "exporter")

    browser.get(f"{server}/jobs/{job.id}")
    wait = WebDriverWait(browser, 10)
    assert text_of(browser, ".job-count") == "2 / 10"
    assert not browser.find_element(By.CSS_SELECTOR, ".job-file").is_displayed()

    beats.send(job.id, 7, 10)
    wait.until(lambda b: text_of(b, ".job-count") == "7 / 10")
    assert browser.find_element(By.CSS_SELECTOR, ".job-progress").get_attribute("value") == "70"

    published = handoff.publish(b"1\n", jobs_folder() / f"job-{job.id}-done.txt")
    job.status, job.done, job.total = JobStatus.DONE, 10, 10
    job.filename, job.file_path = "count.txt", str(published.path)
    job.file_size, job.file_sha256 = published.size, published.sha256
    db.session.commit()
    wait.until(lambda b: b.find_element(By.CSS_SELECTOR, ".job-file").is_displayed())
    link = browser.find_element(By.CSS_SELECTOR, ".job-file a")
    assert link.get_attribute("href").endswith(f"/jobs/{job.id}/file")
    assert text_of(browser, ".job-status") == "已完成"
    assert console_errors(browser) == []
