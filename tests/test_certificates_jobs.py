"""A unit with more people than a request should draw prints its certificates as a job."""

from __future__ import annotations

import re
from datetime import date

import pytest
from certificates_world import (
    LAST_YEAR,
    certificates,
    pdf_text,
    served,
    world_fixture,  # noqa: F401
)
from sqlalchemy import select

from volunteer.jobs.models import Job

pytestmark = pytest.mark.app_config(HUEY_IMMEDIATE=True, CERTIFICATES_PRINT_IN_REQUEST=1)


def test_a_large_unit_is_printed_in_the_background_with_progress(
    world, client, db, login_as, make_volunteer
):
    org = world["org"]
    people = [world["volunteer"], make_volunteer(org["a1"], "陈一")]
    for person in people:
        served(person, world["activity"], date(LAST_YEAR, 3, 5), 3)
    login_as(world["manager"])

    response = client.post(f"/units/{org['a'].id}/certificates/print", data={"year": LAST_YEAR})

    job = db.session.scalars(select(Job)).one()
    assert response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.unit_id) == ("certificates.unit", org["a"].id)
    state = client.get(f"/jobs/{job.id}.json").get_json()
    assert state["status"] == "done"
    assert state["done"] == state["total"] and state["total"] >= len(people)
    with client.get(state["file_url"]) as download:
        assert download.mimetype == "application/pdf"
        text = pdf_text(download.data)
    assert set(re.findall(r"王小明|陈一", text)) == {"王小明", "陈一"}
    assert len(certificates()) == len(people)


def test_a_unit_within_the_limit_still_gets_its_pdf_at_once(world, client, db, login_as, app):
    app.config["CERTIFICATES_PRINT_IN_REQUEST"] = 5
    served(world["volunteer"], world["activity"], date(LAST_YEAR, 3, 5), 3)
    login_as(world["manager"])
    response = client.post(
        f"/units/{world['org']['a'].id}/certificates/print", data={"year": LAST_YEAR}
    )
    assert response.mimetype == "application/pdf"
    assert db.session.scalars(select(Job)).all() == []
