"""The unit tree pages: each user sees their subtree with headcounts; admins reshape it in scope."""

from datetime import date, timedelta

import pytest

from volunteer.audit.models import AuditEntry
from volunteer.auth.models import Role
from volunteer.clock import local_today
from volunteer.errors import DomainError
from volunteer.people.models import EmploymentStatus
from volunteer.units.models import Unit
from volunteer.units.services import retire_unit


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


@pytest.fixture
def admin_a(org, make_account, login_as):
    account = make_account("admin-a", Role.ADMIN, org["a"])
    login_as(account)
    return account


def test_overview_shows_the_subtree_in_scope_with_staff_in_service(
    client, org, make_account, make_staff, login_as
):
    make_staff(org["a"], "院办甲")
    make_staff(org["a1"], "心内乙")
    make_staff(org["a1"], "离职丙", status=EmploymentStatus.LEFT, left_on=date(2024, 1, 1))
    make_staff(org["b1"], "二院丁")
    login_as(make_account("mgr-a", Role.MANAGER, org["a"]))
    page = html(client, "/units")
    assert "第一人民医院" in page and "心内科" in page
    assert "第二人民医院" not in page and "市卫生健康委员会" not in page
    assert "在职 2 人" in page and "在职 1 人" in page
    assert f"/units/{org['a1'].id}/staff" in page


def test_overview_for_the_organisation_rolls_up_every_unit(
    client, org, make_account, make_staff, login_as
):
    make_staff(org["a1"], "心内乙")
    make_staff(org["b1"], "二院丁")
    login_as(make_account("admin", Role.ADMIN, org["root"]))
    page = html(client, "/units")
    assert "市卫生健康委员会" in page and "第二人民医院" in page and "在职 2 人" in page


def test_overview_hides_retired_units_unless_asked(client, db, org, admin_a):
    client.post(
        f"/units/{org['a1'].id}/retire", data={"retired_on": "2024-12-31"}, follow_redirects=True
    )
    assert "心内科" not in html(client, "/units")
    assert "心内科" in html(client, "/units?retired=1")


def test_volunteers_have_no_unit_overview(client, org, make_account, login_as):
    login_as(make_account("vol", Role.VOLUNTEER, org["a1"]))
    html(client, "/units", status=403)


def test_a_unit_page_lists_children_and_links_the_roster(client, org, make_staff, admin_a):
    make_staff(org["a1"], "心内乙")
    page = html(client, f"/units/{org['a'].id}")
    assert "心内科" in page and "H-A-01" in page
    assert f"/units/{org['a'].id}/staff" in page
    assert f"/units/{org['a'].id}/registration" in page


def test_coordinators_see_the_unit_page_without_manager_links(client, org, make_account, login_as):
    login_as(make_account("coord", Role.COORDINATOR, org["a"]))
    page = html(client, f"/units/{org['a1'].id}")
    assert f"/units/{org['a1'].id}/staff" in page
    assert f"/units/{org['a1'].id}/registration" not in page
    assert "/staff/new" not in page and "/edit" not in page


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/units/{b}"),
        ("get", "/units/{b}/edit"),
        ("post", "/units/{b}/move"),
        ("post", "/units/{b}/retire"),
    ],
)
def test_another_hospitals_unit_is_forbidden(client, org, admin_a, method, url):
    response = getattr(client, method)(url.format(b=org["b"].id), data={"parent_code": "H-A"})
    assert response.status_code == 403


@pytest.mark.parametrize("url", ["/units/new", "/units/{a1}/edit", "/units/{a1}/move"])
def test_managers_cannot_reshape_the_tree(client, org, make_account, login_as, url):
    login_as(make_account("mgr-a", Role.MANAGER, org["a"]))
    assert client.get(url.format(a1=org["a1"].id)).status_code == 403


def test_an_admin_creates_a_unit_under_a_parent_in_scope(client, db, org, admin_a):
    assert 'value="H-A"' in html(client, "/units/new?parent=H-A")
    response = client.post(
        "/units/new",
        data={"parent_code": "h-a", "code": "h-a-02", "name": "急诊科", "kind": "department"},
    )
    assert response.status_code == 302
    unit = db.session.scalar(db.select(Unit).where(Unit.code == "H-A-02"))
    assert unit.parent_id == org["a"].id and unit.path.startswith(org["a"].path)


def test_creating_a_unit_refuses_unknown_parents_duplicates_and_other_scopes(
    client, db, org, admin_a
):
    data = {"code": "H-A-09", "name": "新科室", "kind": "department"}
    unknown = client.post("/units/new", data={**data, "parent_code": "NOPE"})
    assert "单位编码不存在" in unknown.get_data(as_text=True)
    duplicate = client.post("/units/new", data={**data, "parent_code": "H-A", "code": "H-A-01"})
    assert "已存在" in duplicate.get_data(as_text=True)
    assert client.post("/units/new", data={**data, "parent_code": "H-B"}).status_code == 403
    assert db.session.scalar(db.select(Unit).where(Unit.code == "H-A-09")) is None


def test_an_admin_renames_a_unit_and_the_change_is_audited(client, db, org, admin_a):
    response = client.post(
        f"/units/{org['a1'].id}/edit", data={"name": "心血管内科", "kind": "department"}
    )
    assert response.status_code == 302
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "unit.update"))
    assert (entry.before["name"], entry.after["name"]) == ("心内科", "心血管内科")


def test_an_admin_moves_a_unit_within_scope_only(client, db, org, make_unit, admin_a):
    a2 = make_unit("H-A-02", "内科", parent=org["a"])
    response = client.post(f"/units/{org['a1'].id}/move", data={"parent_code": "H-A-02"})
    assert response.status_code == 302
    db.session.expire_all()
    moved = db.session.get(Unit, org["a1"].id)
    assert moved.parent_id == a2.id and moved.path == f"{a2.path}{moved.id}/"
    assert (
        client.post(f"/units/{org['a1'].id}/move", data={"parent_code": "H-B"}).status_code == 403
    )
    below = client.post(f"/units/{org['a'].id}/move", data={"parent_code": "H-A-02"})
    assert "不能把单位移动到它自己或它的下级单位之下" in below.get_data(as_text=True)


def test_retiring_is_refused_while_children_or_staff_remain(client, db, org, make_staff, admin_a):
    assert "需先移动、撤销或调动" in html(client, f"/units/{org['a'].id}/retire")
    refused = client.post(f"/units/{org['a'].id}/retire", data={"retired_on": "2024-12-31"})
    assert "未撤销的下级单位" in refused.get_data(as_text=True)
    make_staff(org["a1"], "心内乙")
    refused = client.post(f"/units/{org['a1'].id}/retire", data={"retired_on": "2024-12-31"})
    assert "名在职职工" in refused.get_data(as_text=True)
    assert db.session.get(Unit, org["a1"].id).retired_on is None


def test_retiring_an_empty_unit_records_the_date_and_reason(client, db, org, admin_a):
    response = client.post(
        f"/units/{org['a1'].id}/retire", data={"retired_on": "2024-12-31", "reason": "合并"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, org["a1"].id).retired_on == date(2024, 12, 31)
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "unit.retire"))
    assert entry.reason == "合并"
    page = html(client, f"/units/{org['a1'].id}")
    assert "已撤销" in page and f"/units/{org['a1'].id}/registration" not in page
    assert "/staff/new" not in page
    assert client.get(f"/units/{org['a1'].id}/staff/new").status_code == 302


def test_a_retirement_date_after_today_is_refused(client, db, org, admin_a):
    tomorrow = local_today() + timedelta(days=1)

    with pytest.raises(DomainError, match="撤销日期不能晚于今天"):
        retire_unit(unit=org["a1"], on=tomorrow, actor=None)
    refused = client.post(f"/units/{org['a1'].id}/retire", data={"retired_on": tomorrow})

    assert "撤销日期不能晚于今天" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, org["a1"].id).retired_on is None
    retire_unit(unit=org["a1"], on=local_today(), actor=None)
    assert db.session.get(Unit, org["a1"].id).retired_on == local_today()
