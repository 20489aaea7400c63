"""Who may reach personal codes, badges and the coordinator's scanner.

`activity_id` comes from the activities spec's fillers (an activity in hospital A and one in B);
`account_id` is the matrix's own (an account of A and of B). This module adds `badge_id` and
`personal_token` (each badge's static code).
"""

from authz import LOGIN, Access

from volunteer.auth.models import Role

SPEC = {
    # Any login: a volunteer sees their own code; someone not registered is told why not.
    "scanner.my_code": LOGIN,
    "scanner.my_code_json": LOGIN,
    "scanner.badges": Access(Role.MANAGER),
    "scanner.issue_badges": Access(Role.MANAGER),
    "scanner.print_badges": Access(Role.MANAGER),
    "scanner.revoke_badge": Access(Role.MANAGER),
    # Whoever runs the activity: coordinators of its unit (and leaders of its team).
    "scanner.scanner": Access(Role.COORDINATOR),
    "scanner.scan": Access(Role.COORDINATOR),
    "scanner.search": Access(Role.COORDINATOR),
    "scanner.sign_in": Access(Role.COORDINATOR),
    "scanner.sign_out": Access(Role.COORDINATOR),
    # A personal code's link: anyone who runs activities, for any registered volunteer (the
    # activity, chosen per phone, is what is scoped).
    "scanner.personal_code": Access(Role.COORDINATOR, scoped=False),
    "scanner.personal_sign_in": Access(Role.COORDINATOR, scoped=False),
    "scanner.personal_sign_out": Access(Role.COORDINATOR, scoped=False),
    "scanner.choose_activity": Access(Role.COORDINATOR),
}


def fillers(world) -> dict[str, tuple]:
    """A printed badge of a registered volunteer in hospital A and one in B."""
    from volunteer.auth.services import create_account
    from volunteer.clock import local_today
    from volunteer.extensions import db
    from volunteer.people.models import StaffMember
    from volunteer.registration.models import Registration, RegistrationStatus
    from volunteer.scanner.models import CodeKind, VolunteerCode

    badges = []
    for side, staff_no in (("own", "BADGE01"), ("other", "BADGE02")):
        unit = world.units[side]
        staff = StaffMember(unit=unit, name="持卡人", staff_no=staff_no, phone=None)
        db.session.add(staff)
        db.session.flush()
        account = create_account(
            username=staff_no,
            password="correct-horse-9",
            display_name="持卡人",
            staff_member=staff,
            actor=None,
        )
        db.session.add(
            Registration(
                status=RegistrationStatus.ACTIVE,
                unit_id=unit.id,
                staff_member_id=staff.id,
                account_id=account.id,
                claimed_name=staff.name,
                registered_on=local_today(),
            )
        )
        badge = VolunteerCode(account_id=account.id, kind=CodeKind.BADGE)
        db.session.add(badge)
        db.session.flush()
        badges.append(badge.id)
    db.session.commit()
    from flask import current_app

    from volunteer.checkin import tokens

    secret = current_app.config["SECRET_KEY"]
    keys = [db.session.get(VolunteerCode, badge_id).key for badge_id in badges]
    return {
        "badge_id": tuple(badges),
        # Each badge's static code: what the link of a printed personal code carries.
        "personal_token": tuple(tokens.badge_token(secret, key) for key in keys),
    }
