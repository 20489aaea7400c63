"""Writes of the privacy feature: releasing a person's own data, logged in the audit log."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from volunteer.audit.services import record_change
from volunteer.auth.models import Account
from volunteer.errors import DomainError
from volunteer.extensions import db
from volunteer.privacy.queries.person import Person
from volunteer.privacy.reading import counts_of


@dataclass(frozen=True)
class Release:
    """What a download may hold: whose data, how many rows of each kind, the ID in full or not."""

    owner: Person
    counts: dict[str, int]
    full_id_number: bool

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def release_own_data(*, account: Account, full_id_number: bool, password: str = "") -> Release:
    """Let `account` take a copy of its own data, and log that it did.

    The full ID number leaves only after the password is typed again: a session left open on a
    shared office PC must not hand the next person someone's ID number in one click.
    """
    if full_id_number and not account.check_password(password):
        raise DomainError(_("登录密码不正确，未下载含完整身份证号的文件。"), code="wrong_password")
    release = Release(Person.of(account), counts_of(Person.of(account)), full_id_number)
    staff = account.staff_member
    record_change(
        action="export.own_data",
        subject_type="account",
        subject_id=account.id,
        unit_id=staff.unit_id if staff is not None else None,
        after={"rows": release.rows, "full_id_number": full_id_number},
        actor_id=account.id,
    )
    db.session.flush()
    return release
