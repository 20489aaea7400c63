"""Accounts and their roles, each role scoped to a unit subtree."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from volunteer import clock
from volunteer.auth.rules import device_parts
from volunteer.clock import UTCDateTime, utc_now
from volunteer.core.columns import stored_as_value
from volunteer.extensions import Model
from volunteer.people.models import StaffMember
from volunteer.texts import N_
from volunteer.units.models import Unit


class Role(StrEnum):
    """What an account may do, within the subtree of the unit it is granted on."""

    ADMIN = "admin"
    MANAGER = "manager"
    COORDINATOR = "coordinator"
    VOLUNTEER = "volunteer"

    @property
    def label(self) -> str:
        """Name the role (a msgid: translate it where it is shown)."""
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.ADMIN: N_("系统管理员"),
    Role.MANAGER: N_("单位管理员"),
    Role.COORDINATOR: N_("活动负责人"),
    Role.VOLUNTEER: N_("志愿者"),
}


class Account(UserMixin, Model):
    """A login for one person; volunteers log in with 工号 or phone."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Wrong passwords in a row, from any address, and the end of the lock they led to
    # (auth/lockout.py): in the database, so every worker process counts the same attempts.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    lock_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    staff_member: Mapped[StaffMember | None] = relationship()
    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="account",
        primaryjoin="and_(Account.id == RoleGrant.account_id, RoleGrant.revoked_at.is_(None))",
        viewonly=True,
    )

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def locked_until(self) -> datetime | None:
        """Return when the temporary lock after wrong passwords ends, while it lasts."""
        if self.lock_ends_at is not None and self.lock_ends_at > clock.utc_now():
            return self.lock_ends_at
        return None

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<Account {self.username}>"


class RoleGrant(Model):
    """One role on one unit subtree; revoked grants stay for the record."""

    __tablename__ = "role_grant"
    # At most one live grant of a role on a unit; NULLs never collide, hence the partial index.
    __table_args__ = (
        Index(
            "uq_role_grant_live",
            "account_id",
            "role",
            "unit_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    role: Mapped[Role] = mapped_column(stored_as_value(Role, 16))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    account: Mapped[Account] = relationship(foreign_keys=[account_id], back_populates="grants")
    # Every request checks scope through the grants' units: load them with the grants.
    unit: Mapped[Unit] = relationship(lazy="joined")


class DeviceLogin(Model):
    """One login on one device (browser); the session and remember cookies carry its key.

    The key, not the account, is what the cookies name (auth/loader.py), so ending the login
    here ends both cookies: logging out, "log out of all devices", an administrator's action.
    Only a hash of the key is stored.
    """

    __tablename__ = "device_login"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    # "Keep me logged in": the remember cookie may bring it back for REMEMBER_COOKIE_DURATION.
    remembered: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    user_agent: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(45))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    account: Mapped[Account] = relationship()

    @property
    def device(self) -> list[str]:
        """Name the device by its system and browser (msgids: translate where shown)."""
        return device_parts(self.user_agent)
