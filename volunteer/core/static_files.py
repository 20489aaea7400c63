"""Static files served fast: content-hashed, pre-compressed copies served with a year's cache.

`make assets` builds `volunteer/static_dist/` (STATIC_DIST_FOLDER) from `volunteer/static/`:
flask-static-digest writes each file again under a name holding its MD5 (`app-<md5>.css`), a
gzip and a brotli copy of each, and `cache_manifest.json` mapping names to hashed names.
WhiteNoise serves those copies before Flask sees the request: the compressed copy the browser
accepts, `Vary: Accept-Encoding`, and `immutable` for a year on hashed names. Templates name
static files with `static_url_for('static', filename=...)`, which gives the hashed name.

A copy is used only while its source still has the same content (the MD5 in its name), so a
file edited after the build is served as it now is, by Flask, under its plain name. Without a
build (a fresh checkout, `flask run --debug`) every page still works on plain names.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, url_for
from whitenoise import WhiteNoise

from volunteer.core.headers import CONTENT_SECURITY_POLICY, HEADERS

MANIFEST = "cache_manifest.json"
# flask-static-digest's name for a copy: the source's name, "-", its MD5, the extension.
HASHED_NAME = re.compile(r"-([0-9a-f]{32})(\.[^./]+)?$")
ONE_YEAR = 365 * 24 * 3600
# Not copied: the licences are read by people, never by pages, and axe-core is injected by the
# browser tests only. Flask still serves them under their plain names.
LEFT_OUT = ("*.LICENSE", "axe.min.js", ".*")


class StaticFiles(WhiteNoise):
    """WhiteNoise with a year, not ten, as the lifetime of a hashed name."""

    FOREVER = ONE_YEAR


def build(source: Path, dist: Path) -> dict[str, str]:
    """Copy `source` to `dist` with hashed, gzip and brotli copies; return the manifest."""
    from flask_static_digest.digester import compile as digest

    shutil.rmtree(dist, ignore_errors=True)
    shutil.copytree(source, dist, ignore=shutil.ignore_patterns(*LEFT_OUT))
    folder = f"{dist}/"  # the digester globs folder + "**/**"
    digest(folder, folder, [], True, True)
    return json.loads((dist / MANIFEST).read_text("utf-8"))


def current_names(source: Path, dist: Path) -> dict[str, str]:
    """Read the build's manifest, keeping the names whose source is unchanged since the build."""
    try:
        manifest = json.loads((dist / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    kept = {}
    for name, hashed in manifest.items():
        match = HASHED_NAME.search(hashed)
        if match and (dist / hashed).is_file() and _md5(source / name) == match.group(1):
            kept[name] = hashed
    return kept


def _md5(path: Path) -> str | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return _md5_of(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=512)
def _md5_of(path: str, mtime_ns: int, size: int) -> str:
    # Keyed on the file's time and size: each new app (one per test) reads no file twice.
    return hashlib.md5(Path(path).read_bytes(), usedforsecurity=False).hexdigest()


def install(app: Flask) -> None:
    """Serve the build's current copies in front of `app`, and name them in templates."""
    app.add_template_global(static_url_for)
    app.extensions["static_names"] = {}
    if app.debug or not app.static_folder:
        return  # a developer's edits show at once, under plain names
    source = Path(app.static_folder)
    dist = Path(app.config.get("STATIC_DIST_FOLDER") or source.parent / "static_dist")
    names = current_names(source, dist)
    if not names:
        return
    app.extensions["static_names"] = names
    files = StaticFiles(
        app.wsgi_app,
        max_age=0,  # a plain name is checked again on each use (ETag), as Flask did
        allow_all_origins=False,
        immutable_file_test=HASHED_NAME.pattern,
        add_headers_function=_protect,
    )
    prefix = (app.static_url_path or "/static").rstrip("/") + "/"
    for name, hashed in names.items():
        for served in (name, hashed):
            files.add_file_to_dictionary(prefix + served, str(dist / served))
    # Flask's documented way to add WSGI middleware; mypy reads wsgi_app only as a method.
    app.wsgi_app = files  # type: ignore[method-assign]


def _protect(headers, path: str, url: str) -> None:
    # WhiteNoise answers before Flask: give its files the headers every answer carries.
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    for name, value in HEADERS.items():
        headers[name] = value


def static_url_for(endpoint: str, **values) -> str:
    """Return a static file's URL under its hashed name when the build holds a current copy."""
    if endpoint == "static":
        names = current_app.extensions.get("static_names", {})
        values["filename"] = names.get(values["filename"], values["filename"])
    return url_for(endpoint, **values)


if __name__ == "__main__":  # python -m volunteer.core.static_files, run by `make assets`
    package = Path(__file__).resolve().parents[1]
    built = build(package / "static", package / "static_dist")
    print(f"volunteer/static_dist: {len(built)} files hashed, gzip and brotli copies")
