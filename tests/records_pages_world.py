"""What the records pages tests share: people of hospital A, a morning activity, and helpers.

Test modules import the fixtures (`people_fixture` as "people", and so on) with the helpers.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import local_time

from volunteer.auth.models import Role
from volunteer.records.models import RecordSource, ServiceRecord
from volunteer.records.services import forgotten, sessions


def serve(db, volunteer, activity, begin, end) -> ServiceRecord:
    """Sign the volunteer in at `begin` and out at `end`, as scans would."""
    sessions.record_sign_in(
        account=volunteer, activity=activity, source=RecordSource.SELF_SCAN, at=begin
    )
    record = sessions.record_sign_out(account=volunteer, activity=activity, at=end)
    db.session.commit()
    return record


def forget(db, volunteer, activity, begin) -> ServiceRecord:
    """Sign in and never sign out: the sweep moves the session to review with 0 h."""
    record = sessions.record_sign_in(
        account=volunteer, activity=activity, source=RecordSource.SELF_SCAN, at=begin
    ).record
    forgotten.close_forgotten_sign_outs(activity.ends_at + timedelta(hours=3))
    db.session.commit()
    return record


# Fixtures are named apart from their functions, so test modules import them without
# shadowing warnings.
@pytest.fixture(name="people")
def people_fixture(org, make_volunteer, make_account):
    return {
        "volunteer": make_volunteer(org["a1"], "李四"),
        "coordinator": make_account("coord", Role.COORDINATOR, org["a"]),
        "manager": make_account("mgr", Role.MANAGER, org["a"]),
        "other_manager": make_account("mgr-b", Role.MANAGER, org["b"]),
    }


@pytest.fixture(name="morning")
def morning_fixture(org, make_activity):
    """An activity at hospital A on 10 November 2026, 09:00–12:00 local."""
    return make_activity(org["a"], "导诊服务", starts_at=local_time(2026, 11, 10, 9, 0), hours=3)


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture(name="switch_to")
def switch_to_fixture(client, login_as):
    """Log out whoever is logged in, then log in as `account`."""

    def switch(account) -> None:
        client.post("/logout")
        login_as(account)

    return switch
