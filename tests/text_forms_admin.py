"""Free-text forms of targets, units, the roster, accounts, codes and exports."""

from __future__ import annotations

from sqlalchemy import select
from text_forms_records import _served
from text_world import NEW_PASSWORD, Sent, World, audited_reason, newest

from volunteer.auth.models import Account, RoleGrant
from volunteer.clock import local_today
from volunteer.extensions import db as _db
from volunteer.people.models import StaffMember, StaffTransfer
from volunteer.scanner.services import codes as code_services
from volunteer.targets.models import YearlyTarget
from volunteer.units.models import Unit

# --- Targets, units, the roster and logins ------------------------------------------------------


def this_years_target() -> YearlyTarget | None:
    return _db.session.get(YearlyTarget, local_today().year)


def target_form(**changes) -> dict:
    form = {"registration_percent": "95", "hours_per_person": "60", "document": "", "reason": ""}
    return form | changes


def target_document(w: World, text: str) -> Sent:
    return Sent(
        w.admin,
        f"/targets/{local_today().year}",
        target_form(document=text),
        stored=lambda: this_years_target().document,
        page=lambda: "/targets",
    )


def target_reason(w: World, text: str) -> Sent:
    return Sent(
        w.admin,
        f"/targets/{local_today().year}",
        target_form(reason=text),
        stored=audited_reason("target.set"),
        page=lambda: "/audit",
    )


def unit_name_created(w: World, text: str) -> Sent:
    data = {"parent_code": "H-A", "code": "H-A-02", "kind": "department", "name": text}
    return Sent(
        w.admin,
        "/units/new",
        data,
        stored=lambda: w.db.session.scalar(select(Unit.name).where(Unit.code == "H-A-02")),
        page=lambda: "/units",
    )


def unit_name_changed(w: World, text: str) -> Sent:
    unit = w.org["a1"]
    return Sent(
        w.admin,
        f"/units/{unit.id}/edit",
        {"name": text, "kind": "department"},
        stored=lambda: w.db.session.get(Unit, unit.id).name,
        page=lambda: f"/units/{unit.id}",
    )


def unit_move_reason(w: World, text: str) -> Sent:
    return Sent(
        w.admin,
        f"/units/{w.org['a1'].id}/move",
        {"parent_code": "H-B", "reason": text},
        stored=audited_reason("unit.move"),
        page=lambda: "/audit",
    )


def unit_retire_reason(w: World, text: str) -> Sent:
    unit = w.make_unit("H-A-09", "临时科室", parent=w.org["a"])
    return Sent(
        w.admin,
        f"/units/{unit.id}/retire",
        {"retired_on": local_today().isoformat(), "reason": text},
        stored=audited_reason("unit.retire"),
        page=lambda: "/audit",
    )


def _person(w: World) -> StaffMember:
    person = StaffMember(unit=w.org["a1"], name="李娜", staff_no="000123", phone="13800138000")
    w.db.session.add(person)
    w.commit()
    return person


def staff_edit_reason(w: World, text: str) -> Sent:
    person = _person(w)
    data = {
        "name": "李娜",
        "staff_no": "000123",
        "phone": "13800138001",
        "gender": "",
        "political_status": "",
        "status": "active",
        "reason": text,
    }
    return Sent(
        w.manager,
        f"/staff/{person.id}/edit",
        data,
        stored=audited_reason("staff.update"),
        page=lambda: "/audit",
        reader=w.admin,
    )


def staff_leave_reason(w: World, text: str) -> Sent:
    person = _person(w)
    return Sent(
        w.manager,
        f"/staff/{person.id}/leave",
        {"status": "left", "left_on": local_today().isoformat(), "reason": text},
        stored=audited_reason("staff.leave"),
        page=lambda: "/audit",
        reader=w.admin,
    )


def staff_transfer_reason(w: World, text: str) -> Sent:
    person = _person(w)
    return Sent(
        w.manager,
        f"/staff/{person.id}/transfer",
        {"unit_code": "H-A", "effective_on": local_today().isoformat(), "reason": text},
        stored=lambda: newest(StaffTransfer, StaffTransfer.reason),
        page=lambda: f"/staff/{person.id}",
    )


def account_display_name(w: World, text: str) -> Sent:
    data = {
        "username": "wang",
        "display_name": text,
        "password": NEW_PASSWORD,
        "role": "manager",
        "unit_code": "H-A",
    }
    return Sent(
        w.admin,
        "/accounts/new",
        data,
        stored=lambda: w.db.session.scalar(
            select(Account.display_name).where(Account.username == "wang")
        ),
        page=lambda: "/accounts",
    )


def role_grant_reason(w: World, text: str) -> Sent:
    return Sent(
        w.admin,
        f"/accounts/{w.coordinator.id}/grants",
        {"role": "manager", "unit_code": "H-B", "reason": text},
        stored=audited_reason("role.grant"),
        page=lambda: "/audit",
    )


def role_revoke_reason(w: World, text: str) -> Sent:
    grant = w.db.session.scalar(select(RoleGrant).where(RoleGrant.account_id == w.manager.id))
    return Sent(
        w.admin,
        f"/grants/{grant.id}/revoke",
        {"reason": text},
        stored=audited_reason("role.revoke"),
        page=lambda: "/audit",
    )


def account_deactivate_reason(w: World, text: str) -> Sent:
    return Sent(
        w.admin,
        f"/accounts/{w.coordinator.id}/active",
        {"reason": text},
        stored=audited_reason("account.deactivate"),
        page=lambda: "/audit",
    )


# --- Codes, posters and exports -----------------------------------------------------------------


def badge_revoke_reason(w: World, text: str) -> Sent:
    (badge,) = code_services.issue_badges(accounts=[w.volunteer], by=w.manager)
    w.commit()
    return Sent(
        w.manager,
        f"/badges/{badge.id}/revoke",
        {"reason": text},
        stored=audited_reason("volunteer_code.badge_revoked"),
        page=lambda: "/audit",
        reader=w.admin,
    )


def poster_revoke_reason(w: World, text: str) -> Sent:
    activity = w.later(static_code_allowed=True)
    return Sent(
        w.coordinator,
        f"/activities/{activity.id}/poster/revoke",
        {"reason": text},
        stored=audited_reason("activity.poster_revoked"),
        page=lambda: "/audit",
        reader=w.admin,
    )


def id_number_export_reason(w: World, text: str) -> Sent:
    _served(w)
    return Sent(
        w.manager,
        f"/reports/units/{w.org['a'].id}/records-with-id-numbers.csv?year=2026",
        {"month": "0", "reason": text, "confirm": "y"},
        stored=audited_reason("export.id_numbers"),
        page=lambda: "/audit",
        reader=w.admin,
        status=200,
    )
