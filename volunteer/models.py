"""Every table, imported in one place so Alembic and create_all() see the whole schema."""

from volunteer.activities.models import (
    Activity,
    Category,
    MonthlyTheme,
    Project,
    Signup,
    Team,
    TeamMember,
)
from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.imports.models import ImportBatch
from volunteer.people.models import StaffMember, StaffTransfer
from volunteer.progress.models import RosterEntry
from volunteer.records.models import Correction, PersonYearHours, RecordAttachment, ServiceRecord
from volunteer.registration.models import Registration
from volunteer.scanner.models import VolunteerCode
from volunteer.targets.models import YearlyTarget
from volunteer.units.models import Unit

__all__ = [
    "Account",
    "Activity",
    "AuditEntry",
    "Category",
    "Correction",
    "ImportBatch",
    "MonthlyTheme",
    "PersonYearHours",
    "Project",
    "RecordAttachment",
    "Registration",
    "Role",
    "RoleGrant",
    "RosterEntry",
    "ServiceRecord",
    "Signup",
    "StaffMember",
    "StaffTransfer",
    "Team",
    "TeamMember",
    "Unit",
    "VolunteerCode",
    "YearlyTarget",
]
