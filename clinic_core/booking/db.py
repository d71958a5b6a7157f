"""Database URL, engine and Alembic migrations for the booking store."""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Optional

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

from clinic_core.clinic import PROJECT_ROOT

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
ALEMBIC_INI = PACKAGE_DIR / "alembic.ini"
# Alembic's `context`/`op` are process globals: one migration at a time per process. Across
# processes PostgreSQL's advisory lock (migrations/env.py) does the same.
_MIGRATION_LOCK = threading.RLock()
VERSION_TABLE = "booking_alembic_version"  # not "alembic_version": the database may be shared
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'bookings.db'}"
ENV_DATABASE_URL = "BOOKING_DATABASE_URL"


def resolve_database_url(url: Optional[str] = None) -> str:
    """``url``, else $BOOKING_DATABASE_URL, else the SQLite file var/bookings.db in the project."""
    return url or os.environ.get(ENV_DATABASE_URL) or DEFAULT_DATABASE_URL


def safe_url(url: str) -> str:
    """The URL with any password hidden, for logs and messages."""
    return make_url(url).render_as_string(hide_password=True)


def _prepare_sqlite_file(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: Optional[str] = None, *, lock_timeout: float = 30.0, **kwargs) -> Engine:
    """An engine that never puts SQL parameters (patient data) in its errors or logs.

    ``lock_timeout``: seconds to wait for a locked database (SQLite) or row lock / connection
    (PostgreSQL) before failing; the action server uses a short one, a patient is waiting."""
    url = resolve_database_url(url)
    _prepare_sqlite_file(url)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        kwargs.setdefault("connect_args", {"timeout": lock_timeout, "check_same_thread": False})
    else:
        kwargs.setdefault("pool_pre_ping", True)
        if backend == "postgresql":
            millis = int(lock_timeout * 1000)
            kwargs.setdefault("connect_args", {"connect_timeout": max(1, int(lock_timeout)),
                                               "options": f"-c lock_timeout={millis}"})
    kwargs.setdefault("hide_parameters", True)
    engine = create_engine(url, future=True, **kwargs)
    if backend == "sqlite":
        busy = int(lock_timeout * 1000)
        event.listen(engine, "connect", lambda connection, _record: _sqlite_on_connect(connection, busy))
    return engine


def _sqlite_on_connect(dbapi_connection, busy_millis: int) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_millis)}")
    cursor.close()


# --------------------------------------------------------------------------- Alembic
def alembic_config(url: Optional[str] = None):
    from alembic.config import Config

    config = Config(str(ALEMBIC_INI))
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation: a literal % (URL-encoded passwords) must be doubled.
    config.set_main_option("sqlalchemy.url", resolve_database_url(url).replace("%", "%%"))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(url: Optional[str] = None) -> Optional[str]:
    """The revision the database is at (None for an empty database)."""
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
            return context.get_current_revision()
    finally:
        engine.dispose()


def migrate(database_url: Optional[str] = None, revision: str = "head") -> str:
    """Bring the database to ``revision`` (default: the newest). Safe to run again and from
    several processes at once on PostgreSQL (an advisory lock serialises them)."""
    from alembic import command

    url = resolve_database_url(database_url)
    _prepare_sqlite_file(url)
    with _MIGRATION_LOCK:
        command.upgrade(alembic_config(url), revision)
    now = current_revision(url)
    log.info("booking database at revision %s (%s)", now, make_url(url).get_backend_name())
    return now


def downgrade(database_url: Optional[str] = None, revision: str = "base") -> None:
    from alembic import command

    url = resolve_database_url(database_url)
    with _MIGRATION_LOCK:
        command.downgrade(alembic_config(url), revision)
