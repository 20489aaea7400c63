"""The certificates pages: a volunteer's own, a unit's for its manager, the year's settings."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date

import zxingcpp
from certificates_world import (
    LAST_YEAR,
    audit_actions,
    certificates,
    pdf_text,
    served,
    world_fixture,  # noqa: F401
)
from PIL import Image

from volunteer.certificates.models import CertificateStatus, IssuingSettings
from volunteer.certificates.services import issuing


def _png(size=(40, 40), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 20, 20)).save(out, format=fmt)
    return out.getvalue()


def test_volunteer_issues_and_downloads_their_annual_certificate(world, client, login_as):
    volunteer = world["volunteer"]
    served(volunteer, world["activity"], date(LAST_YEAR, 3, 5), "7.5")
    login_as(volunteer)
    page = client.get("/me/certificates").get_data(as_text=True)
    assert str(LAST_YEAR) in page and "7.5" in page
    response = client.post("/me/certificates/annual", data={"year": LAST_YEAR})
    assert response.status_code == 302
    [certificate] = certificates()
    page = client.get("/me/certificates").get_data(as_text=True)
    assert certificate.serial in page and "已出具" in page
    download = client.get(f"/me/certificates/{certificate.id}.pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    text = pdf_text(download.data)
    assert "王小明" in text and "7.5" in text and certificate.serial in text
    assert "年度志愿服务时长证明" in text

    client.post("/me/certificates/annual", data={"year": LAST_YEAR})
    page = client.get("/me/certificates").get_data(as_text=True)
    assert "未重新出具" in page and len(certificates()) == 1


def test_volunteer_without_hours_is_told_and_nothing_is_written(world, client, login_as):
    login_as(world["volunteer"])
    client.post("/me/certificates/record", data={})
    page = client.get("/me/certificates").get_data(as_text=True)
    assert "没有审核通过的志愿服务时长" in page
    assert certificates() == [] and audit_actions() == []


def test_a_volunteer_downloads_only_their_own(world, client, login_as):
    other = world["other_volunteer"]
    served(other, world["other_activity"], date(LAST_YEAR, 3, 5), 3)
    client_other = client.application.test_client()
    login_as(other)
    client.post("/me/certificates/annual", data={"year": LAST_YEAR})
    [certificate] = certificates()
    client_other.post(
        "/login", data={"identifier": world["volunteer"].username, "password": "correct-horse-9"}
    )
    assert client_other.get(f"/me/certificates/{certificate.id}.pdf").status_code == 403
    assert client.get(f"/me/certificates/{certificate.id}.pdf").status_code == 200


def test_manager_prints_the_unit_sorted_by_department_then_name(
    world, client, login_as, make_volunteer, make_unit
):
    org = world["org"]
    surgery = make_unit("H-A-00", "骨科", parent=org["a"], kind=org["a1"].kind)
    people = [
        world["volunteer"],
        make_volunteer(org["a1"], "陈一"),
        make_volunteer(surgery, "孙二"),
    ]
    for person in people:
        served(person, world["activity"], date(LAST_YEAR, 3, 5), 3)
    served(world["other_volunteer"], world["other_activity"], date(LAST_YEAR, 3, 5), 3)
    login_as(world["manager"])
    response = client.post(f"/units/{org['a'].id}/certificates/print", data={"year": LAST_YEAR})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    names = re.findall(r"王小明|陈一|孙二|赵堃", text)
    order = list(dict.fromkeys(names))
    # 心内科 and 骨科 are both hospital A's departments: sorted by department name, then person.
    assert sorted(order) == sorted(["王小明", "陈一", "孙二"])
    assert order == sorted(order, key=lambda name: ("骨科" if name == "孙二" else "心内科", name))
    assert len(certificates()) == 3
    page = client.get(f"/units/{org['a'].id}/certificates?year={LAST_YEAR}").get_data(as_text=True)
    assert all(c.serial in page for c in certificates())

    # Printing again issues nothing new: the figures did not change.
    client.post(f"/units/{org['a'].id}/certificates/print", data={"year": LAST_YEAR})
    assert len(certificates()) == 3


def test_manager_cannot_print_or_download_outside_their_units(world, client, login_as):
    org = world["org"]
    served(world["volunteer"], world["activity"], date(LAST_YEAR, 3, 5), 3)
    login_as(world["other_manager"])
    response = client.post(f"/units/{org['a'].id}/certificates/print", data={"year": LAST_YEAR})
    assert response.status_code == 403 and certificates() == []


def test_admin_revokes_with_a_reason_from_the_unit_page(world, client, login_as):
    served(world["volunteer"], world["activity"], date(LAST_YEAR, 3, 5), 3)
    login_as(world["admin"])
    client.post(f"/units/{world['org']['a'].id}/certificates/print", data={"year": LAST_YEAR})
    [certificate] = certificates()
    client.post(f"/certificates/{certificate.id}/revoke", data={"reason": ""})
    assert certificates()[0].is_valid
    client.post(f"/certificates/{certificate.id}/revoke", data={"reason": "信息有误"})
    [revoked] = certificates()
    assert revoked.status is CertificateStatus.REVOKED and revoked.revoke_reason == "信息有误"


def test_admin_sets_the_year_with_a_seal_and_bad_seals_are_refused(world, client, login_as, db):
    login_as(world["admin"])
    form = {"issuing_body": "市卫健委文明办", "head": "李主任", "clerk": "周干事", "contact": "123"}
    refused = client.post(
        f"/certificates/settings/{LAST_YEAR}",
        data={**form, "seal": (io.BytesIO(b"not an image"), "seal.png")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "PNG 或 JPEG" in refused.get_data(as_text=True)
    assert db.session.get(IssuingSettings, LAST_YEAR) is None
    saved = client.post(
        f"/certificates/settings/{LAST_YEAR}",
        data={**form, "min_hours": "2", "seal": (io.BytesIO(_png(fmt="JPEG")), "seal.jpg")},
        content_type="multipart/form-data",
    )
    assert saved.status_code == 302
    row = db.session.get(IssuingSettings, LAST_YEAR)
    assert row.seal_png.startswith(b"\x89PNG") and row.issuing_body == "市卫健委文明办"
    served(world["volunteer"], world["activity"], date(LAST_YEAR, 3, 5), 3)
    client.post(f"/units/{world['org']['a'].id}/certificates/print", data={"year": LAST_YEAR})
    [certificate] = certificates()
    assert "市卫健委文明办" in pdf_text(client.get(f"/certificates/{certificate.id}.pdf").data)


def test_home_and_person_pages_state_the_star_standard(world, client, login_as, db):
    volunteer = world["volunteer"]
    served(volunteer, world["activity"], date(LAST_YEAR, 3, 5), 320)
    login_as(volunteer)
    assert "累计服务时长达到2星级志愿者标准" in client.get("/me").get_data(as_text=True)
    client.post("/logout")
    login_as(world["manager"])
    page = client.get(f"/staff/{volunteer.staff_member_id}").get_data(as_text=True)
    assert "累计服务时长达到2星级志愿者标准" in page and "280" in page


def test_the_printed_qr_code_opens_the_certificates_verification_page(world, client, tmp_path):
    served(world["volunteer"], world["activity"], date(LAST_YEAR, 3, 5), 3)
    certificate = issuing.issue_annual(world["volunteer"], LAST_YEAR, by=None).certificate
    (tmp_path / "c.pdf").write_bytes(certificate.pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "c.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    [png] = tmp_path.glob("page*.png")
    with Image.open(png) as page:
        [code] = zxingcpp.read_barcodes(page)
    assert code.text.endswith(f"/verify/{certificate.verify_code}")
    assert client.get(code.text.removeprefix("http://localhost")).status_code == 200
