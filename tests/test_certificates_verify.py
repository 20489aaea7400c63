"""The public verification: by the QR's code, and by the PDF handed over; every failure."""

from __future__ import annotations

import io
from datetime import date

import pytest
from certificates_world import (
    LAST_YEAR,
    audit_actions,
    certificates,
    served,
    world_fixture,  # noqa: F401
)
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from volunteer.certificates.services import issuing, revoking
from volunteer.extensions import db


@pytest.fixture
def issued(world):
    """王小明's certificate of last year, issued with its PDF."""
    served(world["volunteer"], world["activity"], date(LAST_YEAR, 3, 5), "12.5")
    certificate = issuing.issue_annual(world["volunteer"], LAST_YEAR, by=None).certificate
    db.session.commit()
    return certificate


def test_the_qr_code_shows_the_masked_name_unit_year_hours_and_status(issued, client):
    page = client.get(f"/verify/{issued.verify_code}").get_data(as_text=True)
    assert "王*明" in page and "王小明" not in page
    assert "第一人民医院" in page and str(LAST_YEAR) in page and "12.5" in page
    assert "有效" in page and issued.content["issue_date"] in page
    assert "110101" not in page and issued.serial not in page


@pytest.mark.parametrize("code", ["wrong-code-0000000000", "x" * 33, "1", "%2e%2e"])
def test_a_wrong_code_tells_nothing(issued, client, code):
    response = client.get(f"/verify/{code}")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "王" not in page and "12.5" not in page


def test_a_revoked_certificate_says_so(issued, client, world):
    revoking.revoke_certificate(issued, reason="时长有误", by=world["admin"])
    db.session.commit()
    page = client.get(f"/verify/{issued.verify_code}").get_data(as_text=True)
    assert "已撤销" in page and "不再有效" in page and "时长有误" not in page


def test_a_superseded_certificate_says_so_with_the_date(issued, client, world):
    served(world["volunteer"], world["activity"], date(LAST_YEAR, 4, 5), 2)
    issuing.issue_annual(world["volunteer"], LAST_YEAR, by=None)
    db.session.commit()
    page = client.get(f"/verify/{issued.verify_code}").get_data(as_text=True)
    assert "被新出具的证明替代" in page and "已被新证明替代" in page


def _upload(client, content: bytes, name="certificate.pdf"):
    # Encoded in memory: the test client would spool a large body to a file it never closes.
    boundary, body = encode_multipart(
        MultiDict([("file", FileStorage(io.BytesIO(content), filename=name))])
    )
    return client.post(
        "/verify", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def test_the_issued_file_is_genuine(issued, client):
    response = _upload(client, issued.pdf)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "真实" in page and issued.serial in page
    assert "王*明" in page


def test_an_altered_file_is_not(issued, client):
    altered = bytearray(issued.pdf)
    altered[len(altered) // 2] ^= 0x01
    page = _upload(client, bytes(altered)).get_data(as_text=True)
    assert "不是本系统出具的证明，或文件在出具后被改动过" in page and "真实" not in page


def test_a_file_that_is_no_pdf_is_told_so(issued, client):
    page = _upload(client, b"GIF89a" + b"\x00" * 100, "photo.pdf").get_data(as_text=True)
    assert "不是 PDF" in page


def test_no_file_is_asked_for(client, world):
    page = client.post("/verify", data={}).get_data(as_text=True)
    assert "请选择要核验的 PDF 文件" in page


@pytest.mark.parametrize("megabytes", [11, 50])
def test_a_large_upload_gets_a_clear_message_and_writes_nothing(issued, client, megabytes):
    before = (len(certificates()), audit_actions())
    response = _upload(client, b"%PDF-1.4\n" + b"0" * (megabytes * 1024 * 1024))
    assert response.status_code == 413
    assert "文件超过 10 MB" in response.get_data(as_text=True)
    assert (len(certificates()), audit_actions()) == before


def test_the_verify_page_needs_no_login(client):
    page = client.get("/verify").get_data(as_text=True)
    assert "证明核验" in page and 'enctype="multipart/form-data"' in page


@pytest.mark.app_config(RATELIMIT_ENABLED=True, VERIFY_RATE_LIMIT="3 per minute")
def test_guessing_codes_is_rate_limited(client, world):
    answers = [client.get(f"/verify/guess-{n:020d}").status_code for n in range(4)]
    assert answers == [404, 404, 404, 429]
