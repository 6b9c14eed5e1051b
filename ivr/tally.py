"""The anonymous counts: added in memory during a call, written to the database in batches.

A webhook only adds to a dictionary in memory (microseconds); a thread in each worker
writes what has gathered every few seconds, in one short transaction. So counting never
slows a call, and when the database is down the call goes on: that batch of counts is
dropped and the log says so, at most once a minute. See :mod:`ivr.counting` for what is
counted and :mod:`ivr.db` for where.
"""

from __future__ import annotations

import atexit
import collections
import datetime as dt
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from . import db
from .counting import Count
from .db.sqlite_file import CountsFile
from .hours import LONDON

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

log = logging.getLogger("ivr.tally")

#: Seconds between writes from one worker.
FLUSH_SECONDS = 5.0
#: At most one complaint a minute about a database that is down.
COMPLAIN_SECONDS = 60.0
#: How often a worker folds old hours into days (the first write of each worker also does).
FOLD_SECONDS = 6 * 3600.0

Key = tuple[dt.date, int, str, str]


def _insert(conn: Connection):  # noqa: ANN202 - the dialect's INSERT, which has ON CONFLICT
    from .db.schema import counts

    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    return insert(counts)


def _adding(stmt):  # noqa: ANN001, ANN202
    """``stmt`` adding its ``n`` to a row that already exists."""
    from .db.schema import counts

    return stmt.on_conflict_do_update(
        index_elements=["day", "hour", "event", "detail"], set_={"n": counts.c.n + stmt.excluded.n}
    )


def upsert(conn: Connection, rows: list[dict[str, object]]) -> None:
    """Add ``n`` to each (day, hour, event, detail) row, making the rows that do not exist."""
    conn.execute(_adding(_insert(conn)), rows)


class Tally:
    """Counts for one process. ``add`` never raises and never waits for the database.

    Written to an SQLite file (:class:`CountsFile`, the default) with the standard library's
    ``sqlite3``; to any other database (``engine``) with SQLAlchemy. ``engine`` is also what the
    staff pages read with: for a file it is made on first use."""

    def __init__(
        self,
        engine: Engine | CountsFile | None,
        flush_seconds: float = FLUSH_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        keep_hours_days: int | None = None,
    ):
        self.file = engine if isinstance(engine, CountsFile) else None
        self._engine = None if isinstance(engine, CountsFile) else engine
        #: Fold hours older than this many days into days, at the first write and every FOLD_SECONDS.
        self.keep_hours_days = keep_hours_days
        self._next_fold = clock()
        self.flush_seconds = flush_seconds
        self._clock = clock
        self._pending: collections.Counter[Key] = collections.Counter()
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._engine_lock = threading.Lock()  # not _lock: making the engine must not hold up add()
        self._pid: int | None = None
        self._last_complaint = -COMPLAIN_SECONDS
        self.dropped = 0

    @property
    def engine(self) -> Engine | None:
        """SQLAlchemy's engine for this database (made on first use for a file: SQLAlchemy is
        loaded only in a worker that serves the staff pages)."""
        if self._engine is None and self.file is not None:
            with self._engine_lock:
                if self._engine is None:
                    self._engine = db.engine_for(self.file.url)
        return self._engine

    def add(self, when: dt.datetime, items: Iterable[Count]) -> None:
        """Count these at ``when``'s hour (UK time)."""
        try:
            local = when.astimezone(LONDON)
            day, hour = local.date(), local.hour
            with self._lock:
                for event, detail, n in items:
                    self._pending[(day, hour, event, detail[:80])] += n
            if self._pid != os.getpid() and self.flush_seconds > 0:
                self._start()
        except Exception as exc:  # counting must never break a call
            self._complain(exc)

    def _start(self) -> None:
        # A thread per process, started by the first count (after gunicorn forks a worker).
        with self._lock:
            if self._pid == os.getpid():
                return
            self._pid = os.getpid()
        ref = weakref.ref(self)
        threading.Thread(target=_run, args=(ref, self.flush_seconds), name="ivr-tally", daemon=True).start()
        atexit.register(_flush_at_exit, ref)

    def flush(self) -> bool:
        """Write what has gathered now; False (counts dropped, logged) if the database failed."""
        with self._flush_lock:
            with self._lock:
                pending, self._pending = self._pending, collections.Counter()
            rows = [(d, h, e, x, n) for (d, h, e, x), n in pending.items() if n]
            engine = self._engine
            if not rows or (self.file is None and engine is None):
                return True
            try:
                if self.file is not None:
                    self.file.add([(d.isoformat(), h, e, x, n) for d, h, e, x, n in rows])
                elif engine is not None:
                    db.upgrade(engine)
                    with engine.begin() as conn:
                        upsert(conn, [{"day": d, "hour": h, "event": e, "detail": x, "n": n} for d, h, e, x, n in rows])
            except Exception as exc:
                self.dropped += sum(abs(n) for *_, n in rows)
                self._complain(exc)
                return False
            if self.keep_hours_days and self._clock() >= self._next_fold:
                self._next_fold = self._clock() + FOLD_SECONDS
                try:
                    if self.file is not None:
                        self.file.fold(_fold_before(self.keep_hours_days))
                    elif engine is not None:
                        fold(engine, self.keep_hours_days)
                except Exception as exc:  # another worker folding at the same moment, or the database gone
                    log.info("folding old hours into days failed (%s); trying again later", type(exc).__name__)
            return True

    def _complain(self, exc: BaseException) -> None:
        now = self._clock()
        if now - self._last_complaint >= COMPLAIN_SECONDS:
            self._last_complaint = now
            log.warning(
                "the counts cannot be written (%s); calls go on, and their counts are dropped "
                "(%d so far); this is said at most once a minute",
                type(exc).__name__,
                self.dropped,
            )


def _run(ref: weakref.ref[Tally], seconds: float) -> None:
    """The writer thread: holds the tally weakly, so it ends when its app is gone."""
    while True:
        time.sleep(seconds)
        tally = ref()
        if tally is None:
            return
        tally.flush()
        del tally


def _flush_at_exit(ref: weakref.ref[Tally]) -> None:
    tally = ref()
    if tally is not None:
        tally.flush()


def fold(engine: Engine, keep_hours_days: int, today: dt.date | None = None) -> int:
    """Fold hourly rows older than ``keep_hours_days`` days into one row per day; the number of
    days folded. The week-by-hour picture then no longer includes those days.

    Two statements that write from the start (add the sums, then delete the hours) in one
    transaction, so workers folding at once take turns and never count a day twice."""
    from sqlalchemy import SmallInteger, and_, delete, func, literal, select, text

    from .db.schema import WHOLE_DAY, counts

    db.upgrade(engine)
    before = _fold_before(keep_hours_days, today)
    old = and_(counts.c.day < before, counts.c.hour != WHOLE_DAY)
    sums = (
        select(counts.c.day, literal(WHOLE_DAY, SmallInteger), counts.c.event, counts.c.detail, func.sum(counts.c.n))
        .where(old)
        .group_by(counts.c.day, counts.c.event, counts.c.detail)
    )
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(4242014)"))
        conn.execute(_adding(_insert(conn).from_select(["day", "hour", "event", "detail", "n"], sums)))
        days = conn.execute(delete(counts).where(old).returning(counts.c.day)).scalars().all()
    return len(set(days))


def _fold_before(keep_hours_days: int, today: dt.date | None = None) -> dt.date:
    """The first day whose hours are kept: older days are folded."""
    return (today or dt.datetime.now(LONDON).date()) - dt.timedelta(days=keep_hours_days)
