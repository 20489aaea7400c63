"""Where a progress page's time goes: each SQL statement's time, and the slowest one's plan.

    .venv/bin/python bench/progress.py --explain      (after the timings, on each database)

Runs the page in this process through Flask's test client (no HTTP), logged in as the
commission's manager, three times; for the third it prints every statement's time and writes
the slowest statement's plan (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite) to
bench/out/progress-explain-<database>-<unit>-<page>.txt.
"""

from __future__ import annotations

import re
import secrets
import time

import sqlalchemy as sa
from http_load import OUT
from progress_city import MANAGER, PASSWORD
from sqlalchemy import event

SHOWN_MS = 2.0  # statements faster than this are only counted


def explain_page(label: str, url: str, code: str, year: int, kind: str = "page") -> None:
    from volunteer import create_app
    from volunteer.extensions import db

    settings = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secrets.token_hex(32)}
    app = create_app({**settings, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    statements: list[tuple[float, str, object]] = []
    with app.app_context():
        unit_id = db.session.scalar(sa.text("SELECT id FROM unit WHERE code = :c"), {"c": code})
        engine = db.engine

        @event.listens_for(engine, "before_cursor_execute")
        def started(conn, _cursor, _statement, _parameters, _context, _many):
            conn.info["started"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def finished(conn, _cursor, statement, parameters, _context, _many):
            statements.append((time.perf_counter() - conn.info["started"], statement, parameters))

        client = app.test_client()
        login = {"identifier": MANAGER, "password": PASSWORD}
        assert client.post("/login", data=login).status_code == 302
        path = f"/progress/units/{unit_id}{'.json' if kind == 'json' else ''}?year={year}"
        for _ in range(3):
            statements.clear()
            start = time.perf_counter()
            status = client.get(path).status_code
            total = time.perf_counter() - start
        event.remove(engine, "before_cursor_execute", started)
        event.remove(engine, "after_cursor_execute", finished)
        if status != 200:
            print(f"  {kind} {code}: HTTP {status} in process, not explained")
            db.engine.dispose()
            return
        in_sql = sum(seconds for seconds, _, _ in statements)
        print(
            f"  {kind} {code} in process: {total * 1000:.0f} ms, {len(statements)} statements "
            f"taking {in_sql * 1000:.0f} ms"
        )
        for seconds, statement, _ in sorted(statements, key=lambda s: -s[0]):
            if seconds * 1000 >= SHOWN_MS:
                text = re.sub(r"\s+", " ", statement)[:110]
                print(f"    {seconds * 1000:6.1f} ms  {text}")
        seconds, statement, parameters = max(statements, key=lambda s: s[0])
        with engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                explain = "EXPLAIN (ANALYZE, BUFFERS) "
            else:
                explain = "EXPLAIN QUERY PLAN "
            plan = conn.exec_driver_sql(explain + statement, parameters).all()
        out = OUT / f"progress-explain-{label.lower()}-{code}-{kind}.txt"
        lines = [" | ".join(str(part) for part in row) for row in plan]
        out.write_text(f"{seconds * 1000:.1f} ms\n{statement}\n{parameters}\n\n" + "\n".join(lines))
        print(f"    plan of the slowest in {out.relative_to(OUT.parent.parent)}")
        db.engine.dispose()
