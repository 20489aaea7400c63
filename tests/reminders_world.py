"""A hospital of this year for the reminder tests, every person's standing known.

Hospital A (H-A, department H-A-01), managed by `manager`; measured today, target 48 h:
  甲  H-A-01  registered, 0 h, e-mail jia@example.org      → told the hours still needed
  乙  H-A-01  registered, 50 h approved                    → nothing missing
  丙  H-A-01  not registered (no login), bing@example.org  → asked to register
  丁  H-A-01  registered, 0 h, no e-mail                   → told the hours, no e-mail
Hospital B (H-B-01): 周 registered, 0 h, managed by `other_manager`.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from progress_people_world import add_record

from volunteer.auth.models import Account, Role
from volunteer.clock import local_today
from volunteer.people.models import StaffMember
from volunteer.records.totals import rebuild_totals


@dataclass
class RemindersWorld:
    """The people by name, the two managers, and the units."""

    org: dict
    staff: dict[str, StaffMember]
    accounts: dict[str, Account]
    manager: Account
    other_manager: Account


@pytest.fixture(name="reminders_world")
def reminders_world_fixture(
    db, org, make_staff, make_account, make_volunteer, make_activity
) -> RemindersWorld:
    a1, b1 = org["a1"], org["b1"]
    accounts = {
        "甲": make_volunteer(a1, "甲", email="jia@example.org"),
        "乙": make_volunteer(a1, "乙", email="yi@example.org"),
        "丁": make_volunteer(a1, "丁"),
        "周": make_volunteer(b1, "周", email="zhou@example.org"),
    }
    staff = {name: account.staff_member for name, account in accounts.items()}
    staff["丙"] = make_staff(a1, "丙", email="bing@example.org")
    activity = make_activity(org["a"], "导诊服务")
    add_record(db, accounts["乙"], activity, local_today(), "50")
    db.session.flush()
    rebuild_totals()
    db.session.commit()
    return RemindersWorld(
        org=org,
        staff=staff,
        accounts=accounts,
        manager=make_account("manager", Role.MANAGER, org["a"]),
        other_manager=make_account("other-manager", Role.MANAGER, org["b"]),
    )


@dataclass
class Received:
    """One message the local SMTP server took: envelope and parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


class _Keep:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self) -> None:
        self.received: list[Received] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


def free_port() -> int:
    """Return a loopback port nothing listens on (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(name="smtp_server")
def smtp_server_fixture() -> Iterator[tuple[int, list[Received]]]:
    """A real SMTP server (aiosmtpd) on a free loopback port; yield (port, received messages)."""
    from aiosmtpd.controller import Controller

    handler = _Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller.port, handler.received
    finally:
        controller.stop()
