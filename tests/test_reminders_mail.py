"""Reminders by e-mail: sent by the worker to a real local SMTP server, recorded per notice."""

from __future__ import annotations

import socket
import time

import pytest
from reminders_world import free_port, reminders_world_fixture, smtp_server_fixture  # noqa: F401
from sqlalchemy import select

from volunteer.clock import utc_now
from volunteer.jobs.models import Job, JobStatus
from volunteer.reminders.models import MailStatus, Notice

SENDER = "志愿服务 <volunteer@hospital.example>"


def remind_behind_pace(client, world):
    return client.post(
        f"/progress/units/{world.org['a'].id}/reminders",
        data={"year": utc_now().year, "filter": "behind_pace"},
    )


def notices_by_name(db) -> dict[str, Notice]:
    db.session.expire_all()
    return {n.staff_member.name: n for n in db.session.scalars(select(Notice))}


@pytest.fixture
def mailing_app(app, smtp_server):
    """The app pointed at the local SMTP server, its jobs run as soon as they are queued."""
    from volunteer.extensions import mail

    port, received = smtp_server
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_DEFAULT_SENDER=SENDER, HUEY_IMMEDIATE=True
    )
    mail.init_app(app)
    return received


def test_each_reminded_person_with_an_address_receives_the_email(
    reminders_world, mailing_app, client, db, login_as
):
    received = mailing_app
    login_as(reminders_world.manager)

    response = remind_behind_pace(client, reminders_world)

    assert response.status_code == 302
    by_address = {r.rcpt_tos[0]: r.message for r in received}
    assert set(by_address) == {"jia@example.org", "bing@example.org"}
    jia = by_address["jia@example.org"]
    assert jia["To"] == "jia@example.org"
    assert "volunteer@hospital.example" in jia["From"]
    assert "志愿服务提醒" in jia["Subject"]
    body = jia.get_content()
    assert "甲，您好" in body
    assert "今年还需 48 小时，约每周" in body
    assert "http://localhost/activities/upcoming" in body
    bing = by_address["bing@example.org"].get_content()
    assert "请完成志愿者注册" in bing
    assert f"http://localhost/r/{reminders_world.org['a1'].code}" in bing
    written = notices_by_name(db)
    assert {name: n.mail_status for name, n in written.items()} == {
        "甲": MailStatus.SENT,
        "丙": MailStatus.SENT,
        "丁": MailStatus.NO_ADDRESS,
    }
    job = db.session.scalars(select(Job)).one()
    assert (job.kind, job.status) == ("reminders.mail", JobStatus.DONE)
    assert "已发送 2 封" in job.message


def test_without_an_smtp_server_the_notice_is_written_and_nothing_is_sent(
    reminders_world, client, db, login_as, smtp_server
):
    _port, received = smtp_server
    login_as(reminders_world.manager)

    response = remind_behind_pace(client, reminders_world)

    assert response.status_code == 302
    assert received == []
    assert db.session.scalars(select(Job)).all() == []
    assert {n.mail_status for n in notices_by_name(db).values()} == {MailStatus.NOT_CONFIGURED}


def test_a_server_that_refuses_the_connection_marks_the_emails_failed(
    reminders_world, app, client, db, login_as
):
    from volunteer.extensions import mail

    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=free_port(),
        MAIL_DEFAULT_SENDER=SENDER,
        HUEY_IMMEDIATE=True,
    )
    mail.init_app(app)
    login_as(reminders_world.manager)

    response = remind_behind_pace(client, reminders_world)

    assert response.status_code == 302
    written = notices_by_name(db)
    assert written["甲"].mail_status == MailStatus.FAILED
    assert "ConnectionRefusedError" in (written["甲"].mail_error or "")
    assert written["丁"].mail_status == MailStatus.NO_ADDRESS
    assert db.session.scalars(select(Job)).one().status == JobStatus.DONE


def test_a_server_that_never_answers_marks_the_emails_failed_after_the_timeout(
    reminders_world, app, client, db, login_as
):
    """It accepts the connection and says nothing: the worker gives up, it is not held."""
    from volunteer.extensions import mail

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        app.config.update(
            MAIL_SERVER="127.0.0.1",
            MAIL_PORT=silent.getsockname()[1],
            MAIL_DEFAULT_SENDER=SENDER,
            MAIL_TIMEOUT=0.5,
            HUEY_IMMEDIATE=True,
        )
        mail.init_app(app)
        login_as(reminders_world.manager)
        started = time.monotonic()

        response = remind_behind_pace(client, reminders_world)

        assert time.monotonic() - started < 10
    assert response.status_code == 302
    written = notices_by_name(db)
    assert written["甲"].mail_status == MailStatus.FAILED
    assert "timed out" in (written["甲"].mail_error or "")
    assert db.session.scalars(select(Job)).one().status == JobStatus.DONE
