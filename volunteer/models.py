"""Every table, imported in one place so Alembic and create_all() see the whole schema."""

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Account, Role, RoleGrant
from volunteer.imports.models import ImportBatch
from volunteer.people.models import StaffMember, StaffTransfer
from volunteer.registration.models import Registration
from volunteer.units.models import Unit

__all__ = [
    "Account",
    "AuditEntry",
    "ImportBatch",
    "Registration",
    "Role",
    "RoleGrant",
    "StaffMember",
    "StaffTransfer",
    "Unit",
]
