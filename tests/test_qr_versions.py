"""Codes read from the back of a hall (DESIGN.md §5): every kind of code, read from its rendered
image, is QR version 5 or lower at level M when the site's address is 30 characters long."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from qr_reading import data_uri_svg, read_pdf_page, read_svg

from volunteer.auth.models import Role

SITE = "volunteer.hospital01.cn"
ADDRESS = f"HTTP://{SITE.upper()}"
assert len(ADDRESS) == 30

pytestmark = pytest.mark.app_config(SERVER_NAME=SITE)


@pytest.fixture
def scene(org, make_volunteer, make_activity, make_account, db):
    activity = make_activity(org["a"], "社区义诊", static_code_allowed=True)
    return {
        "activity": activity,
        "volunteer": make_volunteer(org["a1"], "王小明", phone="13912345678"),
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a"]),
        "manager": make_account("manager-a", Role.MANAGER, org["a"]),
    }


def _path_of(link: str) -> str:
    return urlsplit(link).path


def test_screen_code_is_version_5_or_lower_and_opens_the_scan(app, client, scene, login_as):
    login_as(scene["coordinator"])
    state = client.get(f"/activities/{scene['activity'].id}/screen/state.json").get_json()

    code = read_svg(data_uri_svg(state["qr"]))

    assert code.level == "M" and code.version <= 5, code
    assert code.text.startswith(f"{ADDRESS}/S/2A")
    assert re.fullmatch(r"[0-9A-Z$%*+\-./: ]+", code.text), "not alphanumeric"
    landing = app.test_client().get(_path_of(code.text))
    assert landing.status_code == 302 and "/checkin/" in landing.headers["Location"]


def test_phone_code_is_version_5_or_lower_and_a_link_to_the_coordinators_page(
    client, scene, login_as
):
    login_as(scene["volunteer"])
    image = client.get("/me/code.json").get_json()["image"]

    code = read_svg(data_uri_svg(image))

    assert code.level == "M" and code.version <= 5, code
    assert code.text.startswith(f"{ADDRESS}/P/2P")


def test_printed_badge_is_version_5_or_lower(client, scene, login_as):
    login_as(scene["manager"])
    unit_id = scene["activity"].unit_id
    issued = client.post(f"/units/{unit_id}/badges", data={"account": [scene["volunteer"].id]})
    assert issued.status_code == 302
    html = client.get(issued.headers["Location"]).get_data(as_text=True)
    images = re.findall(r'src="(data:image/svg\+xml;base64,[^"]+)"', html)
    assert len(images) == 1

    code = read_svg(data_uri_svg(images[0]))

    assert code.level == "M" and code.version <= 5, code
    assert code.text.startswith(f"{ADDRESS}/P/2B")


def test_poster_code_is_version_5_or_lower(client, scene, login_as, tmp_path):
    login_as(scene["coordinator"])
    pdf = client.get(f"/activities/{scene['activity'].id}/poster.pdf")
    assert pdf.status_code == 200

    (code,) = read_pdf_page(pdf.data, tmp_path)

    assert code.version <= 5, code
    assert code.level in ("M", "Q", "H"), code
    assert _path_of(code.text).startswith("/S/2S")
