"""The corrections queue: in scope by the activity's or the person's unit; accept or reject."""

from __future__ import annotations

import pytest
from conftest import local_time
from sqlalchemy import select

from volunteer.auth.models import Role
from volunteer.records.models import Correction, CorrectionStatus
from volunteer.records.services import corrections


@pytest.fixture
def people(org, make_volunteer, make_account):
    return {
        "li": make_volunteer(org["a1"], "李四"),
        "manager": make_account("mgr", Role.MANAGER, org["a"]),
        "other_manager": make_account("mgr-b", Role.MANAGER, org["b"]),
    }


def page(response) -> str:
    return response.get_data(as_text=True)


def missing(db, volunteer, activity, **times) -> Correction:
    correction = corrections.request_correction(
        account=volunteer, activity=activity, message="忘记扫码", **times
    )
    db.session.commit()
    return correction


def test_other_hospital_neither_sees_nor_handles_a_correction(
    client, login_as, db, people, org, make_activity
):
    activity = make_activity(org["a"], "导诊服务", starts_at=local_time(2026, 11, 10, 9, 0))
    correction = missing(db, people["li"], activity)
    login_as(people["other_manager"])

    assert "导诊服务" not in page(client.get("/corrections"))
    assert client.post(f"/corrections/{correction.id}/accept", data={}).status_code == 403
    response = client.post(f"/corrections/{correction.id}/reject", data={"reason": "不对"})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Correction, correction.id).status == CorrectionStatus.PENDING


def test_the_persons_manager_handles_service_at_another_hospital(
    client, login_as, db, people, org, make_activity
):
    activity = make_activity(org["b"], "急诊科义诊", starts_at=local_time(2026, 11, 10, 9, 0))
    correction = missing(
        db,
        people["li"],
        activity,
        begin=local_time(2026, 11, 10, 9, 0),
        end=local_time(2026, 11, 10, 10, 0),
    )
    login_as(people["manager"])

    assert "急诊科义诊" in page(client.get("/corrections"))
    client.post(f"/corrections/{correction.id}/accept", data={})
    db.session.expire_all()
    assert db.session.get(Correction, correction.id).status == CorrectionStatus.ACCEPTED


def test_accepting_without_times_is_refused_with_what_to_do(
    client, login_as, db, people, org, make_activity
):
    activity = make_activity(org["a"], starts_at=local_time(2026, 11, 10, 9, 0))
    correction = missing(db, people["li"], activity)
    login_as(people["manager"])

    client.post(f"/corrections/{correction.id}/accept", data={})

    assert "没有完整的开始和结束时间" in page(client.get("/corrections"))
    assert db.session.scalar(select(Correction.status)) == CorrectionStatus.PENDING
