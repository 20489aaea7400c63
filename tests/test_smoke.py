from volunteer.auth.models import Role


def test_login_then_logout(client, org, make_account, login_as):
    login_as(make_account("admin", Role.ADMIN, org["root"]))
    assert client.get("/units").status_code == 200
    assert client.post("/logout").status_code == 302
    response = client.get("/units")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_remembered_login_survives_the_browser_closing(app, org, make_account):
    make_account("admin", Role.ADMIN, org["root"])
    phone = app.test_client()
    phone.post(
        "/login", data={"identifier": "admin", "password": "correct-horse-9", "remember": "y"}
    )
    phone.delete_cookie("session")  # the browser was closed; only the remember cookie is left
    assert phone.get("/units").status_code == 200

    office = app.test_client()
    office.post("/login", data={"identifier": "admin", "password": "correct-horse-9"})
    assert office.get_cookie("remember_token") is None
