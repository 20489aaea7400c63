"""Reads about uploaded files: one by its token, and an account's recent uploads."""

from __future__ import annotations

from sqlalchemy import Select
from sqlalchemy.orm import defer

from volunteer.auth.models import Account
from volunteer.extensions import db
from volunteer.imports.models import ImportBatch


def batch_by_token(token: str) -> ImportBatch | None:
    """Return the upload with this token, or None."""
    return db.session.scalar(db.select(ImportBatch).where(ImportBatch.token == token))


def recent_uploads(account: Account, limit: int = 20) -> Select:
    """Select the account's latest uploads, newest first, without their file contents."""
    return (
        db.select(ImportBatch)
        .options(defer(ImportBatch.content))
        .where(ImportBatch.uploaded_by_id == account.id)
        .order_by(ImportBatch.uploaded_at.desc(), ImportBatch.id.desc())
        .limit(limit)
    )
