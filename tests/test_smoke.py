from volunteer.auth.models import Role


def test_login_then_logout(client, org, make_account, login_as):
    account = make_account("admin", Role.ADMIN, org["root"])
    login_as(account)
    assert client.get("/").status_code == 302
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_login_page_is_chinese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page
