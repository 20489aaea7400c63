"""Flask extensions, created unbound and bound in create_app()."""

import sqlite3
from typing import TYPE_CHECKING, ClassVar

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, Table, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base whose constraints get stable names Alembic can find again."""

    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
# Reminders by e-mail; sends only when the instance names a MAIL_SERVER (reminders/mailing.py).
mail = Mail()

if TYPE_CHECKING:
    from flask_sqlalchemy.model import Model as FlaskModel

    # mypy takes no base class from an attribute of an object (python/mypy#8603): models derive
    # from `Model`, which is db.Model at run time and, to mypy, the same class spelled out.
    class Model(FlaskModel, Base):
        """The base of every table: Flask-SQLAlchemy's model on our declarative base."""

        __abstract__ = True
        # Every model is mapped to a Table (SQLAlchemy types it as any FromClause).
        __table__: ClassVar[Table]

else:
    Model = db.Model


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection: object, _record: object) -> None:
    """Give SQLite connections a 64 MB page cache (default 2 MB).

    A city-scale progress page reads every roster, registration and totals row; with the
    default cache each request re-reads most pages from the operating system.
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.close()
