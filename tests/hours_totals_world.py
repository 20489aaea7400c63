"""What the kept-totals tests share: a volunteer of hospital A, an administrator, and imports.

Test modules import `scene_fixture` (named "scene") with `session`.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from volunteer.auth.models import Role
from volunteer.extensions import db as _db
from volunteer.records.services import entries


@pytest.fixture(name="scene")
def scene_fixture(db, org, make_volunteer, make_activity, make_account):
    return {
        "org": org,
        "volunteer": make_volunteer(org["a1"], "王小明"),
        "admin": make_account("admin", Role.ADMIN, org["root"]),
        "activity": make_activity,
    }


def session(scene, begin, hours, *, key):
    activity = scene["activity"](scene["org"]["a"], starts_at=begin, hours=max(hours, 1))
    record = entries.import_session(
        account=scene["volunteer"],
        activity=activity,
        begin=begin,
        end=begin + timedelta(hours=hours),
        import_key=key,
        by=scene["admin"],
    )
    _db.session.commit()
    return record
