"""The world the records-services tests share: a volunteer, a morning activity, and helpers.

Test modules import `world_fixture` (named "world") with the helpers they use.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.extensions import db
from volunteer.records.models import RecordSource, ServiceRecord
from volunteer.records.services import sessions

SELF = RecordSource.SELF_SCAN
# The test app's zone; tables of examples are built before any app context exists.
SHANGHAI = ZoneInfo("Asia/Shanghai")


def t(hour: int, minute: int = 0, day: int = 5) -> datetime:
    """Return a local time on 5 March 2026 (or another day of March)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=SHANGHAI)


# Named apart from its fixture name, so test modules import it without shadowing warnings.
@pytest.fixture(name="world")
def world_fixture(db, org, make_volunteer, make_activity, make_account):
    """A volunteer of hospital A, its 09:00–12:00 activity, and who may run and review it."""
    return {
        "org": org,
        "volunteer": make_volunteer(org["a1"], "王小明"),
        "activity": make_activity(org["a"], "社区义诊", starts_at=t(9), hours=3),
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a"]),
        "manager": make_account("mgr-a", Role.MANAGER, org["a"]),
        "other_manager": make_account("mgr-b", Role.MANAGER, org["b"]),
        "admin": make_account("admin", Role.ADMIN, org["root"]),
    }


def sign_in(world, at, activity=None, account=None, source=SELF, by=None):
    result = sessions.record_sign_in(
        account=account or world["volunteer"],
        activity=activity or world["activity"],
        source=source,
        by=by,
        at=at,
    )
    db.session.commit()
    return result


def sign_out(world, at, activity=None, account=None, by=None):
    record = sessions.record_sign_out(
        account=account or world["volunteer"], activity=activity or world["activity"], by=by, at=at
    )
    db.session.commit()
    return record


def session(world, begin, end, activity=None, account=None):
    """Sign in at `begin` and out at `end`; return the closed record."""
    sign_in(world, begin, activity, account)
    return sign_out(world, end, activity, account)


def records(db, account=None):
    query = select(ServiceRecord).order_by(ServiceRecord.id)
    if account is not None:
        query = query.where(ServiceRecord.account_id == account.id)
    return list(db.session.scalars(query))


def audit_of(db, record, subject_type="service_record"):
    return list(
        db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.subject_type == subject_type, AuditEntry.subject_id == record.id)
            .order_by(AuditEntry.id)
        )
    )


def actions(db, record, subject_type="service_record"):
    return [entry.action for entry in audit_of(db, record, subject_type)]
