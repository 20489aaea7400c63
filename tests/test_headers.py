"""Every answer carries a strict content policy and the browser protections; no answer the app
generates may be kept on a shared office PC, while the static files stay cacheable."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from volunteer.auth.models import Role

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").glob("**/*.html"))
MODULES = sorted((ROOT / "volunteer" / "static" / "js").glob("**/*.js"))

PAGE_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PROTECTIONS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (path, who is logged in, what the answer is): pages, a download, JSON, a redirect, an error.
ANSWERS = [
    pytest.param("/login", None, "text/html", id="public page"),
    pytest.param("/r/{code}", None, "text/html", id="public registration form"),
    pytest.param("/me", "volunteer", "text/html", id="volunteer page"),
    pytest.param("/me/records", "volunteer", "text/html", id="volunteer records"),
    pytest.param("/me/code.json", "volunteer", "application/json", id="json"),
    pytest.param("/activities/{activity}/scanner", "coordinator", "text/html", id="scanner"),
    pytest.param(
        "/activities/{activity}/screen/state.json",
        "coordinator",
        "application/json",
        id="screen json",
    ),
    pytest.param("/imports/templates/staff.xlsx", "manager", XLSX, id="xlsx download"),
    pytest.param("/reports/units/{unit}/people.xlsx", "manager", XLSX, id="xlsx report"),
    pytest.param("/", "manager", "text/html", id="redirect"),
    pytest.param("/no-such-page", "volunteer", "text/html", id="not found"),
]


@pytest.fixture
def world(org, make_account, make_volunteer, make_activity, db):
    """A volunteer, a manager and a coordinator of hospital A, and an activity of A."""
    activity = make_activity(org["a"], "社区义诊", static_code_allowed=True)
    db.session.commit()
    return {
        "volunteer": make_volunteer(org["a1"], "王小明"),
        "manager": make_account("mgr-a", Role.MANAGER, org["a"]),
        "coordinator": make_account("coord-a", Role.COORDINATOR, org["a"]),
        "unit": org["a"],
        "activity": activity,
    }


def _path(template: str, world) -> str:
    unit, activity = world["unit"], world["activity"]
    return template.format(unit=unit.id, code=unit.code, activity=activity.id)


def _get(client, login_as, world, path: str, who: str | None, **kwargs):
    if who is not None:
        login_as(world[who])
    return client.get(_path(path, world), **kwargs)


@pytest.mark.parametrize(("path", "who", "mimetype"), ANSWERS)
def test_every_answer_carries_the_policy_and_protections(
    client, login_as, world, path, who, mimetype
):
    response = _get(client, login_as, world, path, who)
    assert response.mimetype == mimetype
    assert response.headers["Content-Security-Policy"] == PAGE_POLICY
    for name, value in PROTECTIONS.items():
        assert response.headers[name] == value, name


@pytest.mark.parametrize(("path", "who", "mimetype"), ANSWERS)
def test_no_answer_the_app_generates_is_kept_by_the_browser(
    client, login_as, world, path, who, mimetype
):
    response = _get(client, login_as, world, path, who)
    assert "no-store" in response.cache_control


@pytest.mark.parametrize(("path", "who", "mimetype"), ANSWERS)
def test_browsers_are_told_to_insist_on_https_only_over_https(
    client, login_as, world, path, who, mimetype
):
    plain = _get(client, login_as, world, path, who)
    assert "Strict-Transport-Security" not in plain.headers
    secure = client.get(_path(path, world), base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.app_config(PROXY_HOPS=1)
def test_behind_the_proxy_https_is_read_from_the_forwarded_scheme(client):
    # nginx ends TLS and forwards plain http: the app learns the scheme from X-Forwarded-Proto.
    forwarded = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert forwarded.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_without_a_proxy_a_forged_forwarded_scheme_is_ignored(client):
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_the_poster_pdf_may_not_be_framed_and_is_not_kept(client, login_as, world):
    login_as(world["coordinator"])
    response = client.get(f"/activities/{world['activity'].id}/poster.pdf")
    assert response.mimetype == "application/pdf"
    # The browser's PDF viewer styles itself inline: a PDF gets only the framing rule.
    assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "no-store" in response.cache_control


@pytest.mark.parametrize("who", [None, "volunteer"])
@pytest.mark.parametrize(
    "name", ["css/app.css", "js/progress.js", "vendor/chart.umd.min.js", "vendor/zxing_reader.wasm"]
)
def test_static_files_stay_cacheable_and_revalidate(client, login_as, world, who, name):
    if who is not None:
        login_as(world[who])
    with client.get(f"/static/{name}") as response:
        assert response.status_code == 200
        assert "no-store" not in response.cache_control
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        etag = response.headers["ETag"]
    with client.get(f"/static/{name}", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304  # the browser's copy is still good: nothing sent again


def test_a_units_public_registration_qr_image_stays_cacheable(client, world):
    response = client.get(f"/r/{world['unit'].code}/qr.svg")
    assert response.cache_control.public and response.cache_control.max_age == 3600
    assert "no-store" not in response.cache_control


def test_the_personal_code_page_keeps_its_own_no_store(client, login_as, world):
    login_as(world["volunteer"])
    response = client.get("/me/code")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_logging_out_leaves_nothing_a_back_button_could_show(client, login_as, world):
    login_as(world["volunteer"])
    assert "no-store" in client.get("/me").cache_control
    response = client.post("/logout")
    assert "no-store" in response.cache_control


# --- Ready for style-src 'self': no inline style anywhere a page gets its markup from ------------

INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
STYLE_ATTRIBUTE_FROM_SCRIPT = re.compile(
    r"""setAttribute\(\s*["']style["']|\.innerHTML\b|insertAdjacentHTML"""
)


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("template", TEMPLATES, ids=_relative)
def test_templates_have_no_style_attributes_or_style_blocks(template):
    assert not INLINE_STYLE.search(template.read_text("utf-8"))


@pytest.mark.parametrize("module", MODULES, ids=_relative)
def test_modules_style_elements_through_the_cssom_only(module):
    # element.style.height = … is allowed by the policy; a style attribute or markup is not.
    assert not STYLE_ATTRIBUTE_FROM_SCRIPT.search(module.read_text("utf-8"))
