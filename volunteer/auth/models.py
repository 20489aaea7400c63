"""Accounts and their roles, each role scoped to a unit subtree."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from volunteer.clock import UTCDateTime, utc_now
from volunteer.extensions import db
from volunteer.people.models import StaffMember
from volunteer.units.models import Unit


class Role(StrEnum):
    """What an account may do, within the subtree of the unit it is granted on."""

    ADMIN = "admin"
    MANAGER = "manager"
    COORDINATOR = "coordinator"
    VOLUNTEER = "volunteer"


class Account(UserMixin, db.Model):
    """A login for one person; volunteers log in with 工号 or phone."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    display_name: Mapped[str] = mapped_column(String(50))
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    staff_member_id: Mapped[int | None] = mapped_column(ForeignKey("staff_member.id"), unique=True)
    # Bumped on password change or deactivation so every other session of the account ends.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    staff_member: Mapped[StaffMember | None] = relationship()
    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="account",
        primaryjoin="and_(Account.id == RoleGrant.account_id, RoleGrant.revoked_at.is_(None))",
        viewonly=True,
    )

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<Account {self.username}>"


class RoleGrant(db.Model):
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
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    account: Mapped[Account] = relationship(foreign_keys=[account_id], back_populates="grants")
    # Every request checks scope through the grants' units: load them with the grants.
    unit: Mapped[Unit] = relationship(lazy="joined")
