"""What the export tests share: hospital A's year (reports_world), the commission's manager,
the check that a download is whole, and a person with many records."""

from __future__ import annotations

import base64
import csv
import hashlib
import io
from datetime import timedelta
from decimal import Decimal

import pytest
import reports_world
from conftest import local_time
from reports_world import Y
from sqlalchemy import insert

from volunteer.auth.models import Role
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord

# Hospital A's year and its manager (reports_world.py).
year_of_a = reports_world.year_of_a
manager_of_a = reports_world.manager_of_a


@pytest.fixture
def manager_of_all(org, make_account, login_as, year_of_a):
    """Log in as a manager of the commission, over both hospitals."""
    login_as(make_account("mgr-root", Role.MANAGER, org["root"]))


def whole(response) -> bytes:
    """Check the download declares its own length, digest and rows; return its bytes."""
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    body = response.data
    assert int(response.headers["Content-Length"]) == len(body)
    digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
    assert response.headers["Repr-Digest"] == f"sha-256=:{digest}:"
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1:]
    assert int(response.headers["X-Record-Count"]) == len(rows)
    return body


def many_records(db, org, make_volunteer, make_activity, count: int) -> None:
    """Give one person of department A1 `count` approved records of 1 h, through the year."""
    who = make_volunteer(org["a1"], "多记录")
    activity = make_activity(org["a1"], "值班", starts_at=local_time(Y, 1, 1, 0, 0), hours=8760)
    start = local_time(Y, 1, 1, 6, 0)
    rows = []
    for n in range(count):
        begin = start + timedelta(days=n // 16, hours=n % 16)
        rows.append(
            {
                "account_id": who.id,
                "activity_id": activity.id,
                "source": RecordSource.SELF_SCAN,
                "status": RecordStatus.APPROVED,
                "signed_in_at": begin,
                "signed_out_at": begin + timedelta(minutes=55),
                "service_date": begin.date(),
                "credited_minutes": 60,
                "hours": Decimal("1.0"),
            }
        )
    db.session.execute(insert(ServiceRecord), rows)
    db.session.commit()
