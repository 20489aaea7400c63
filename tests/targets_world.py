"""This year and the organisation's administrator, the fixtures the yearly-target tests share,
and the audit entries that setting a target leaves."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.clock import local_today


@pytest.fixture(name="this_year")
def this_year_fixture(app) -> int:
    return local_today().year


@pytest.fixture(name="admin")
def admin_fixture(org, make_account):
    return make_account("admin", Role.ADMIN, org["root"], display_name="委管理员")


def audit_entries(db) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action == "target.set").order_by(AuditEntry.id)
    return list(db.session.scalars(query))
