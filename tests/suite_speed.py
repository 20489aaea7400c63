"""What keeps a suite of 3,000 fresh apps quick: URL builders compiled once, a calmer collector.

The suite builds a new app for every test (a clean database, its own settings). Two things made
that slow, neither of them the code under test:

- Two thirds of `create_app` went to Werkzeug turning each of the ~180 URL rules into Python
  source and compiling it (47 of 75 ms, thousands of times a run). The code it generates depends
  only on the rule's text, its parsed parts and its defaults, never on the app, so a builder
  compiled once serves the same rule in every later app (it reads the rule's own converters
  when called). Werkzeug's `_compile_builder` is private: if a release renames it,
  `share_url_builders` leaves Flask's rule class alone and the suite is only slower.
- Every app leaves SQLAlchemy's per-mapper statement caches a little fuller, so the heap grows
  past a million objects, and Python's full collections, which scan all of it, ran every few
  tests: 39 s of 4 minutes in the first 43 test files. Objects alive when the tests start
  are frozen out of the scans, and collections run less often.
- Every app made its own SQLAlchemy engine: a new connection, the dialect's first-connect
  queries, and an empty cache of compiled statements, so each test compiled again every
  statement it ran. Apps on the suite's own database now share one engine per settings; each
  test still gets its own app, session and emptied (or copied) database.
- Every app's Jinja environment compiled each template it rendered again: a tenth of a run of
  check-in tests. Jinja's bytecode cache keeps the compiled code for the run, checked against
  each template's source, so an edited template is compiled again.

Production builds one app per process and is untouched.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, ClassVar

import sqlalchemy as sa
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from werkzeug.routing import Rule

# Python's default is (700, 10, 10); these run the full collection about fifty times less often.
COLLECTION_THRESHOLDS = (10_000, 20, 20)


class ReusedBuilderRule(Rule):
    """A URL rule whose builder functions are compiled once per rule for the whole run."""

    _builders: ClassVar[dict[tuple, Callable[..., Any]]] = {}

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., Any]:
        defaults = tuple(sorted((self.defaults or {}).items(), key=repr))
        key = (self.rule, tuple(self._trace), repr(defaults), append_unknown)
        builder = self._builders.get(key)
        if builder is None:
            builder = self._builders[key] = super()._compile_builder(append_unknown)
        return builder


def share_url_builders() -> None:
    """Make every app built from now on in this process use the reused builders."""
    if callable(getattr(Rule, "_compile_builder", None)):
        Flask.url_rule_class = ReusedBuilderRule


def calm_the_collector() -> None:
    """Freeze what is alive now (modules, collected tests) and collect less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*COLLECTION_THRESHOLDS)


class SharedEngines:
    """The engines of apps on one database URL, kept across apps; others are made as usual.

    Flask-SQLAlchemy's `_make_engine` is private: if a release renames it, `share` leaves the
    extension alone and each app makes its own engine again.
    """

    def __init__(self) -> None:
        self.url: str | None = None
        self._engines: dict[str, sa.Engine] = {}

    def share(self, db: SQLAlchemy, url: str) -> None:
        """Make every app built from now on with `url` reuse one engine per engine settings."""
        self.url = str(sa.make_url(url))  # as Flask-SQLAlchemy hands it over, password hidden
        make = getattr(db, "_make_engine", None)
        if not callable(make):
            return

        def make_or_reuse(bind_key, options: dict, app: Flask) -> sa.Engine:
            if str(options.get("url")) != self.url:
                return make(bind_key, options, app)
            key = repr(sorted(options.items(), key=lambda item: item[0]))
            engine = self._engines.get(key)
            if engine is None:
                engine = self._engines[key] = make(bind_key, options, app)
            return engine

        db._make_engine = make_or_reuse  # type: ignore[method-assign]


class SharedTemplateCode(BytecodeCache):
    """Compiled template code kept in memory for the run, for every app's Jinja environment."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # dropped there if the source has changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
