"""An activity's contact (联系人) names someone beside the phone, so people know whom to ask."""

from __future__ import annotations

import pytest
from activities_world import category_fixture, form_data  # noqa: F401

from volunteer.activities.models import Activity
from volunteer.auth.models import Role
from volunteer.people.validation import names_someone


@pytest.fixture
def coordinator(org, make_account, login_as):
    account = make_account("coord-a", Role.COORDINATOR, org["a"])
    login_as(account)
    return account


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("王芳 0571-8700 0000", True),
        ("Dr Wang 13800000000", True),
        ("0571-8700 0000", False),
        ("+86 138 0013 8000", False),
        ("", False),
        (None, False),
    ],
)
def test_contact_text_names_someone_when_it_holds_a_letter(text, named):
    assert names_someone(text) is named


def test_a_phone_alone_is_refused_with_what_to_write(client, db, org, coordinator, category):
    response = client.post(
        "/activities/new", data=form_data(org["a1"], category, contact="13800000000")
    )
    assert response.status_code == 200
    assert "请写上联系人的姓名，不只是电话。" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Activity)) is None


def test_the_activity_page_shows_the_contacts_name_and_phone(
    client, db, org, coordinator, category
):
    data = form_data(org["a1"], category, contact="王芳 0571-8700 0000")
    response = client.post("/activities/new", data=data)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<dt>联系人</dt><dd>王芳 0571-8700 0000</dd>" in page


def test_an_older_activity_holding_only_a_phone_calls_it_a_phone(
    client, db, org, coordinator, category
):
    response = client.post("/activities/new", data=form_data(org["a1"], category))
    activity = db.session.scalar(db.select(Activity))
    activity.contact = "0571-8700 0000"  # typed before a name was asked for
    db.session.commit()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<dt>联系电话</dt><dd>0571-8700 0000</dd>" in page
