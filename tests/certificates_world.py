"""The world the certificates tests share: two hospitals' volunteers with approved hours.

Records are written as rows (approved make-ups), not through sign-in, so each test states the
hours it needs in one line.
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.certificates.models import Certificate
from volunteer.clock import local_today, local_zone
from volunteer.extensions import db
from volunteer.records.models import RecordSource, RecordStatus, ServiceRecord

THIS_YEAR = date.today().year
LAST_YEAR = THIS_YEAR - 1


def served(account, activity, day: date, hours, *, status=RecordStatus.APPROVED) -> ServiceRecord:
    """Add one record of `hours` on `day` at `activity` (approved unless said otherwise)."""
    start = datetime(day.year, day.month, day.day, 9, tzinfo=local_zone())
    amount = Decimal(str(hours))
    record = ServiceRecord(
        account_id=account.id,
        activity_id=activity.id,
        source=RecordSource.MAKE_UP,
        status=status,
        signed_in_at=start,
        signed_out_at=start + timedelta(minutes=int(amount * 60)),
        service_date=day,
        credited_minutes=int(amount * 60),
        hours=amount,
    )
    db.session.add(record)
    db.session.commit()
    return record


def certificates() -> list[Certificate]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Certificate).order_by(Certificate.id)))


def audit_actions() -> list[str]:
    return list(
        db.session.scalars(
            db.select(AuditEntry.action)
            .where(AuditEntry.action.startswith("certificate."))
            .order_by(AuditEntry.id)
        )
    )


def pdf_text(pdf: bytes) -> str:
    """Read a PDF back as text, as a person would copy it."""
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture(name="world")
def world_fixture(db, org, make_volunteer, make_activity, make_account):
    """王小明 of hospital A's cardiology, 赵堃 of hospital B, an activity each, their managers."""
    today = local_today()
    return {
        "org": org,
        "today": today,
        "volunteer": make_volunteer(org["a1"], "王小明", id_card="110101199001011234"),
        "other_volunteer": make_volunteer(org["b1"], "赵堃"),
        "activity": make_activity(org["a"], "社区义诊", starts_at=_morning(LAST_YEAR)),
        "other_activity": make_activity(org["b"], "健康讲座", starts_at=_morning(LAST_YEAR)),
        "manager": make_account("mgr-a", Role.MANAGER, org["a"]),
        "other_manager": make_account("mgr-b", Role.MANAGER, org["b"]),
        "admin": make_account("admin", Role.ADMIN, org["root"]),
    }


def _morning(year: int) -> datetime:
    return datetime(year, 3, 5, 9, tzinfo=local_zone())
