"""Every route × every role × own or other unit: the server refuses what a role may not do.

The rules come from the app's URL map, so a new route without an entry in some
tests/authz_spec_*.py fails here instead of escaping the check.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from authz import Access

from volunteer import create_app
from volunteer.auth.models import Account, Role
from volunteer.auth.permissions import IMPLIED_BY
from volunteer.clock import local_today
from volunteer.imports.models import ImportBatch
from volunteer.registration.models import Registration, RegistrationStatus

SPEC_MODULES = [
    importlib.import_module(path.stem)
    for path in sorted(Path(__file__).parent.glob("authz_spec_*.py"))
]
SPEC: dict[str, Access] = {}
for _module in SPEC_MODULES:
    SPEC.update(_module.SPEC)

# Who is tried: nobody, each role held on hospital A, and an admin of the whole organisation.
ROLES = ["anonymous", "volunteer", "coordinator", "manager", "unit_admin", "admin"]
ROLE_OF = {
    "volunteer": Role.VOLUNTEER,
    "coordinator": Role.COORDINATOR,
    "manager": Role.MANAGER,
    "unit_admin": Role.ADMIN,
    "admin": Role.ADMIN,
}


def _rules():
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "SECRET_KEY": "x",
            "ALLOW_WEAK_SECRET_KEY_FOR_TESTS": True,
        }
    )
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield pytest.param(rule, method, id=f"{method} {rule.rule}")


RULES = list(_rules())


def test_every_route_has_an_access_rule():
    missing = sorted({rule.endpoint for rule, _ in (p.values for p in RULES)} - SPEC.keys())
    assert not missing, f"add these endpoints to a tests/authz_spec_*.py: {missing}"


@dataclass
class World:
    """Hospital A (own) and hospital B (other), with one of every kind of object in each."""

    units: dict
    staff: dict
    accounts: dict
    registrations: dict
    batches: dict


@pytest.fixture
def world(org, make_staff, make_account, db) -> World:
    staff = {"own": make_staff(org["a1"], "李四"), "other": make_staff(org["b1"], "王五")}
    accounts = {
        "volunteer": make_account(
            "volunteer", Role.VOLUNTEER, org["a1"], staff_member=staff["own"]
        ),
        "coordinator": make_account("coordinator", Role.COORDINATOR, org["a"]),
        "manager": make_account("manager", Role.MANAGER, org["a"]),
        "unit_admin": make_account("unit-admin", Role.ADMIN, org["a"]),
        "admin": make_account("admin", Role.ADMIN, org["root"]),
        "other_volunteer": make_account(
            "other-volunteer", Role.VOLUNTEER, org["b1"], staff_member=staff["other"]
        ),
        "other_manager": make_account("other-manager", Role.MANAGER, org["b"]),
        # Accounts that admin routes act on, so deactivating one locks no role of the matrix out.
        "target_own": make_account(
            "target-own", Role.VOLUNTEER, org["a1"], staff_member=make_staff(org["a1"], "钱七")
        ),
        "target_other": make_account(
            "target-other", Role.VOLUNTEER, org["b1"], staff_member=make_staff(org["b1"], "孙八")
        ),
    }
    registrations, batches = {}, {}
    for side, unit, uploader in (
        ("own", org["a"], accounts["manager"]),
        ("other", org["b"], accounts["other_manager"]),
    ):
        registrations[side] = Registration(
            status=RegistrationStatus.PENDING,
            unit_id=unit.id,
            claimed_name="赵六",
            claimed_staff_no="X0001",
            phone="13800000001" if side == "own" else "13800000002",
            registered_on=local_today(),
        )
        batches[side] = ImportBatch(
            token=f"{side}-batch-token",
            kind="staff",
            filename="roster.csv",
            content="姓名,工号,单位编码,手机号,性别,入职日期,在职状态\n".encode(),
            uploaded_by_id=uploader.id,
            scope_unit_id=unit.id,
        )
        db.session.add_all([registrations[side], batches[side]])
    db.session.commit()
    units = {"own": org["a"], "other": org["b"]}
    return World(units, staff, accounts, registrations, batches)


def _fillers(world: World) -> dict[str, tuple]:
    accounts = world.accounts
    values = {
        "unit_id": (world.units["own"].id, world.units["other"].id),
        "staff_id": (world.staff["own"].id, world.staff["other"].id),
        "registration_id": (world.registrations["own"].id, world.registrations["other"].id),
        "account_id": (accounts["target_own"].id, accounts["target_other"].id),
        "grant_id": (accounts["target_own"].grants[0].id, accounts["target_other"].grants[0].id),
        "token": (world.batches["own"].token, world.batches["other"].token),
        "code": (world.units["own"].code, world.units["other"].code),
    }
    for module in SPEC_MODULES:
        if hasattr(module, "fillers"):
            values.update(module.fillers(world))
    return values


def _expected_allowed(access: Access, role: str, side: str) -> bool:
    if not access.login:
        return True
    if role == "anonymous":
        return False
    if access.role is None:
        return True
    if ROLE_OF[role] not in IMPLIED_BY[access.role]:
        return False
    if access.root_only:
        return role == "admin"
    # Only the organisation-wide admin reaches hospital B's objects.
    return side == "own" or not access.scoped or role == "admin"


@pytest.mark.parametrize(("rule", "method"), RULES)
def test_route_refuses_roles_and_units_outside_its_rule(rule, method, app, world):
    access = SPEC.get(rule.endpoint)
    if access is None:
        pytest.fail(f"{rule.endpoint} has no access rule in tests/authz_spec_*.py")
    values = _fillers(world)
    unknown = [arg for arg in rule.arguments if arg not in values]
    assert not unknown, f"no matrix filler for URL parameter(s) {unknown}: add one"
    sides = ["own", "other"] if rule.arguments else ["own"]
    failures = []
    for side in sides:
        index = 0 if side == "own" else 1
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **{arg: values[arg][index] for arg in rule.arguments})
        for role in ROLES:
            client = app.test_client()
            if role != "anonymous":
                account: Account = world.accounts[role]
                login = client.post(
                    "/login", data={"identifier": account.username, "password": "correct-horse-9"}
                )
                assert login.status_code == 302, f"{role} could not log in"
            response = client.open(url, method=method, data={})
            status = response.status_code
            location = response.headers.get("Location", "")
            response.close()
            allowed = _expected_allowed(access, role, side)
            if role == "anonymous" and not allowed:
                ok = status == 302 and "/login" in location
            elif allowed:
                ok = status not in (401, 403, 404, 405) and status < 500
            else:
                ok = status == 403
            if not ok:
                verdict = "allowed" if allowed else "refused"
                failures.append(f"{role} on {side} unit: got {status}, expected {verdict}")
    assert not failures, f"{method} {rule.rule}:\n" + "\n".join(failures)
