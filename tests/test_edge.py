"""The one edge of every request and command: commit once, roll back, answer a refusal."""

from __future__ import annotations

import click
import pytest
import sqlalchemy as sa
from flask import abort, flash

from volunteer.activities.models import Category
from volunteer.core import edge
from volunteer.core.redirects import safe_local_path
from volunteer.errors import Conflict, DomainError


def _stored(db, name: str) -> bool:
    """Look in the database itself, past anything the session still holds."""
    with db.engine.connect() as conn:
        found = conn.execute(sa.select(Category.id).where(Category.name == name)).first()
    return found is not None


@pytest.fixture
def route(app, db):
    """Mount a view on the app as the factory mounts every view: behind the edge."""

    def mount(path: str, view, methods=("GET", "POST")):
        app.add_url_rule(path, view.__name__, edge.committing(view), methods=list(methods))

    return mount


def test_a_view_that_returns_has_its_changes_committed(client, db, route):
    def add_category():
        db.session.add(Category(name="社区义诊"))
        db.session.flush()
        return "ok"

    route("/t/add", add_category)
    assert client.post("/t/add").status_code == 200
    assert _stored(db, "社区义诊")


def test_a_view_that_raises_leaves_nothing_behind(client, db, route):
    def add_then_forbid():
        db.session.add(Category(name="半途而废"))
        db.session.flush()
        abort(403)

    route("/t/forbid", add_then_forbid)
    assert client.post("/t/forbid").status_code == 403
    assert not _stored(db, "半途而废")


def test_a_refusal_answers_a_script_in_json_with_its_code_and_parameters(client, db, route):
    def refuse():
        db.session.add(Category(name="不该留下"))
        db.session.flush()
        raise DomainError("当日时长超过12小时。", code="day_too_long", limit=12)

    route("/t/refuse", refuse)
    response = client.post("/t/refuse", json={})
    assert response.status_code == 422
    assert response.get_json() == {
        "ok": False,
        "error": "day_too_long",
        "message": "当日时长超过12小时。",
        "params": {"limit": "12"},
    }
    assert not _stored(db, "不该留下")


def test_a_conflict_is_answered_409(client, route):
    def collide():
        raise Conflict("编码已存在。")

    route("/t/collide.json", collide)
    response = client.get("/t/collide.json")
    assert response.status_code == 409
    assert response.get_json()["error"] == "conflict"


def test_a_refused_form_goes_back_to_the_page_it_came_from_with_the_reason(client, route):
    def refuse():
        raise DomainError("该队员已离队。")

    route("/t/leave", refuse)
    response = client.post("/t/leave", headers={"Referer": "http://localhost/teams/3"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/teams/3"
    with client.session_transaction() as session:
        assert session["_flashes"] == [("error", "该队员已离队。")]


def test_a_refusal_never_bounces_to_another_site(client, route):
    def refuse():
        raise DomainError("该队员已离队。")

    route("/t/leave2", refuse)
    response = client.post("/t/leave2", headers={"Referer": "http://evil.example/x"})
    assert response.status_code == 422
    assert "该队员已离队。" in response.get_data(as_text=True)


def test_a_refusal_without_a_page_to_go_back_to_shows_the_reason(client, route):
    def refuse():
        raise DomainError("该项目已结束。")

    route("/t/ended", refuse, methods=("GET",))
    response = client.get("/t/ended")
    assert response.status_code == 422
    assert "该项目已结束。" in response.get_data(as_text=True)


def test_refusal_flashed_undoes_the_change_and_lets_the_view_show_its_page(client, db, route):
    def form_page():
        with edge.refusal_flashed(prefix="张三"):
            db.session.add(Category(name="撤回的"))
            db.session.flush()
            raise DomainError("只能审核待审核的记录。")
        return "form again", 400

    route("/t/form", form_page)
    response = client.post("/t/form")
    assert (response.status_code, response.get_data(as_text=True)) == (400, "form again")
    assert not _stored(db, "撤回的")
    with client.session_transaction() as session:
        assert session["_flashes"] == [("error", "张三：只能审核待审核的记录。")]


def test_a_success_message_is_withdrawn_when_the_commit_fails(client, db, route):
    existing = db.session.scalars(sa.select(Category.name)).first()

    def duplicate():
        flash("请先登录。", "info")
        flash("已保存。", "success")
        db.session.add(Category(name=existing))  # the unique name fails only at commit
        return "saved?"

    route("/t/dup", duplicate)
    response = client.post("/t/dup")
    assert response.status_code == 409
    with client.session_transaction() as session:
        assert session.get("_flashes") == [("info", "请先登录。")]


def test_a_command_commits_once_at_its_end(app, db):
    @click.command("t-add")
    @edge.command_transaction
    def add():
        db.session.add(Category(name="命令添加"))

    result = app.test_cli_runner().invoke(add)
    assert result.exit_code == 0, result.output
    assert _stored(db, "命令添加")


def test_a_refused_command_exits_1_with_the_reason_and_keeps_nothing(app, db):
    @click.command("t-refuse")
    @edge.command_transaction
    def refuse():
        db.session.add(Category(name="命令撤回"))
        db.session.flush()
        raise DomainError("该单位已撤销。")

    result = app.test_cli_runner().invoke(refuse)
    assert result.exit_code == 1
    assert "该单位已撤销。" in result.output
    assert not _stored(db, "命令撤回")


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("/units/3", "/units/3"),
        ("/checkin/abc?x=1", "/checkin/abc?x=1"),
        ("", None),
        (None, None),
        ("units", None),
        ("//evil.example/", None),
        ("/\\evil.example/", None),
        ("\\\\evil.example", None),
        ("https://evil.example/", None),
        ("/ok\r\nSet-Cookie: x", None),
    ],
)
def test_only_paths_on_this_site_are_followed(target, kept):
    assert safe_local_path(target) == kept
