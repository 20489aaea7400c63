"""The world the person-search tests share, and the two boxes that find people for an activity.

The world: a department coordinator of hospital A's 心内科 runs a 心内科 activity; 王小明 works
there; 赵医生 works in hospital B's 急诊科 (another hospital). Both boxes — the scanner's search
(JSON) and the make-up page (补录, HTML) — follow the same rules, so the `finds` fixture runs a
test once with each. Test modules import `ward_fixture` and `finds_fixture` (named "ward" and
"finds") with the phones they use.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from volunteer.auth.models import Role

COLLEAGUE_PHONE = "13912345678"
OUTSIDER_PHONE = "13700001111"


@pytest.fixture(name="ward")
def ward_fixture(db, org, make_volunteer, make_activity, make_account):
    """A 心内科 activity that began an hour ago, its department coordinator, and two people."""
    return {
        "org": org,
        "activity": make_activity(org["a1"], "病房陪护"),
        "coordinator": make_account("coord-a1", Role.COORDINATOR, org["a1"]),
        "colleague": make_volunteer(org["a1"], "王小明", staff_no="A00012", phone=COLLEAGUE_PHONE),
        "outsider": make_volunteer(org["b1"], "赵医生", staff_no="B00077", phone=OUTSIDER_PHONE),
    }


def scanner_finds(client, activity, text: str) -> list[int]:
    """Search from the scanner; return the account ids it lists."""
    response = client.get(f"/activities/{activity.id}/scanner/search", query_string={"q": text})
    assert response.status_code == 200
    return [person["account_id"] for person in response.get_json()["results"]]


def make_up_finds(client, activity, text: str) -> list[int]:
    """Search on the make-up page; return the account ids it offers to choose."""
    response = client.get(f"/activities/{activity.id}/make-up", query_string={"q": text})
    assert response.status_code == 200
    return [int(n) for n in re.findall(r"account_id=(\d+)", response.get_data(as_text=True))]


BOXES = [
    pytest.param(scanner_finds, id="scanner"),
    pytest.param(make_up_finds, id="make-up"),
]


@pytest.fixture(name="finds", params=BOXES)
def finds_fixture(request) -> Callable[..., list[int]]:
    return request.param
