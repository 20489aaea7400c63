"""Select the audit entries a reader may see, narrowed by the log's filters."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, Select, and_, or_

from volunteer.activities.models import Signup, TeamMember
from volunteer.audit.filters import LogFilter
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import scope_roots, unit_scope_clause
from volunteer.clock import local_zone
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.records.models import Correction, ServiceRecord
from volunteer.registration.models import Registration
from volunteer.scanner.models import VolunteerCode
from volunteer.units.models import Unit

# The subjects that belong to one person's login: an entry about one is about that person.
ACCOUNT_SUBJECTS = {
    "service_record": (ServiceRecord.id, ServiceRecord.account_id),
    "correction": (Correction.id, Correction.account_id),
    "signup": (Signup.id, Signup.account_id),
    "team_member": (TeamMember.id, TeamMember.account_id),
    "volunteer_code": (VolunteerCode.id, VolunteerCode.account_id),
}


def audit_entries(viewer: Account, log_filter: LogFilter | None = None) -> Select:
    """Select the entries about units in the viewer's manager scope, newest first.

    Entries tied to no unit (failed logins, accounts without a unit, targets) are for
    organisation-wide administrators only.
    """
    in_scope: ColumnElement[bool] = AuditEntry.unit_id.in_(
        db.select(Unit.id).where(unit_scope_clause(viewer, Role.MANAGER))
    )
    if any(root.parent_id is None for root in scope_roots(viewer, Role.ADMIN)):
        in_scope = or_(in_scope, AuditEntry.unit_id.is_(None))
    query = db.select(AuditEntry).where(in_scope).order_by(AuditEntry.id.desc())
    log_filter = log_filter or LogFilter()
    if log_filter.prefixes:
        query = query.where(
            or_(*(AuditEntry.action.startswith(p, autoescape=True) for p in log_filter.prefixes))
        )
    if log_filter.since:
        query = query.where(AuditEntry.at >= _local_midnight(log_filter.since))
    if log_filter.until:
        query = query.where(AuditEntry.at < _local_midnight(log_filter.until + timedelta(days=1)))
    if log_filter.person:
        query = query.where(about_person(log_filter.person))
    return query


def about_person(text: str) -> ColumnElement[bool]:
    """Keep entries made by, or about, a person whose name, 工号 or username holds `text`."""
    staff = db.select(StaffMember.id).where(
        or_(
            StaffMember.name.icontains(text, autoescape=True),
            StaffMember.staff_no.icontains(text, autoescape=True),
        )
    )
    accounts = db.select(Account.id).where(
        or_(
            Account.username.icontains(text, autoescape=True),
            Account.display_name.icontains(text, autoescape=True),
            Account.staff_member_id.in_(staff),
        )
    )
    # A registration may be a claim nobody has matched to the roster or a login yet.
    registrations = db.select(Registration.id).where(
        or_(
            Registration.account_id.in_(accounts),
            Registration.staff_member_id.in_(staff),
            Registration.claimed_name.icontains(text, autoescape=True),
            Registration.claimed_staff_no.icontains(text, autoescape=True),
        )
    )
    subjects = {
        "account": accounts,
        "staff_member": staff,
        "registration": registrations,
        **{
            kind: db.select(id_column).where(account_column.in_(accounts))
            for kind, (id_column, account_column) in ACCOUNT_SUBJECTS.items()
        },
    }
    return or_(
        AuditEntry.actor_id.in_(accounts),
        *(
            and_(AuditEntry.subject_type == kind, AuditEntry.subject_id.in_(ids))
            for kind, ids in subjects.items()
        ),
    )


def _local_midnight(day: date) -> datetime:
    """Return the start of a local calendar day as an aware datetime (compared in UTC)."""
    return datetime.combine(day, time(0), tzinfo=local_zone())
