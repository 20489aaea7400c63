"""Self-registration through a unit's link, matched to the roster.

Registration is always the person's own act: nothing here creates one for someone who did not
ask, and a roster mismatch waits for a manager (resolution.py) instead of being created silently.
The actor of these changes is whoever is logged in on the device, usually nobody.
"""

from __future__ import annotations

from flask_babel import gettext as _

from volunteer.audit.services import snapshot
from volunteer.auth.models import Account, Role
from volunteer.auth.services import check_password_strength, create_account, grant_role
from volunteer.clock import local_today, utc_now
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db
from volunteer.people.models import EmploymentStatus, StaffMember
from volunteer.people.validation import normalise_phone, trim_name
from volunteer.registration.models import Registration, RegistrationSource, RegistrationStatus
from volunteer.registration.queries import registration_of_staff
from volunteer.registration.services.audit_trail import AUDITED_FIELDS, audit_registration
from volunteer.units.models import Unit

# Pending and external logins get a prefixed username so they can never collide with a 工号.
PENDING_PREFIX = "p"
EXTERNAL_PREFIX = "e"


class AlreadyRegistered(Conflict):
    """The staff member already has a registration with a login."""


def register_volunteer(
    *,
    unit: Unit,
    name: str,
    staff_no: str,
    phone: str,
    password: str,
    national_volunteer_no: str | None = None,
    actor: Account | None,
) -> Registration:
    """Register a staff member through `unit`'s link; a roster mismatch is left pending.

    A match is an in-service staff member with this 工号 (unique in the organisation) and the
    same name. It gets an active registration and login at once; anything else gets a pending
    registration and an inactive login until the unit's manager links the right person.
    """
    _check_link_unit(unit)
    check_password_strength(password)
    staff, mismatch = _roster_match(staff_no=staff_no, name=name)
    existing = registration_of_staff(staff) if staff else None
    if existing is not None and existing.account_id is not None:
        raise AlreadyRegistered(_("您已注册为志愿者，请直接登录。"))
    if staff and db.session.scalar(
        db.select(Account.id).where(Account.staff_member_id == staff.id)
    ):
        raise AlreadyRegistered(_("该工号已有登录账号，请直接登录，或联系单位管理员。"))
    _check_phone_free(phone)
    if staff and staff.phone and normalise_phone(staff.phone) != phone:
        # 工号 and name are easy for a colleague to know; the roster's phone must match too,
        # or a manager checks, so nobody opens a login in someone else's name.
        staff, mismatch = None, "手机号与花名册不一致"

    if staff is None:
        account = create_account(
            username=PENDING_PREFIX + phone,
            password=password,
            display_name=name,
            phone=phone,
            active=False,
            actor=actor,
        )
        registration = _new_registration(
            unit=unit,
            account=account,
            name=name,
            staff_no=staff_no,
            phone=phone,
            national_volunteer_no=national_volunteer_no,
            status=RegistrationStatus.PENDING,
        )
        audit_registration(
            registration, "registration.create", unit_id=unit.id, reason=mismatch, actor=actor
        )
        return registration

    account = create_account(
        username=staff.staff_no,
        password=password,
        display_name=staff.name,
        phone=phone,
        staff_member=staff,
        actor=actor,
    )
    grant_role(
        account=account, role=Role.VOLUNTEER, unit=staff.unit, reason="志愿者注册", actor=actor
    )
    if existing is not None:
        # Registered earlier in the national system: keep that date and number, add the login.
        before = snapshot(existing, AUDITED_FIELDS)
        existing.account = account
        existing.consented_at = utc_now()
        existing.phone = existing.phone or phone
        existing.national_volunteer_no = existing.national_volunteer_no or national_volunteer_no
        db.session.flush()
        audit_registration(
            existing, "registration.claim", unit_id=staff.unit_id, before=before, actor=actor
        )
        return existing
    registration = _new_registration(
        unit=unit,
        account=account,
        name=name,
        staff_no=staff_no,
        phone=phone,
        national_volunteer_no=national_volunteer_no,
        status=RegistrationStatus.ACTIVE,
        staff=staff,
    )
    audit_registration(registration, "registration.create", unit_id=staff.unit_id, actor=actor)
    return registration


def register_external_volunteer(
    *,
    unit: Unit,
    name: str,
    affiliation: str,
    phone: str,
    password: str,
    national_volunteer_no: str | None = None,
    actor: Account | None,
) -> Registration:
    """Register someone who is not staff; they serve under `unit` but never count in targets."""
    _check_link_unit(unit)
    check_password_strength(password)
    _check_phone_free(phone)
    account = create_account(
        username=EXTERNAL_PREFIX + phone,
        password=password,
        display_name=name,
        phone=phone,
        actor=actor,
    )
    grant_role(
        account=account, role=Role.VOLUNTEER, unit=unit, reason="志愿者注册（非职工）", actor=actor
    )
    registration = _new_registration(
        unit=unit,
        account=account,
        name=name,
        staff_no=None,
        phone=phone,
        national_volunteer_no=national_volunteer_no,
        status=RegistrationStatus.ACTIVE,
    )
    registration.is_external = True
    registration.external_affiliation = affiliation
    db.session.flush()
    audit_registration(registration, "registration.create", unit_id=unit.id, actor=actor)
    return registration


def _roster_match(*, staff_no: str, name: str) -> tuple[StaffMember | None, str | None]:
    """Return the in-service staff member with this 工号 and name, or None and why not.

    The reasons are stored in the audit log, in the organisation's language.
    """
    staff = db.session.scalar(db.select(StaffMember).where(StaffMember.staff_no == staff_no))
    if staff is None:
        return None, "工号不在花名册中"
    if trim_name(staff.name) != trim_name(name):
        return None, "姓名与花名册不一致"
    if staff.status != EmploymentStatus.ACTIVE:
        return None, "该工号的职工不在职"
    return staff, None


def _check_link_unit(unit: Unit) -> None:
    if unit.is_retired:
        raise DomainError(_("该单位已撤销，不能通过此链接注册。"))


def _check_phone_free(phone: str) -> None:
    """Refuse a phone that already logs someone in, saying what to do instead."""
    account = db.session.scalar(db.select(Account).where(Account.phone == phone))
    if account is None:
        return
    registration = db.session.scalar(
        db.select(Registration).where(Registration.account_id == account.id)
    )
    if registration is not None and registration.status == RegistrationStatus.PENDING:
        raise Conflict(_("该手机号已提交注册，正在等待单位管理员核对。"))
    if registration is not None and registration.status == RegistrationStatus.REJECTED:
        raise Conflict(_("该手机号的注册申请未通过，请联系单位管理员。"))
    raise Conflict(_("该手机号已注册账号，请直接登录；如忘记密码请联系单位管理员。"))


def _new_registration(
    *,
    unit: Unit,
    account: Account,
    name: str,
    staff_no: str | None,
    phone: str,
    national_volunteer_no: str | None,
    status: RegistrationStatus,
    staff: StaffMember | None = None,
) -> Registration:
    registration = Registration(
        status=status,
        source=RegistrationSource.SELF,
        staff_member=staff,
        account=account,
        unit_id=unit.id,
        is_external=False,
        claimed_name=name,
        claimed_staff_no=staff_no or None,
        phone=phone,
        national_volunteer_no=national_volunteer_no or None,
        registered_on=local_today(),
        consented_at=utc_now(),
    )
    db.session.add(registration)
    db.session.flush()
    return registration
