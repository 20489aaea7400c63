"""A NUL character anywhere a request carries input is refused: 400, a clear message, no write.

PostgreSQL cannot store NUL; before the guard, each of these reached a query and failed there
with a 500 that put the raw input into the error log.
"""

from __future__ import annotations

import io
import logging

import pytest
from import_files import ZHANG, csv_bytes
from statements import table_counts

from volunteer.activities.models import Team
from volunteer.auth.models import Role
from volunteer.imports import services as imports

MESSAGE = "提交的内容包含无效字符（NUL），请检查后重试。"
# Marks the raw input, to look for in the log.
RAW = "秘密输入"
NUL = f"{RAW}\x00"


@pytest.fixture
def world(db, org, make_account, make_staff, make_activity):
    admin = make_account("admin", Role.ADMIN, org["root"])
    activity = make_activity(org["a"])
    team = Team(name="医院服务队", unit_id=org["a"].id)
    person = make_staff(org["a1"], "李娜", "000456")
    db.session.add(team)
    db.session.flush()
    batch = imports.store_upload(
        kind="staff", filename="roster.csv", content=csv_bytes([ZHANG]), uploader=admin
    )
    db.session.commit()
    return {
        "admin": admin,
        "a": org["a"].id,
        "code": org["a"].code,
        "activity": activity.id,
        "team": team.id,
        "person": person.id,
        "token": batch.token,
    }


STAFF_FORM = {
    "name": "赵敏",
    "staff_no": "007",
    "gender": "女",
    "phone": "13800138000",
    "political_status": "共青团员",
}
REGISTRATION_FORM = {
    "kind": "staff",
    "name": "张三",
    "staff_no": "000123",
    "phone": "13800000001",
    "password": "correct-horse-9",
    "confirm": "correct-horse-9",
    "consent": "y",
}

# (what, logged in, method, url, form or JSON); {names} are filled from the world.
PLACES = [
    ("login name", False, "post", "/login", {"identifier": NUL, "password": "x"}),
    ("login password", False, "post", "/login", {"identifier": "admin", "password": NUL}),
    ("registration form", False, "post", "/r/{code}", {**REGISTRATION_FORM, "name": NUL}),
    ("registration link", False, "get", "/r/{code}%00", None),
    ("registration link query", False, "get", "/r/{code}?next=%00", None),
    ("import preview", True, "get", "/imports/{token}%00", None),
    ("import apply", True, "post", "/imports/{token}%00/apply", {}),
    ("roster search", True, "get", "/units/{a}/staff?q=%E7%A7%98%00", None),
    ("accounts search", True, "get", "/accounts?q=%00", None),
    ("badges search", True, "get", "/units/{a}/badges?q=%00", None),
    ("scanner search", True, "get", "/activities/{activity}/scanner/search?q=13%00", None),
    ("make-up search", True, "get", "/activities/{activity}/make-up?q=%00", None),
    ("team member search", True, "get", "/teams/{team}/members/add?q=%00", None),
    ("audit person search", True, "get", "/audit?person=%00", None),
    ("query string name", True, "get", "/units/{a}/staff?%00=1", None),
    ("staff form", True, "post", "/units/{a}/staff/new", {**STAFF_FORM, "name": NUL}),
    ("staff edit form", True, "post", "/staff/{person}/edit", {**STAFF_FORM, "phone": NUL}),
    ("scanner JSON body", True, "post", "/activities/{activity}/scan", {"json": {"code": NUL}}),
    ("JSON key", True, "post", "/activities/{activity}/scan", {"json": {NUL: ["x"]}}),
]


@pytest.mark.parametrize(
    ("logged_in", "method", "url", "data"),
    [place[1:] for place in PLACES],
    ids=[place[0] for place in PLACES],
)
def test_a_nul_is_refused_with_a_clear_message_and_nothing_is_written(
    client, db, world, login_as, caplog, logged_in, method, url, data
):
    if logged_in:
        login_as(world["admin"])
    before = table_counts(db)
    caplog.set_level(logging.DEBUG)
    kwargs = dict(data) if data and "json" in data else {"data": data}

    response = getattr(client, method)(url.format(**world), **kwargs)

    assert response.status_code == 400
    if response.is_json:
        assert response.get_json() == {"ok": False, "error": "nul_character", "message": MESSAGE}
    else:
        assert MESSAGE in response.get_data(as_text=True)
    assert RAW not in response.get_data(as_text=True)
    assert table_counts(db) == before
    assert RAW not in caplog.text and "\x00" not in caplog.text


def test_a_file_name_with_a_nul_is_refused_and_nothing_is_kept(client, db, world, login_as):
    login_as(world["admin"])
    before = table_counts(db)

    response = client.post(
        "/imports",
        data={"kind": "staff", "file": (io.BytesIO(csv_bytes([ZHANG])), "名册\x00.csv")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)
    assert table_counts(db) == before


@pytest.mark.parametrize(
    "url", ["/units/{a}/staff?q=%E6%9D%8E", "/r/{code}", "/audit?person=admin"]
)
def test_the_same_places_without_a_nul_answer_as_before(client, world, login_as, url):
    login_as(world["admin"])

    response = client.get(url.format(**world))

    assert response.status_code == 200
    assert MESSAGE not in response.get_data(as_text=True)
