"""Personal codes: the volunteer's rotating phone code, and managers' printed, revocable badges."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.errors import Conflict, DomainError
from volunteer.extensions import db as _db
from volunteer.scanner import queries
from volunteer.scanner.models import CodeKind, VolunteerCode
from volunteer.scanner.services import codes as code_services


def codes(kind: str | None = None) -> list[VolunteerCode]:
    query = select(VolunteerCode).order_by(VolunteerCode.id)
    if kind:
        query = query.where(VolunteerCode.kind == kind)
    return list(_db.session.scalars(query))


def audit_actions() -> list[str]:
    return list(_db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


# --- The phone code ------------------------------------------------------------------------------


def test_phone_key_is_created_once_and_audited(db, org, make_volunteer):
    volunteer = make_volunteer(org["a1"], "王小明")
    first = code_services.phone_code_for(volunteer)
    db.session.commit()
    again = code_services.phone_code_for(volunteer)

    assert again.id == first.id and first.kind == CodeKind.PHONE
    assert len(codes()) == 1
    assert audit_actions().count("volunteer_code.phone_issued") == 1


def test_phone_key_race_reads_the_winners_row(db, org, make_volunteer, monkeypatch):
    volunteer = make_volunteer(org["a1"], "王小明")
    winner = VolunteerCode(account_id=volunteer.id, kind=CodeKind.PHONE)
    db.session.add(winner)
    db.session.commit()
    real = queries.live_phone_code
    calls = []

    def not_yet_then_real(account_id):
        # The first read happens before the other request's insert commits.
        calls.append(account_id)
        return None if len(calls) == 1 else real(account_id)

    monkeypatch.setattr(queries, "live_phone_code", not_yet_then_real)
    code = code_services.phone_code_for(volunteer)

    assert code.id == winner.id
    assert len(codes()) == 1


def test_only_registered_volunteers_get_a_phone_code(db, org, make_account):
    coordinator = make_account("coord", Role.COORDINATOR, org["a"])
    with pytest.raises(DomainError, match="还没有注册"):
        code_services.phone_code_for(coordinator)
    assert codes() == []


def test_my_code_page_shows_name_unit_and_a_fresh_code(client, login_as, db, org, make_volunteer):
    volunteer = make_volunteer(org["a1"], "王小明")
    login_as(volunteer)

    response = client.get("/me/code")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "王小明" in page and "心内科" in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "亮度" in page
    assert "no-store" in response.headers["Cache-Control"]
    assert len(codes(CodeKind.PHONE)) == 1

    state = client.get("/me/code.json")
    body = state.get_json()
    assert body["image"].startswith("data:image/svg+xml;base64,")
    assert 0 < body["seconds_left"] <= body["rotate_seconds"] == 30
    assert "no-store" in state.headers["Cache-Control"]
    assert len(codes(CodeKind.PHONE)) == 1


def test_my_code_page_explains_why_someone_not_registered_has_none(
    client, login_as, db, org, make_account
):
    login_as(make_account("coord", Role.COORDINATOR, org["a"]))
    page = client.get("/me/code")
    assert page.status_code == 200
    assert "还没有注册为志愿者" in page.get_data(as_text=True)
    refused = client.get("/me/code.json")
    assert refused.status_code == 409 and "注册" in refused.get_json()["message"]
    assert codes() == []


def test_my_code_needs_login(client):
    response = client.get("/me/code")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- Badges --------------------------------------------------------------------------------------


@pytest.fixture
def badge_world(db, org, make_volunteer, make_account, make_staff):
    return {
        "org": org,
        "manager": make_account("mgr-a", Role.MANAGER, org["a"]),
        "other_manager": make_account("mgr-b", Role.MANAGER, org["b"]),
        "own": make_volunteer(org["a1"], "王小明", staff_no="A00001"),
        "other": make_volunteer(org["b1"], "赵医生", staff_no="B00001"),
        "not_registered": make_staff(org["a1"], "钱未注"),
    }


def test_badges_page_lists_the_subtrees_registered_volunteers(client, login_as, badge_world):
    login_as(badge_world["manager"])
    page = client.get(f"/units/{badge_world['org']['a'].id}/badges").get_data(as_text=True)
    assert "王小明" in page
    assert "赵医生" not in page and "钱未注" not in page


def test_manager_issues_badges_and_prints_them(client, login_as, db, badge_world):
    unit = badge_world["org"]["a"]
    login_as(badge_world["manager"])

    response = client.post(
        f"/units/{unit.id}/badges",
        data={"account": [str(badge_world["own"].id), str(badge_world["other"].id)]},
    )

    # Hospital B's volunteer was not in the manager's subtree: silently left out.
    (badge,) = codes(CodeKind.BADGE)
    assert badge.account_id == badge_world["own"].id
    assert badge.issued_by_id == badge_world["manager"].id
    assert "volunteer_code.badge_issued" in audit_actions()
    assert response.status_code == 302
    assert f"code={badge.id}" in response.headers["Location"]

    sheet = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "王小明" in sheet and "心内科" in sheet and "A00001" in sheet
    assert sheet.count('class="volunteer-badge-qr"') == 1
    assert "data:image/svg+xml;base64," in sheet


def test_issuing_without_anyone_ticked_says_so(client, login_as, badge_world):
    login_as(badge_world["manager"])
    response = client.post(
        f"/units/{badge_world['org']['a'].id}/badges", data={}, follow_redirects=True
    )
    assert "请先勾选" in response.get_data(as_text=True)
    assert codes() == []


def test_badge_is_revoked_with_a_reason_and_leaves_the_sheet(client, login_as, db, badge_world):
    unit = badge_world["org"]["a"]
    (badge,) = code_services.issue_badges(accounts=[badge_world["own"]], by=badge_world["manager"])
    db.session.commit()
    login_as(badge_world["manager"])

    response = client.post(f"/badges/{badge.id}/revoke", data={"reason": "卡片丢失"})

    assert response.status_code == 302
    db.session.refresh(badge)
    assert badge.is_revoked and badge.revoked_by_id == badge_world["manager"].id
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "volunteer_code.badge_revoked")
    )
    assert entry.reason == "卡片丢失" and entry.unit_id == badge_world["org"]["a1"].id
    sheet = client.get(f"/units/{unit.id}/badges/print?code={badge.id}").get_data(as_text=True)
    assert "volunteer-badge-qr" not in sheet
    again = client.post(f"/badges/{badge.id}/revoke", data={}, follow_redirects=True)
    assert "已于" in again.get_data(as_text=True)


def test_revoking_twice_is_a_conflict_and_phone_keys_are_not_badges(db, badge_world):
    (badge,) = code_services.issue_badges(accounts=[badge_world["own"]], by=badge_world["manager"])
    code_services.revoke_badge(badge, by=badge_world["manager"])
    with pytest.raises(Conflict):
        code_services.revoke_badge(badge, by=badge_world["manager"])
    phone = code_services.phone_code_for(badge_world["own"])
    with pytest.raises(DomainError):
        code_services.revoke_badge(phone, by=badge_world["manager"])


def test_other_hospitals_manager_cannot_see_print_or_revoke_badges(
    client, login_as, db, badge_world
):
    unit_a = badge_world["org"]["a"]
    (badge,) = code_services.issue_badges(accounts=[badge_world["own"]], by=badge_world["manager"])
    db.session.commit()
    login_as(badge_world["other_manager"])

    assert client.get(f"/units/{unit_a.id}/badges").status_code == 403
    assert client.get(f"/units/{unit_a.id}/badges/print?code={badge.id}").status_code == 403
    issue = client.post(f"/units/{unit_a.id}/badges", data={"account": [badge_world["own"].id]})
    assert issue.status_code == 403
    assert client.post(f"/badges/{badge.id}/revoke", data={}).status_code == 403
    # Through their own unit's sheet, A's badge simply is not there.
    own_sheet = client.get(f"/units/{badge_world['org']['b'].id}/badges/print?code={badge.id}")
    assert "volunteer-badge-qr" not in own_sheet.get_data(as_text=True)
    db.session.refresh(badge)
    assert not badge.is_revoked
    assert db.session.scalar(select(func.count(VolunteerCode.id))) == 1


def test_coordinator_cannot_manage_badges(client, login_as, org, make_account):
    login_as(make_account("coord", Role.COORDINATOR, org["a"]))
    assert client.get(f"/units/{org['a'].id}/badges").status_code == 403
