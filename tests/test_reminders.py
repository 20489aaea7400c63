"""Reminding from the people list: whom a selection names, what each is told, who is skipped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from reminders_world import reminders_world_fixture  # noqa: F401
from sqlalchemy import select
from statements import sent_statements
from static_names import static_path

from volunteer.audit.models import AuditEntry
from volunteer.clock import utc_now
from volunteer.people.models import StaffMember
from volunteer.reminders.models import MailStatus, Notice
from volunteer.reminders.plan import NoticeKind


def confirm_url(world, **args) -> str:
    query = "&".join(f"{key}={value}" for key, values in args.items() for value in _listed(values))
    return f"/progress/units/{world.org['a'].id}/reminders/new?{query}"


def _listed(values):
    return values if isinstance(values, list | tuple) else [values]


def send(client, world, **form):
    return client.post(f"/progress/units/{world.org['a'].id}/reminders", data=form)


def notices(db) -> dict[str, Notice]:
    rows = db.session.scalars(select(Notice).order_by(Notice.id)).all()
    return {notice.staff_member.name: notice for notice in rows}


@pytest.mark.parametrize(
    ("tab", "told"),
    [
        ("unregistered", {"丙"}),
        ("behind_pace", {"甲", "丙", "丁"}),
        ("below_target", {"甲", "丙", "丁"}),
    ],
)
def test_each_tab_reminds_the_people_the_list_shows_under_it(
    reminders_world, client, db, login_as, tab, told
):
    login_as(reminders_world.manager)
    listed = client.get(
        f"/progress/units/{reminders_world.org['a'].id}/people?filter={tab}"
    ).get_data(as_text=True)
    page = client.get(confirm_url(reminders_world, filter=tab)).get_data(as_text=True)
    for name in ("甲", "乙", "丙", "丁"):
        assert (f">{name}<" in listed) == (name in told)
        assert (f"{name} <code" in page) == (name in told)
    assert f"将催办 {len(told)} 人" in page

    response = send(client, reminders_world, year=utc_now().year, filter=tab)

    assert response.status_code == 302
    assert set(notices(db)) == told


def test_the_confirmation_says_what_each_person_is_missing(reminders_world, client, login_as):
    login_as(reminders_world.manager)
    page = client.get(confirm_url(reminders_world, filter="behind_pace")).get_data(as_text=True)
    assert "请完成志愿者注册" in page
    assert "今年还需 48 小时，约每周" in page
    assert "未配置邮件服务器" in page


def test_people_ticked_by_hand_are_reminded_and_those_lacking_nothing_are_not(
    reminders_world, client, db, login_as
):
    staff = reminders_world.staff
    login_as(reminders_world.manager)
    page = client.get(
        confirm_url(reminders_world, person=[staff["甲"].id, staff["乙"].id])
    ).get_data(as_text=True)
    assert "将催办 1 人" in page
    assert "1 人已注册且已达到年度目标，无需催办" in page

    send(client, reminders_world, year=utc_now().year, person=[staff["甲"].id, staff["乙"].id])

    written = notices(db)
    assert set(written) == {"甲"}
    assert written["甲"].kind == NoticeKind.HOURS
    assert written["甲"].data["needed"] == "48.0"
    assert written["甲"].mail_status == MailStatus.NOT_CONFIGURED


def test_another_hospitals_person_is_refused(reminders_world, client, db, login_as):
    login_as(reminders_world.manager)
    stranger = reminders_world.staff["周"].id
    mine = reminders_world.staff["甲"].id

    page = client.get(confirm_url(reminders_world, person=[mine, stranger]))
    sent = send(client, reminders_world, year=utc_now().year, person=[mine, stranger])

    assert page.status_code == 422
    assert "1 人不在本单位" in page.get_data(as_text=True)
    assert sent.status_code == 422  # no page to return to: the refusal is shown
    assert notices(db) == {}


def test_a_manager_of_another_hospital_may_not_remind_its_people(
    reminders_world, client, db, login_as
):
    login_as(reminders_world.other_manager)
    response = send(client, reminders_world, year=utc_now().year, filter="unregistered")
    assert response.status_code == 403
    assert notices(db) == {}


def test_a_second_reminder_within_the_interval_skips_the_person(
    reminders_world, client, db, login_as
):
    login_as(reminders_world.manager)
    year = utc_now().year
    send(client, reminders_world, year=year, filter="unregistered")

    again = client.get(confirm_url(reminders_world, filter="behind_pace")).get_data(as_text=True)
    send(client, reminders_world, year=year, filter="behind_pace")

    assert "1 人在 3 天内已催办过，本次跳过" in again
    names = [n.staff_member.name for n in db.session.scalars(select(Notice))]
    assert sorted(names) == ["丁", "丙", "甲"]
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "reminder.send").order_by(AuditEntry.id)
    ).all()
    assert [e.after["reminded"] for e in entries] == [1, 2]
    assert [e.after["skipped_recent"] for e in entries] == [0, 1]
    assert entries[1].after["selection"] == "落后进度"


def test_a_person_may_be_reminded_again_once_the_interval_has_passed(
    reminders_world, client, db, login_as
):
    login_as(reminders_world.manager)
    year = utc_now().year
    send(client, reminders_world, year=year, filter="unregistered")
    first = db.session.scalars(select(Notice)).one()
    first.created_at = utc_now() - timedelta(days=3, minutes=1)
    db.session.commit()

    send(client, reminders_world, year=year, filter="unregistered")

    assert len(db.session.scalars(select(Notice)).all()) == 2


def test_a_past_year_cannot_be_reminded(reminders_world, client, login_as):
    login_as(reminders_world.manager)
    response = client.get(
        confirm_url(reminders_world, filter="unregistered", year=utc_now().year - 1)
    )
    assert response.status_code == 422
    assert "已结束" in response.get_data(as_text=True)


def test_the_people_list_offers_to_remind_the_tab_and_the_ticked(reminders_world, client, login_as):
    login_as(reminders_world.manager)
    page = client.get(
        f"/progress/units/{reminders_world.org['a'].id}/people?filter=behind_pace"
    ).get_data(as_text=True)
    assert "催办当前筛选的全部 3 人" in page
    assert "催办所选" in page
    assert f'name="person" value="{reminders_world.staff["甲"].id}" form="remind-form"' in page


def test_the_printable_list_names_each_person_and_what_is_missing(
    reminders_world, client, login_as
):
    login_as(reminders_world.manager)
    page = client.get(
        f"/progress/units/{reminders_world.org['a'].id}/reminders/print?filter=behind_pace"
    ).get_data(as_text=True)
    assert "第一人民医院" in page and utc_now().date().isoformat()[:4] in page
    for name in ("甲", "丙", "丁"):
        assert f"<td>{name}</td>" in page
    assert "签名/备注" in page and "请完成志愿者注册" in page
    assert static_path("css/reminders.css") in page


def test_reminding_200_people_takes_as_many_statements_as_20(
    reminders_world, client, db, login_as, make_unit
):
    """The POST writes every notice in one INSERT: no statement per person."""
    login_as(reminders_world.manager)
    year = utc_now().year
    counts = []
    for code, size in (("H-A-02", 20), ("H-A-03", 200)):
        unit = make_unit(code, code, parent=reminders_world.org["a"])
        db.session.add_all(
            StaffMember(unit=unit, name=f"员工{n}", staff_no=f"{code}-{n:04d}") for n in range(size)
        )
        db.session.commit()
        with sent_statements(db.engine) as statements:
            response = client.post(
                f"/progress/units/{unit.id}/reminders",
                data={"year": year, "filter": "unregistered"},
            )
        assert response.status_code == 302
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20, counts
    assert len(db.session.scalars(select(Notice)).all()) == 220
