"""Chinese by default, English on request, formatted for the locale."""


def test_pages_are_chinese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    assert "登录" in page


def test_english_is_selectable_and_remembered(client):
    response = client.post("/language", data={"locale": "en"})
    assert response.status_code == 302
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Log in" in page


def test_unknown_language_is_ignored(client):
    client.post("/language", data={"locale": "xx"})
    assert "登录" in client.get("/login").get_data(as_text=True)


def test_no_template_or_stylesheet_loads_anything_from_the_internet():
    """Intranet deployments have no internet: every script, style, font and image is local."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    remote = re.compile(r"""(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|@import""")
    files = [*root.glob("templates/**/*.html"), *root.glob("volunteer/static/**/*.css")]
    assert files
    offenders = [str(f.relative_to(root)) for f in files if remote.search(f.read_text("utf-8"))]
    assert not offenders


def test_every_string_in_code_and_templates_has_an_english_translation():
    """Run the same extraction as `make translations` and compare with the catalogue."""
    from pathlib import Path

    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parent.parent
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "N_": None}
    method_map = [("volunteer/**.py", "python"), ("templates/**.html", "jinja2")]
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        root, method_map, keywords=keywords, directory_filter=lambda d: ".venv" not in d
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    with (root / "volunteer/translations/en/LC_MESSAGES/messages.po").open("rb") as po:
        translated = {(m.context, m.id) for m in read_po(po) if m.id and m.string and not m.fuzzy}
    missing = sorted(found - translated)
    assert not missing, f"run `make translations` and translate: {missing[:20]}"


def test_error_pages_follow_the_language(client):
    client.post("/language", data={"locale": "en"})
    page = client.get("/no-such-page").get_data(as_text=True)
    assert "Page not found." in page


def test_templates_follow_a_forced_locale_and_return_to_the_page_language(app):
    """Templates look the translations up once per request: a force_locale block (a certificate
    in the organisation's language) still gets its own, and the page's come back after it."""
    from flask import render_template_string
    from flask_babel import force_locale

    template = "{{ _('登录') }} {{ pgettext('navigation', '活动') }} {{ '登录'|translate }}"
    with app.test_request_context("/", headers={"Cookie": "locale=en"}):
        assert render_template_string(template) == "Log in Activity Log in"
        with force_locale("zh_Hans_CN"):
            assert render_template_string(template) == "登录 活动 登录"
        assert render_template_string(template) == "Log in Activity Log in"


def test_english_and_chinese_requests_in_turn_each_get_their_own_language(client):
    for locale, words in [("en", "Log in"), ("zh_Hans_CN", "登录"), ("en", "Log in")]:
        client.post("/language", data={"locale": locale})
        assert words in client.get("/login").get_data(as_text=True)
