"""The demo's password and the volunteer login every demo volunteer gets."""

from volunteer.auth import services as auth_services
from volunteer.auth.models import Account, Role
from volunteer.people.models import StaffMember

# Every demo login's password, printed by demo-data.
DEMO_PASSWORD = "Demo@2026"


def open_volunteer_login(person: StaffMember) -> Account:
    """Give a staff member a volunteer login (username = 工号), as registering does."""
    account = auth_services.create_account(
        username=person.staff_no,
        password=DEMO_PASSWORD,
        display_name=person.name,
        phone=person.phone,
        staff_member=person,
    )
    auth_services.grant_role(account=account, role=Role.VOLUNTEER, unit=person.unit)
    return account
