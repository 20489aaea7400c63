"""A reminded person's notices: on their home page until read, all of them on 我的通知."""

from __future__ import annotations

from reminders_world import reminders_world_fixture  # noqa: F401
from sqlalchemy import select

from volunteer.clock import utc_now
from volunteer.reminders.models import Notice


def remind(client, world, login_as, *names):
    login_as(world.manager)
    client.post(
        f"/progress/units/{world.org['a'].id}/reminders",
        data={"year": utc_now().year, "person": [world.staff[n].id for n in names]},
    )
    client.post("/logout")


def test_the_notice_shows_on_the_home_page_until_it_is_read(reminders_world, client, db, login_as):
    remind(client, reminders_world, login_as, "甲", "丁")
    login_as(reminders_world.accounts["甲"])

    home = client.get("/me").get_data(as_text=True)
    notice = db.session.scalars(
        select(Notice).where(Notice.staff_member_id == reminders_world.staff["甲"].id)
    ).one()
    assert "今年还需 48 小时，约每周" in home
    assert 'href="/activities/upcoming"' in home
    assert "第一人民医院 催办" not in home  # sent from the person's department
    assert "心内科 催办" in home

    response = client.post("/notices/read", data={"notice_id": notice.id, "next": "/me"})

    assert response.headers["Location"].endswith("/me")
    assert "今年还需" not in client.get("/me").get_data(as_text=True)
    listed = client.get("/notices").get_data(as_text=True)
    assert "今年还需 48 小时" in listed and "标为已读" not in listed
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).read_at is not None


def test_my_notices_lists_only_my_own(reminders_world, client, db, login_as):
    remind(client, reminders_world, login_as, "甲", "丁")
    login_as(reminders_world.accounts["丁"])
    page = client.get("/notices").get_data(as_text=True)
    assert page.count('name="notice_id"') == 1
    assert "标为已读" in page


def test_someone_elses_notice_cannot_be_marked_read(reminders_world, client, db, login_as):
    remind(client, reminders_world, login_as, "甲")
    notice = db.session.scalars(select(Notice)).one()
    login_as(reminders_world.accounts["丁"])

    response = client.post("/notices/read", data={"notice_id": notice.id})

    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Notice, notice.id).read_at is None


def test_a_login_without_notices_sees_an_empty_list(reminders_world, client, login_as):
    login_as(reminders_world.manager)
    assert "暂无通知" in client.get("/notices").get_data(as_text=True)


def test_the_notice_is_rendered_in_the_readers_language(reminders_world, client, login_as):
    """The notice keeps its figures, not a sentence: an English reader reads it in English."""
    remind(client, reminders_world, login_as, "甲")
    login_as(reminders_world.accounts["甲"])
    client.set_cookie("locale", "en", domain="localhost")

    page = client.get("/notices").get_data(as_text=True)

    assert "48 more hours needed this year, about" in page
    assert "Mark as read" in page
