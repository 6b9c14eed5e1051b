"""The counts in an SQLite file (the default), written with the standard library's ``sqlite3``.

Every worker writes its counts every few seconds, so whatever writes them is loaded in every
worker. On SQLite that is one ``INSERT … ON CONFLICT`` (and, a few times a day, the fold), so
SQLAlchemy (about 12 MiB a worker, docs/performance.md) is not loaded for it: only the staff
pages, the ``ivr`` commands and PostgreSQL use it. The tables are still described by
:mod:`ivr.db.schema` and made only by Alembic's migrations: this module reads Alembic's
revision and, when the file is behind the newest, has :func:`ivr.db.upgrade` migrate it (in a child
process, so not even the first start leaves SQLAlchemy in a worker). Its
statements are the ones :mod:`ivr.tally` has SQLAlchemy compile, written out; a test holds the
two writers to the same rows.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import WHOLE_DAY, head_revision

PREFIX = "sqlite:///"
_ADD = "ON CONFLICT (day, hour, event, detail) DO UPDATE SET n = counts.n + excluded.n"
UPSERT = f"INSERT INTO counts (day, hour, event, detail, n) VALUES (?, ?, ?, ?, ?) {_ADD}"
FOLD = (
    "INSERT INTO counts (day, hour, event, detail, n) SELECT day, ?, event, detail, sum(n) FROM counts "
    f"WHERE day < ? AND hour != ? GROUP BY day, event, detail {_ADD}"
)
DELETE_FOLDED = "DELETE FROM counts WHERE day < ? AND hour != ? RETURNING day"
#: Run in a child process by :meth:`CountsFile.migrate`.
MIGRATE = "import sys; from ivr import db; e = db.engine_for(sys.argv[1]); db.upgrade(e); e.dispose()"
#: Seconds between tries at migrating a file that could not be migrated (each try is a process).
RETRY_SECONDS = 60.0


class NotMigrated(Exception):
    """The file could not be brought up to the newest migration."""


#: (day, hour, event, detail, n), the day as SQLAlchemy keeps a ``Date`` in SQLite: ISO text.
Row = tuple[str, int, str, str, int]


class CountsFile:
    """The counts' table in one SQLite file. Each use opens its own short connection, so none
    is shared between threads, or between processes across a fork."""

    def __init__(self, path: str):
        self.path = path
        self.url = PREFIX + path
        self._current = False
        self._next_try = 0.0

    @classmethod
    def at(cls, url: str) -> CountsFile | None:
        """The file an ``sqlite:///path`` URL names; None for any other database (PostgreSQL,
        SQLite in memory, a URL with options), which SQLAlchemy writes."""
        path = url[len(PREFIX) :] if url.startswith(PREFIX) else ""
        if not path or "?" in path or path == ":memory:":
            return None
        return cls(path)

    def _connect(self) -> sqlite3.Connection:
        # The same settings as ivr.db.engine_for gives SQLAlchemy's connections to the file.
        conn = sqlite3.connect(self.path, timeout=2, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=2000")
        return conn

    def revision(self) -> str | None:
        """The revision the file is at (Alembic's own table), or None if it cannot be read."""
        try:
            conn = self._connect()
            try:
                rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
            finally:
                conn.close()
        except sqlite3.Error:  # no table yet, or no file: Alembic will say
            return None
        return rows[0][0] if len(rows) == 1 else None

    def migrate(self) -> None:
        """Bring the tables up to the newest migration when the file is behind (a new file, or
        a new release's migration), with :func:`ivr.db.upgrade` in a child process: Alembic and
        SQLAlchemy (about 23 MiB) would otherwise stay loaded in this worker for good. Raises
        :class:`NotMigrated` when that fails, and then tries again at most once a minute."""
        if self._current:
            return
        if self.revision() != head_revision():
            if time.monotonic() < self._next_try:
                raise NotMigrated("tried less than a minute ago")
            self._next_try = time.monotonic() + RETRY_SECONDS
            here = str(Path(__file__).resolve().parents[2])  # the folder this ivr package is in
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)}
            try:
                done = subprocess.run(
                    [sys.executable, "-c", MIGRATE, self.url], env=env, capture_output=True, text=True, timeout=120
                )
            except (OSError, subprocess.SubprocessError) as exc:
                raise NotMigrated(type(exc).__name__) from exc
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["no message"])[-1]
                raise NotMigrated(last[:200])
        self._current = True

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A connection of its own in a transaction that writes from the start (so workers
        writing or folding at once take turns), committed at the end, else rolled back."""
        self.migrate()
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def add(self, rows: list[Row]) -> None:
        """Add each row's ``n`` to its (day, hour, event, detail), in one transaction."""
        with self._transaction() as conn:
            conn.executemany(UPSERT, rows)

    def fold(self, before: dt.date) -> int:
        """Fold the hourly rows of days before ``before`` into one row per day, in one
        transaction; the number of days folded."""
        with self._transaction() as conn:
            conn.execute(FOLD, (WHOLE_DAY, before.isoformat(), WHOLE_DAY))
            days = {day for (day,) in conn.execute(DELETE_FOLDED, (before.isoformat(), WHOLE_DAY)).fetchall()}
        return len(days)
