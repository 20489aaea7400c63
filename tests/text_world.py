"""The world the text-as-typed tests submit forms in, and how they read back what was stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from conftest import local_time
from sqlalchemy import select

from volunteer.activities.models import (
    Activity,
)
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account, Role
from volunteer.clock import utc_now
from volunteer.extensions import db as _db
from volunteer.units.models import Unit

# What a Chinese keyboard types: full-width punctuation and digits, mixed with ASCII.
TYPED = "社区义诊（第２批）：测血压，量血糖；发放手册、宣传单 Ａ区 B2"
# The same with the stray spaces around it that trimming removes (U+3000 is a full-width space).
SENT = f"  {TYPED}\u3000"
NEW_PASSWORD = "long-enough-1"


@dataclass
class World:
    """Hospital A's people and an activity of 10 November 2026, 09:00–12:00."""

    db: object
    org: dict
    admin: Account
    manager: Account
    coordinator: Account
    volunteer: Account
    morning: Activity
    make_activity: Callable[..., Activity]
    make_unit: Callable[..., Unit]

    def later(self, **fields) -> Activity:
        """An activity of hospital A three days from now."""
        start = utc_now().replace(second=0, microsecond=0) + timedelta(days=3)
        return self.make_activity(self.org["a"], "门诊导医", starts_at=start, **fields)

    def commit(self) -> None:
        self.db.session.commit()


@dataclass
class Sent:
    """A form as a browser posts it, where its text is stored, and the page that shows it."""

    actor: Account | None
    url: str
    data: dict
    stored: Callable[[], object]
    page: Callable[[], str] | None = None
    reader: Account | None = None  # who reads the page, when not the one who typed
    status: int = 302


@pytest.fixture(name="world")
def world_fixture(db, org, make_account, make_volunteer, make_activity, make_unit) -> World:
    return World(
        db=db,
        org=org,
        admin=make_account("admin", Role.ADMIN, org["root"]),
        manager=make_account("mgr", Role.MANAGER, org["a"]),
        coordinator=make_account("coord", Role.COORDINATOR, org["a"]),
        volunteer=make_volunteer(org["a1"], "李四"),
        morning=make_activity(
            org["a"], "导诊服务", starts_at=local_time(2026, 11, 10, 9, 0), hours=3
        ),
        make_activity=make_activity,
        make_unit=make_unit,
    )


def newest(model, column=None):
    """Return the newest row of `model` (or its `column`) from the database."""
    query = select(column if column is not None else model).order_by(model.id.desc()).limit(1)
    return _db.session.scalar(query)


def audited_reason(action: str) -> Callable[[], str | None]:
    """Return a reader of the reason of the newest audit entry of `action`."""
    query = (
        select(AuditEntry.reason)
        .where(AuditEntry.action == action)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return lambda: _db.session.scalar(query)


def page(response) -> str:
    return response.get_data(as_text=True)


def submit(client, login_as, sent: Sent):
    """Post the form as its actor would, then read the page it leads to (using up any flash)."""
    if sent.actor is not None:
        login_as(sent.actor)
    response = client.post(sent.url, data=sent.data)
    assert response.status_code == sent.status, page(response)
    if response.status_code == 302:
        client.get(response.headers["Location"])
    return response
