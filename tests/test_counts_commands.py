"""``ivr db upgrade``, ``ivr staff add``, ``ivr stats`` and ``ivr db fold``, run as a
deployer runs them; and the tables the migrations make are exactly the ones the code describes."""

from __future__ import annotations

import datetime as dt

from ivr import db
from ivr.cli import main
from ivr.db.schema import metadata
from ivr.tally import Tally


def test_the_commands_on_the_state_folders_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("IVR_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("IVR_DATABASE_URL", raising=False)
    assert main(["db", "upgrade"]) == 0
    assert "alembic_version, counts, secrets, staff" in capsys.readouterr().out
    monkeypatch.setenv("IVR_STAFF_PASSWORD", "short")
    assert main(["staff", "add", "alice"]) == 1
    assert "at least 12 characters" in capsys.readouterr().err
    monkeypatch.setenv("IVR_STAFF_PASSWORD", "a long staff password")
    assert main(["staff", "add", "alice"]) == 0
    assert "Made the staff account alice" in capsys.readouterr().out

    tally = Tally(db.engine_for(f"sqlite:///{tmp_path / 'state' / db.SQLITE_NAME}"), flush_seconds=0)
    at = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)
    tally.add(at, [("call", "answered", 7), ("language", "pl-PL", 2), ("language", "en-GB", 5)])
    assert tally.flush()
    assert main(["stats", "--from", "2026-11-25", "--to", "2026-11-25"]) == 0
    out = capsys.readouterr().out
    assert "Calls per day\n  2026-11-25             7" in out
    assert "pl-PL  fewer than 5" in out and "en-GB             5" in out
    assert main(["stats", "--from", "2026-11-25", "--to", "2026-11-25", "--csv"]) == 0
    assert "Languages calls ended in,pl-PL,calls,fewer than 5" in capsys.readouterr().out
    assert main(["db", "fold", "--keep-days", "1"]) == 0
    assert "Folded the hours of 1 day(s)" in capsys.readouterr().out
    assert main(["staff", "remove", "alice"]) == 0
    assert main(["staff", "remove", "alice"]) == 1
    assert "There is no staff account alice." in capsys.readouterr().err


def test_a_database_that_cannot_be_reached_is_a_plain_message(monkeypatch, capsys):
    monkeypatch.setenv("IVR_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert main(["stats"]) == 1
    err = capsys.readouterr().err
    assert "The database cannot be used: OperationalError" in err and "Traceback" not in err


def test_the_migrations_make_exactly_the_tables_the_code_describes(database):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from ivr.settings import Settings

    engine = db.engine_from(Settings(**database))
    db.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
