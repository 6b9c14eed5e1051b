"""The counts in the default SQLite file are written with the standard library's sqlite3
(:mod:`ivr.db.sqlite_file`), so a worker that only answers calls never loads SQLAlchemy. These
tests hold that writer to SQLAlchemy's: the same rows, byte for byte, the same folding, the
same safety when workers write or fold at once, and a file that cannot be reached never touches
a call."""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import sqlite3

from ivr import db, report
from ivr.db.sqlite_file import CountsFile
from ivr.tally import Tally, fold
from ivr.testing import FakeTwilio
from tests.conftest import make_app

DAY = dt.date(2026, 11, 25)
ADDS = [
    (dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC), [("call", "answered", 2), ("language", "en-GB", 2)]),
    (dt.datetime(2026, 6, 1, 23, 30, tzinfo=dt.UTC), [("call", "answered", 1), ("service", "x" * 100, 1)]),
    (dt.datetime(2026, 6, 2, 12, tzinfo=dt.UTC), [("language", "en-GB", -1), ("language", "pl-PL", 1)]),
    (dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC), [("call", "answered", 1), ("dial", "weekday:busy:0s", 1)]),
]


def stored(path) -> list[tuple]:
    """Every row as SQLite holds it, with the type each value is stored as."""
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT day, typeof(day), hour, typeof(hour), event, detail, n, typeof(n) FROM counts "
            "ORDER BY day, hour, event, detail"
        ).fetchall()


def test_the_file_writer_stores_and_folds_exactly_what_sqlalchemy_does(tmp_path):
    by_file = Tally(CountsFile(str(tmp_path / "file.db")), flush_seconds=0)
    by_sqlalchemy = Tally(db.engine_for(f"sqlite:///{tmp_path / 'sqlalchemy.db'}"), flush_seconds=0)
    for tally in (by_file, by_sqlalchemy):
        for _ in range(2):  # the second time adds to rows that exist
            for when, items in ADDS:
                tally.add(when, items)
            assert tally.flush()
    assert stored(tmp_path / "file.db") == stored(tmp_path / "sqlalchemy.db")
    assert len(stored(tmp_path / "file.db")) == 8

    assert by_file.file is not None
    assert by_file.file.fold(DAY - dt.timedelta(days=90)) == 2
    assert fold(by_sqlalchemy.engine, 90, today=DAY) == 2  # type: ignore[arg-type]
    assert stored(tmp_path / "file.db") == stored(tmp_path / "sqlalchemy.db")
    assert {row[2] for row in stored(tmp_path / "file.db")} == {db.WHOLE_DAY, 9}
    # The staff pages read the file with SQLAlchemy: the same figures from both.
    first, last = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert report.read(by_file.engine, first, last) == report.read(by_sqlalchemy.engine, first, last)  # type: ignore[arg-type]


def test_a_new_file_is_made_by_alembics_migrations(tmp_path):
    path = tmp_path / "line.db"
    tally = Tally(CountsFile(str(path)), flush_seconds=0)
    tally.add(dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC), [("call", "answered", 1)])
    assert tally.flush()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(db.head_revision(),)]
    assert db.tables(db.engine_for(f"sqlite:///{path}")) == ["alembic_version", "counts", "secrets", "staff"]


def _file_worker_counts(path: str) -> bool:
    tally = Tally(CountsFile(path), flush_seconds=0)
    ok = True
    for _ in range(20):
        tally.add(dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC), [("call", "answered", 1)])
        ok = tally.flush() and ok
    return ok


def _file_fold(path: str) -> int:
    return CountsFile(path).fold(DAY - dt.timedelta(days=90))


def test_workers_writing_and_folding_one_file_together_lose_nothing_and_count_nothing_twice(tmp_path):
    path = str(tmp_path / "line.db")
    CountsFile(path).migrate()
    with multiprocessing.get_context("fork").Pool(4) as pool:
        assert all(pool.map(_file_worker_counts, [path] * 4, chunksize=1))
    assert stored(path) == [("2026-11-25", "text", 10, "integer", "call", "answered", 80, "integer")]

    tally = Tally(CountsFile(path), flush_seconds=0)
    for day in range(1, 21):
        for hour in range(0, 24, 6):
            tally.add(dt.datetime(2026, 5, day, hour, tzinfo=dt.UTC), [("call", "answered", 3)])
    assert tally.flush()
    with multiprocessing.get_context("fork").Pool(4) as pool:
        assert sorted(pool.map(_file_fold, [path] * 4, chunksize=1)) == [0, 0, 0, 20]
    may = [row for row in stored(path) if row[0].startswith("2026-05")]
    assert {row[2] for row in may} == {db.WHOLE_DAY} and sum(row[6] for row in may) == 20 * 4 * 3


def test_each_worker_folds_old_hours_of_the_file_by_itself(tmp_path):
    path = tmp_path / "line.db"
    tally = Tally(CountsFile(str(path)), flush_seconds=0, keep_hours_days=30)
    tally.add(dt.datetime.now(dt.UTC) - dt.timedelta(days=40), [("call", "answered", 1)])
    tally.add(dt.datetime.now(dt.UTC), [("call", "answered", 1)])
    assert tally.flush()
    assert sorted(row[2] == db.WHOLE_DAY for row in stored(path)) == [False, True]


def test_a_file_that_cannot_be_written_never_touches_a_call_and_is_logged(tmp_path, caplog):
    broken = Tally(CountsFile(str(tmp_path / "missing" / "folder" / "line.db")), flush_seconds=0)
    app = make_app("2026-11-25T10:00:00+00:00", state_dir=tmp_path / "state")
    app.extensions["ivr"]["tally"] = broken
    caplog.set_level(logging.WARNING, logger="ivr.tally")
    for _ in range(2):
        assert "Fixture services" in FakeTwilio(app.test_client()).keys("1").text
        assert not broken.flush()
    assert broken.dropped == 6  # two calls, each answered, its language and its menu choice
    assert len([r for r in caplog.records if "cannot be written" in r.getMessage()]) == 1


def test_only_a_plain_sqlite_file_is_written_without_sqlalchemy():
    assert CountsFile.at("sqlite:////srv/state/line.db").path == "/srv/state/line.db"  # type: ignore[union-attr]
    for url in ("sqlite://", "sqlite:///:memory:", "sqlite:///line.db?mode=ro", "postgresql+psycopg://u@h/d"):
        assert CountsFile.at(url) is None, url
