"""The audit entries about the person: what was changed about them, by whom and when."""

from __future__ import annotations

from sqlalchemy import Select, and_, or_, select

from volunteer.audit.models import AuditEntry
from volunteer.audit.queries.entries import ACCOUNT_SUBJECTS
from volunteer.privacy.queries.person import Person, registration_ids


def entries_about(person: Person) -> Select:
    """Select the entries whose subject is the person's login, roster entry, registration, or
    one of their records, corrections, sign-ups, memberships or codes; newest first.

    Entries the person made about others (a coordinator's sign-ins) are theirs to see on the
    pages of their role, not here: they are about other people.
    """
    subjects = [
        and_(AuditEntry.subject_type == "account", AuditEntry.subject_id == person.account_id),
        and_(
            AuditEntry.subject_type == "registration",
            AuditEntry.subject_id.in_(registration_ids(person)),
        ),
        *(
            and_(
                AuditEntry.subject_type == kind,
                AuditEntry.subject_id.in_(select(id_column).where(owner == person.account_id)),
            )
            for kind, (id_column, owner) in ACCOUNT_SUBJECTS.items()
        ),
    ]
    if person.staff_member_id is not None:
        subjects.append(
            and_(
                AuditEntry.subject_type == "staff_member",
                AuditEntry.subject_id == person.staff_member_id,
            )
        )
    return select(AuditEntry).where(or_(*subjects)).order_by(AuditEntry.id.desc())
