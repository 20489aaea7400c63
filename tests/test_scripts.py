"""Templates carry no inline code (ready for a strict Content-Security-Policy) and load the
project's JavaScript as ES modules that exist and are served as JavaScript."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "templates").glob("**/*.html"))
SCRIPTS = ROOT / "volunteer" / "static" / "js"

STATIC_SRC = re.compile(r"src=\"\{\{ static_url_for\('static', filename='([^']+)'\) \}\}\"")
RELATIVE_IMPORT = re.compile(r"""^import .* from "(\.{1,2}/[^"]+)";$""", re.M)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_templates_have_no_event_handler_attributes_or_script_urls():
    assert TEMPLATES
    offenders = [
        _relative(t)
        for t in TEMPLATES
        if HANDLER.search(t.read_text("utf-8")) or "javascript:" in t.read_text("utf-8").lower()
    ]
    assert not offenders


@pytest.mark.parametrize("template", TEMPLATES, ids=_relative)
def test_every_script_tag_is_a_file_or_a_json_data_block(template):
    for attributes, body in SCRIPT_TAG.findall(template.read_text("utf-8")):
        if 'type="application/json"' in attributes:
            assert "src=" not in attributes  # data only: the browser never runs it
            continue
        assert not body.strip(), f"inline script in {_relative(template)}"
        source = STATIC_SRC.search(attributes)
        assert source, f"script without a static src in {_relative(template)}: {attributes}"
        if source.group(1).startswith("js/"):
            # The project's own code is ES modules; vendor bundles are classic scripts.
            assert 'type="module"' in attributes, attributes
            assert (SCRIPTS / source.group(1).removeprefix("js/")).is_file(), source.group(1)


def test_every_module_is_loaded_by_a_page_or_imported_by_another():
    pages = "".join(t.read_text("utf-8") for t in TEMPLATES)
    modules = sorted(SCRIPTS.glob("**/*.js"))
    imported = {
        (m.parent / name).resolve()
        for m in modules
        for name in RELATIVE_IMPORT.findall(m.read_text("utf-8"))
    }
    unused = [
        _relative(m)
        for m in modules
        if f"filename='js/{m.relative_to(SCRIPTS).as_posix()}'" not in pages and m not in imported
    ]
    assert not unused


def test_modules_are_served_as_javascript(client):
    # Browsers refuse to run a module served with any other type.
    for name in ("progress.js", "charts/bar.js", "print-buttons.js"):
        with client.get(f"/static/js/{name}") as response:
            assert response.status_code == 200
            assert response.mimetype in {"text/javascript", "application/javascript"}
