"""A record's evidence opens in the browser when it is an image or a PDF that is what it says;
anything else, or a file whose bytes belie its type, is only downloaded."""

from __future__ import annotations

import pytest
from review_world import make_up_fixture, people_fixture  # noqa: F401

from volunteer.records.services import entries

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16
PDF = b"%PDF-1.4 sheet"
HTML = b"<html><script>alert(1)</script></html>"


def _download(client, login_as, db, people, make_up, filename, mimetype, content):
    record = make_up(people["li"], 10)
    entries.attach_evidence(record, (filename, mimetype, content), people["manager"])
    db.session.commit()
    login_as(people["manager"])
    return client.get(f"/records/{record.id}/attachments/{record.attachments[0].id}")


@pytest.mark.parametrize(
    ("filename", "mimetype", "content"),
    [
        ("签到表.png", "image/png", PNG),
        ("签到表.jpg", "image/jpeg", JPEG),
        ("签到表.pdf", "application/pdf", PDF),
    ],
)
def test_an_image_or_a_pdf_opens_in_the_browser(
    client,
    login_as,
    db,
    people,
    make_up,
    filename,
    mimetype,
    content,
):
    response = _download(client, login_as, db, people, make_up, filename, mimetype, content)
    assert response.status_code == 200 and response.data == content
    assert response.mimetype == mimetype
    assert response.headers["Content-Disposition"].startswith("inline")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("filename", "mimetype", "content"),
    [
        ("签到表.png", "image/png", HTML),  # named an image, holds a page
        ("签到表.pdf", "application/pdf", HTML),
        ("照片.gif", "image/gif", b"GIF89a"),
        ("图.svg", "image/svg+xml", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("页.html", "text/html", HTML),
    ],
)
def test_any_other_file_is_only_downloaded(
    client,
    login_as,
    db,
    people,
    make_up,
    filename,
    mimetype,
    content,
):
    response = _download(client, login_as, db, people, make_up, filename, mimetype, content)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
