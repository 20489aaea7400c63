"""Logging in, every use of a sign-in link, and the refusal of a link bound to another account:
shared by the tests of links bound to the phone that scanned and the account that used them."""

from conftest import PASSWORD

ANOTHER_ACCOUNT = "此签到链接已由另一个账号使用，请用本人账号重新扫描现场二维码。"


def log_in(client, account, **kwargs):
    response = client.post(
        "/login", data={"identifier": account.username, "password": PASSWORD}, **kwargs
    )
    assert response.status_code == 302, response.get_data(as_text=True)


def refused(response, message: str) -> bool:
    return response.status_code == 410 and message in response.get_data(as_text=True)


def uses_of(client, path):
    """Everything a link lets one do: open the page, sign in, sign out."""
    return [client.get(path), client.post(f"{path}/sign-in"), client.post(f"{path}/sign-out")]
