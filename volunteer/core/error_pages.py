"""Error pages, rendered from templates/errors/ in the user's language."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from volunteer.extensions import db

MESSAGES = {
    400: _l("请求无效，可能是页面已过期，请刷新后重试。"),
    403: _l("您没有权限访问此页面。"),
    404: _l("页面不存在。"),
    409: _l("数据刚被其他操作修改（或表单被重复提交），请刷新页面后再试。"),
    413: _l("上传的文件太大。"),
    429: _l("操作过于频繁，请稍后再试。"),
    500: _l("服务器出错了，请稍后再试。"),
}


def register(app: Flask) -> None:
    """Install one handler per status code we explain to users."""
    for code in MESSAGES:
        app.register_error_handler(code, _handler(code))
    app.register_error_handler(IntegrityError, _conflict)


def _conflict(error: IntegrityError):
    """A unique constraint caught what a check in Python could not: a double submit, a race."""
    db.session.rollback()
    return render_template("errors/error.html", code=409, message=MESSAGES[409]), 409


def _handler(code: int):
    def handle(error):
        if code == 500:
            # Roll back first: rendering the page may touch the session and flush a broken state.
            db.session.rollback()
        return render_template("errors/error.html", code=code, message=MESSAGES[code]), code

    return handle
