"""Activity pages: organisers' forms and lists, volunteers' browsing and sign-up, admin lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from activities_world import (  # noqa: F401 - fixtures shared with the service tests
    add_record,
    category_fixture,
    form_data,
    local_input,
    schedule_fixture,
    volunteer_fixture,
)

from volunteer.activities import services
from volunteer.activities.models import Activity, Category, MonthlyTheme
from volunteer.activities.services import catalogue
from volunteer.auth.models import Role
from volunteer.clock import utc_now
from volunteer.records.models import RecordStatus


@pytest.fixture
def staff(org, make_account):
    return {
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a"]),
        "manager_b": make_account("manager-b", Role.MANAGER, org["b"]),
        "admin": make_account("root-admin", Role.ADMIN, org["root"]),
    }


def test_coordinator_creates_an_activity_with_the_start_months_theme(
    client, db, org, staff, category, login_as
):
    login_as(staff["coordinator"])
    data = form_data(org["a1"], category)
    local_start = data["starts_at"]
    year, month = int(local_start[:4]), int(local_start[5:7])
    theme = catalogue.set_theme(
        year=year,
        month=month,
        title="健康进社区",
        description=None,
        by=None,
    )
    db.session.commit()

    response = client.post("/activities/new", data=data)

    assert response.status_code == 302
    activity = db.session.scalar(db.select(Activity))
    assert activity.theme_id == theme.id and activity.capacity == 10
    assert activity.signup_required and not activity.static_code_allowed
    assert local_input(activity.starts_at) == local_start
    assert activity.starts_at.utcoffset() == timedelta(0)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert activity.number in page and "健康进社区" in page and 'class="activity-actions"' in page


def test_new_activity_page_offers_scope_units_and_active_categories(
    client, db, org, staff, category, login_as
):
    retired = catalogue.create_category(name="停用的类别", by=None)
    catalogue.set_category_active(category=retired, active=False, by=None)
    db.session.commit()
    login_as(staff["coordinator"])

    page = client.get("/activities/new").get_data(as_text=True)

    assert 'type="datetime-local"' in page
    assert "心内科" in page and "急诊科" not in page
    assert "测试类别" in page and "停用的类别" not in page
    assert "按开始月份自动选择" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "请填写活动名称"),
        ({"place": ""}, "请填写地点"),
        ({"starts_at": ""}, "请填写开始时间"),
        ({"capacity": "0"}, "人数上限至少为 1"),
        ({"starts_at": "明天上午"}, "时间格式不正确"),
    ],
)
def test_form_mistakes_are_shown_in_chinese(
    client, db, org, staff, category, login_as, changes, message
):
    login_as(staff["coordinator"])
    response = client.post("/activities/new", data=form_data(org["a"], category, **changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Activity)) is None


def test_end_before_start_is_refused_on_the_page(client, db, org, staff, category, login_as):
    login_as(staff["coordinator"])
    data = form_data(org["a"], category)
    data["ends_at"] = data["starts_at"]
    page = client.post("/activities/new", data=data).get_data(as_text=True)
    assert "结束时间必须晚于开始时间" in page


def test_a_unit_outside_the_scope_cannot_be_chosen(client, db, org, staff, category, login_as):
    login_as(staff["coordinator"])
    response = client.post("/activities/new", data=form_data(org["b1"], category))
    assert response.status_code == 200
    assert db.session.scalar(db.select(Activity)) is None


def test_another_hospitals_manager_gets_403(client, org, staff, schedule, login_as):
    activity = schedule()
    login_as(staff["manager_b"])
    assert client.get(f"/activities/{activity.id}/edit").status_code == 403
    assert client.post(f"/activities/{activity.id}/cancel", data={"reason": "x"}).status_code == 403
    # Volunteers of every unit may see it, but the sign-up list is for those who run it.
    page = client.get(f"/activities/{activity.id}").get_data(as_text=True)
    assert "报名名单" not in page


def test_editing_times_after_records_settled_says_why(
    client, db, org, staff, schedule, volunteer, login_as
):
    activity = schedule()
    add_record(db, activity, volunteer(org["a1"]), RecordStatus.APPROVED)
    login_as(staff["coordinator"])
    page = client.get(f"/activities/{activity.id}/edit").get_data(as_text=True)
    assert "时间不能再修改" in page and "readonly" in page

    data = form_data(org["a1"], activity.category, theme="none")
    response = client.post(f"/activities/{activity.id}/edit", data=data)
    assert "开始和结束时间不能再修改" in response.get_data(as_text=True)


def test_cancel_page_explains_records_must_be_voided_first(
    client, db, org, staff, schedule, volunteer, login_as
):
    activity = schedule()
    add_record(db, activity, volunteer(org["a1"]), RecordStatus.NEEDS_REVIEW)
    login_as(staff["coordinator"])

    page = client.get(f"/activities/{activity.id}/cancel").get_data(as_text=True)
    assert "请先作废这些记录" in page
    response = client.post(f"/activities/{activity.id}/cancel", data={"reason": "下雨"})
    assert "请先作废这些记录" in response.get_data(as_text=True)
    assert not db.session.get(Activity, activity.id).is_cancelled


def test_cancelling_needs_a_reason_and_shows_it(client, db, staff, schedule, login_as):
    activity = schedule()
    login_as(staff["coordinator"])
    assert "请填写取消原因" in client.post(
        f"/activities/{activity.id}/cancel", data={"reason": ""}
    ).get_data(as_text=True)
    response = client.post(f"/activities/{activity.id}/cancel", data={"reason": "台风预警"})
    assert response.status_code == 302
    page = client.get(f"/activities/{activity.id}").get_data(as_text=True)
    assert "已取消" in page and "台风预警" in page


def test_organisers_list_has_tabs_and_filters(client, db, org, staff, schedule, login_as):
    upcoming = schedule(title="即将开展的义诊")
    past = schedule(title="上周的讲座", starts_at=utc_now() - timedelta(days=7), capacity=None)
    schedule(title="医院B的活动", unit=org["b"])
    login_as(staff["coordinator"])

    page = client.get("/activities").get_data(as_text=True)
    assert upcoming.title in page and past.title not in page and "医院B的活动" not in page
    assert past.title in client.get("/activities?tab=past").get_data(as_text=True)
    other = catalogue.create_category(name="其他类别测试", by=None)
    db.session.commit()
    assert upcoming.title not in client.get(f"/activities?category={other.id}").get_data(
        as_text=True
    )


def test_volunteer_browses_signs_up_and_joins_the_waiting_list(
    client, app, db, org, schedule, volunteer, login_as
):
    activity = schedule(capacity=1, title="献血点引导", unit=org["b1"])
    first = volunteer(org["a1"], "甲")
    me = volunteer(org["a1"], "乙")
    services.sign_up(activity=activity, account=first)
    db.session.commit()
    login_as(me)

    page = client.get("/activities/upcoming").get_data(as_text=True)
    assert "献血点引导" in page and "已满，可候补" in page

    response = client.post(f"/activities/{activity.id}/signup", data={"back": "browse"})
    assert response.headers["Location"].endswith("/activities/upcoming")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "候补名单（第 1 位）" in page

    mine = client.get("/my/activities").get_data(as_text=True)
    assert "献血点引导" in mine and "候补第 1 位" in mine

    # Withdrawing asks first (tests/test_activities_withdraw.py); this is the confirmed POST.
    client.post(f"/activities/{activity.id}/withdraw", data={"confirm": "1"})
    assert "献血点引导" not in client.get("/my/activities").get_data(as_text=True)


def test_browse_filters_by_category_and_unit(client, db, org, schedule, volunteer, login_as):
    schedule(title="甲医院的活动", unit=org["a1"])
    schedule(title="乙医院的活动", unit=org["b1"])
    login_as(volunteer(org["a1"]))
    page = client.get(f"/activities/upcoming?unit={org['b'].id}").get_data(as_text=True)
    assert "乙医院的活动" in page and "甲医院的活动" not in page


def test_unregistered_person_is_told_to_register_first(client, org, schedule, volunteer, login_as):
    activity = schedule()
    login_as(volunteer(org["a1"], registered=False))
    response = client.post(f"/activities/{activity.id}/signup", follow_redirects=True)
    assert "只有已注册的志愿者才能报名" in response.get_data(as_text=True)


def test_organiser_sees_the_sign_up_list_with_masked_phones(
    client, db, org, staff, schedule, volunteer, login_as
):
    activity = schedule()
    person = volunteer(org["a1"], "赵六")
    services.sign_up(activity=activity, account=person)
    db.session.commit()
    login_as(staff["coordinator"])
    page = client.get(f"/activities/{activity.id}").get_data(as_text=True)
    phone = person.staff_member.phone
    assert "赵六" in page and phone not in page and phone[-4:] in page


def test_categories_page_adds_and_refuses_a_duplicate_in_chinese(client, db, staff, login_as):
    login_as(staff["admin"])
    assert client.post("/categories", data={"name": "助残服务"}).status_code == 302
    page = client.post("/categories", data={"name": "助残服务"}).get_data(as_text=True)
    assert "已有名为“助残服务”的类别" in page
    added = db.session.scalar(db.select(Category).where(Category.name == "助残服务"))
    client.post(f"/categories/{added.id}/retire")
    assert not db.session.get(Category, added.id).active
    client.post(f"/categories/{added.id}/rename", data={"name": "助残志愿服务"})
    assert db.session.get(Category, added.id).name == "助残志愿服务"


def test_themes_page_shows_twelve_months_and_sets_one(client, db, staff, login_as):
    login_as(staff["admin"])
    page = client.get("/themes?year=2031").get_data(as_text=True)
    assert page.count("未设置") == 12
    response = client.post("/themes/2031/3", data={"title": "学雷锋月", "description": ""})
    assert response.status_code == 302
    assert db.session.scalar(db.select(MonthlyTheme)).title == "学雷锋月"
    assert "学雷锋月" in client.get("/themes?year=2031").get_data(as_text=True)
    assert client.get("/themes/2031/13").status_code == 404


def test_coordinators_may_not_manage_categories_or_themes(client, staff, login_as):
    login_as(staff["coordinator"])
    assert client.get("/categories").status_code == 403
    assert client.get("/themes").status_code == 403
