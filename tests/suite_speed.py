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

Production builds one app per process and is untouched.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any, ClassVar

from flask import Flask
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
