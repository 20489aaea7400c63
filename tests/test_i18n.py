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


def test_pages_load_nothing_from_the_internet(client):
    page = client.get("/login").get_data(as_text=True)
    assert "http://" not in page and "https://" not in page and "//cdn" not in page
