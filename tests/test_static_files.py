"""Static files reach a phone once: pages name them by content hash, the hashed names are kept
for a year, each file comes compressed the way the browser accepts, and the site has an icon.

The build (`make assets`, core/static_files.py) is made once here in a temporary folder, so
these tests do not depend on whether volunteer/static_dist was built.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

import brotli
import pytest
from progress_world import _page, hospital_fixture  # noqa: F401

from volunteer.core import static_files

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "volunteer" / "static"
TEMPLATES = sorted((ROOT / "templates").glob("**/*.html"))
LINKED = re.compile(r"""(?:src|href)="(/static/[^"]+)\"""")
ONE_YEAR = "max-age=31536000, public, immutable"


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("static_dist")
    static_files.build(STATIC, folder)
    return folder


@pytest.fixture(autouse=True)
def served_from_the_build(dist, monkeypatch):
    monkeypatch.setenv("VOLUNTEER_STATIC_DIST_FOLDER", str(dist))


def _hashed(name: str) -> str:
    digest = hashlib.md5((STATIC / name).read_bytes(), usedforsecurity=False).hexdigest()
    stem, dot, extension = name.rpartition(".")
    return f"/static/{stem}-{digest}{dot}{extension}"


def test_every_template_names_static_files_through_the_hashed_names():
    plain = [str(t.relative_to(ROOT)) for t in TEMPLATES if "{{ url_for('static'" in t.read_text()]
    assert not plain


def test_pages_link_the_stylesheets_and_the_icon_by_content_hash(client):
    html = client.get("/login").get_data(as_text=True)
    for name in ("css/app.css", "css/activities.css", "css/records.css", "css/checkin.css"):
        assert f'href="{_hashed(name)}"' in html
    assert f'<link rel="icon" href="{_hashed("favicon.svg")}" type="image/svg+xml">' in html


def test_the_progress_page_loads_the_chart_code_by_hashed_names(client, login_as, hospital):
    login_as(hospital["manager"])
    html = _page(client, hospital["a"])
    for name in (
        "vendor/chart.umd.min.js",
        "vendor/chartjs-plugin-annotation.min.js",
        "js/progress.js",
        "css/progress.css",
    ):
        assert _hashed(name) in html
    assert "/static/vendor/chart.umd.min.js" not in html


@pytest.mark.parametrize(
    "name", ["css/app.css", "js/progress.js", "vendor/chart.umd.min.js", "favicon.svg"]
)
def test_a_hashed_name_is_kept_for_a_year(client, name):
    with client.get(_hashed(name)) as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == ONE_YEAR
        assert response.get_data() == (STATIC / name).read_bytes()


@pytest.mark.parametrize(
    ("accepted", "encoding", "decompress"),
    [
        ("gzip, deflate", "gzip", gzip.decompress),
        ("gzip, deflate, br", "br", brotli.decompress),
    ],
)
@pytest.mark.parametrize("name", ["css/app.css", "vendor/chart.umd.min.js", "js/progress.js"])
def test_a_file_comes_compressed_as_the_browser_accepts(
    client, name, accepted, encoding, decompress
):
    source = (STATIC / name).read_bytes()
    with client.get(_hashed(name), headers={"Accept-Encoding": accepted}) as response:
        assert response.headers["Content-Encoding"] == encoding
        assert response.headers["Vary"] == "Accept-Encoding"
        body = response.get_data()
    assert len(body) < len(source) / 2
    assert decompress(body) == source


def test_a_browser_that_accepts_no_compression_gets_the_file_itself(client):
    with client.get(_hashed("css/app.css")) as response:
        assert "Content-Encoding" not in response.headers
        assert response.headers["Vary"] == "Accept-Encoding"  # a shared cache keeps both apart
        assert response.get_data() == (STATIC / "css/app.css").read_bytes()


def test_a_plain_name_is_checked_again_and_carries_the_protections(client):
    # Modules import each other by plain names (progress.js imports ./charts/bar.js).
    with client.get("/static/js/charts/bar.js", headers={"Accept-Encoding": "gzip"}) as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "max-age=0, public"
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.mimetype == "text/javascript"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        etag = response.headers["ETag"]
    with client.get("/static/js/charts/bar.js", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304


def test_the_chart_code_of_the_progress_page_is_sent_compressed(client):
    # The progress page's chart library: 211 KB sent as it was before; brotli sends about 70 KB.
    names = ("vendor/chart.umd.min.js", "vendor/chartjs-plugin-annotation.min.js")
    before = sum((STATIC / name).stat().st_size for name in names)
    sent = 0
    for name in names:
        with client.get(_hashed(name), headers={"Accept-Encoding": "gzip, br"}) as response:
            sent += len(response.get_data())
    assert sent < before * 0.35


def test_a_file_edited_after_the_build_is_served_as_it_now_is(tmp_path):
    source, dist = tmp_path / "static", tmp_path / "dist"
    (source / "css").mkdir(parents=True)
    (source / "css" / "app.css").write_text("body { color: red; }\n")
    (source / "css" / "print.css").write_text("nav { display: none; }\n")
    manifest = static_files.build(source, dist)
    assert static_files.current_names(source, dist) == manifest
    (source / "css" / "app.css").write_text("body { color: blue; }\n")
    # The edited file loses its hashed name (pages name it plainly); the other keeps its own.
    assert static_files.current_names(source, dist) == {"css/print.css": manifest["css/print.css"]}


@pytest.mark.app_config(STATIC_DIST_FOLDER="/nonexistent/static_dist")
def test_without_a_build_pages_name_plain_files_that_flask_serves(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'href="/static/css/app.css"' in html
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
        assert response.get_data() == (STATIC / "css/app.css").read_bytes()


def test_every_file_a_page_links_is_served(client):
    html = client.get("/login").get_data(as_text=True)
    linked = LINKED.findall(html)
    assert linked
    for url in linked:
        with client.get(url) as response:
            assert response.status_code == 200, url


def test_the_site_icon_answers_the_browsers_own_request(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert response.cache_control.public and response.cache_control.max_age == 86400
        assert response.get_data() == (STATIC / "favicon.svg").read_bytes()
