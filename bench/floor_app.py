"""The floor for bench/checkin.py: a bare Flask app that does one INSERT per request.

    gunicorn --workers 2 --pythonpath bench 'floor_app:create_app()'

Reads the database from VOLUNTEER_BENCH_FLOOR_DATABASE_URL; the table bench_floor(id serial,
at timestamptz) must exist. Same driver and pool as the real app (SQLAlchemy over psycopg), but
no sessions, login, CSRF, templates or rules: no check-in over HTTP can be cheaper than this.
"""

from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask

INSERT = sa.text("INSERT INTO bench_floor (at) VALUES (now())")


def create_app() -> Flask:
    """Build the floor app: POST /insert writes one row and commits; GET /ready checks the DB."""
    app = Flask(__name__)
    engine = sa.create_engine(os.environ["VOLUNTEER_BENCH_FLOOR_DATABASE_URL"])

    @app.post("/insert")
    def insert():
        with engine.begin() as conn:
            conn.execute(INSERT)
        return "", 204

    @app.get("/ready")
    def ready():
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        return "ok"

    return app
