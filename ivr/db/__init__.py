"""The line's database: anonymous counts and staff accounts, in SQLite or PostgreSQL.

By default an SQLite file, ``line.db``, in the state folder (:mod:`ivr.state`): it needs
nothing and is shared safely by the workers of one server (WAL, short transactions). Several
servers share PostgreSQL instead, named by ``IVR_DATABASE_URL``
(``postgresql://user:password@host/dbname``). Tables are described once with SQLAlchemy Core
(:mod:`ivr.db.schema`) and changed only by Alembic migrations (``ivr db upgrade``, also run
when the line starts). Workers write the counts to the SQLite file with the standard library's
``sqlite3`` and migrate it in a child process (:mod:`ivr.db.sqlite_file`), so SQLAlchemy is
loaded only for PostgreSQL, the staff pages and the ``ivr`` commands. Other state the workers
share (e.g. per-number text caps) can live here too, as further tables with their own migrations.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ..settings import Settings

ENV = "IVR_DATABASE_URL"
SQLITE_NAME = "line.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: ``hour`` of a row that holds a whole old day (its hours folded together): see :mod:`ivr.tally`.
WHOLE_DAY = -1

_migrated: set[str] = set()
_lock = threading.Lock()


def url_for(database_url: str, state_folder: Path | None) -> str:
    """``IVR_DATABASE_URL`` (``postgres://`` and ``postgresql://`` both mean psycopg 3), else
    SQLite in the state folder; in memory when there is no writable state folder."""
    url = database_url.strip()
    if url:
        for prefix in ("postgres://", "postgresql://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix) :]
        return url
    if state_folder is None:
        return "sqlite://"
    return f"sqlite:///{Path(state_folder) / SQLITE_NAME}"


def _sqlite_pragmas(conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=2000")
    cur.close()


def engine_for(url: str) -> Engine:
    """An engine with short timeouts: a slow database must never hold a worker long."""
    from sqlalchemy import create_engine, event

    if url.startswith("sqlite"):
        if url == "sqlite://":  # no state folder: one database in memory, shared by the threads
            from sqlalchemy.pool import StaticPool

            engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            engine = create_engine(url, connect_args={"timeout": 2})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    args = {"connect_timeout": 3} if "psycopg" in url else {}
    return create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=2, pool_timeout=3, connect_args=args)


def upgrade(engine: Engine) -> None:
    """Bring the tables up to the newest migration (once per process and database)."""
    key = str(engine.url)
    if key in _migrated:
        return
    head = head_revision()
    if head is not None and _revision(engine) == head:
        _migrated.add(key)  # nothing to do, told without loading Alembic (about 10 MiB a worker)
        return
    import logging

    from alembic import command
    from alembic.config import Config

    logging.getLogger("alembic").setLevel(logging.WARNING)  # its INFO lines on every start are noise
    with _lock:
        if key in _migrated:
            return
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with _file_lock(engine), engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # servers starting together migrate one at a time
                from sqlalchemy import text

                conn.execute(text("SELECT pg_advisory_xact_lock(4242013)"))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
        _migrated.add(key)


def head_revision() -> str | None:
    """The newest migration's revision, read from the migration files as Alembic reads them
    (the one no other names as its ``down_revision``); None when that is not one revision."""
    revisions: set[str] = set()
    downs: set[str] = set()
    quoted = re.compile(r"""["']([^"']+)["']""")
    for path in (MIGRATIONS / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = re.search(r"^revision\b[^=\n]*=(.*)$", text, re.M)
        down = re.search(r"^down_revision\b[^=\n]*=(.*)$", text, re.M)
        if found is None or down is None:
            return None
        revisions.update(quoted.findall(found.group(1)))
        downs.update(quoted.findall(down.group(1)))
    heads = revisions - downs
    return heads.pop() if len(heads) == 1 else None


def _revision(engine: Engine) -> str | None:
    """The revision the database is at (Alembic's own table), or None if it cannot be read."""
    from sqlalchemy import text

    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except Exception:  # no table yet, or no database: Alembic will say
        return None
    return rows[0] if len(rows) == 1 else None


@contextmanager
def _file_lock(engine: Engine) -> Iterator[None]:
    """Workers of one server starting together migrate an SQLite file one at a time."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    import fcntl

    with open(f"{path}.migrating", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def tables(engine: Engine) -> list[str]:
    from sqlalchemy import inspect as sa_inspect

    return sorted(sa_inspect(engine).get_table_names())


def url_from(settings: Settings) -> str:
    """The database the settings name: ``IVR_DATABASE_URL``, else the state folder's SQLite."""
    from ..state import ensure

    folder = None if settings.database_url else ensure(settings.state_folder())
    return url_for(settings.database_url, folder)


def engine_from(settings: Settings) -> Engine:
    """The engine the settings name: ``IVR_DATABASE_URL``, else the state folder's SQLite."""
    return engine_for(url_from(settings))
