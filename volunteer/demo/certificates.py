"""The demo's certificates: a signing key of its own, and a few certificates issued and signed."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from volunteer.auth.models import Account
from volunteer.certificates.printing import SIGNING_CERT_NAME, SIGNING_KEY_NAME, signing_files
from volunteer.certificates.services.issuing import issue_annual, issue_record
from volunteer.clock import local_today
from volunteer.extensions import db
from volunteer.records.models import RecordStatus, ServiceRecord

DEMO_CERTIFICATES = 5


def issue_demo_certificates(volunteer_username: str) -> int:
    """Sign with the instance folder's key (made if missing), issue a few certificates."""
    if not current_app.testing and signing_files() == (None, None):
        from volunteer.documents.signing import create_self_signed

        folder = Path(current_app.instance_path)
        create_self_signed(
            folder / SIGNING_KEY_NAME,
            folder / SIGNING_CERT_NAME,
            organisation=current_app.config["ORGANISATION_NAME"],
        )
    year = local_today().year
    served = (
        select(ServiceRecord.account_id)
        .where(ServiceRecord.status == RecordStatus.APPROVED)
        .group_by(ServiceRecord.account_id)
        .order_by(func.sum(ServiceRecord.hours).desc(), ServiceRecord.account_id)
        .limit(DEMO_CERTIFICATES)
    )
    volunteer = db.session.scalar(select(Account).where(Account.username == volunteer_username))
    people = [db.session.get(Account, account_id) for account_id in db.session.scalars(served)]
    if volunteer is not None and volunteer not in people:
        people.insert(0, volunteer)
    issued = 0
    for person in people[:DEMO_CERTIFICATES]:
        if person is None:
            continue
        issue_annual(person, year, by=None)
        issued += 1
    if volunteer is not None and any(p is volunteer for p in people):
        issue_record(volunteer, by=None)
        issued += 1
    return issued
