"""What a worker loads: what only some of the line needs is loaded only where it is needed.

Each gunicorn worker loads the app for itself, so every library it imports costs that much
memory in every worker (docs/performance.md). On the default SQLite file the counts are written
with the standard library's sqlite3 and a migration runs in a child process, so Alembic (about
10 MiB) and SQLAlchemy (about 12 MiB) are loaded only in a worker that serves the staff pages
(or for PostgreSQL); twilio's REST client (about 6 MiB, with requests) only
where texting is set up.
"""

from __future__ import annotations

import json
import subprocess
import sys

from alembic.config import Config
from alembic.script import ScriptDirectory

from ivr import db

from .conftest import LOCALES, MENUS, ROOT

LOADED = """
import json, os, sys
from ivr import create_app
from ivr.settings import Settings
from ivr.testing import AUTH_TOKEN, FakeTwilio
from pathlib import Path
settings = Settings(auth_token=AUTH_TOKEN, account_sid=sys.argv[3], menus_dir=Path(sys.argv[1]),
                    locales_dir=Path(sys.argv[2]), state_dir=Path(sys.argv[4]))
app = create_app(settings)
assert "<Gather" in FakeTwilio(app.test_client()).start().body
tally = app.extensions["ivr"]["tally"]
tally.keep_hours_days = 1  # this write also folds old hours, as each worker does
assert tally.flush()
if sys.argv[5:]:
    app.test_client().get("/staff")
print(json.dumps([m for m in ("alembic", "sqlalchemy", "twilio.rest", "requests") if m in sys.modules]))
"""


def loaded(state, account: str = "", *also: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", LOADED, str(MENUS), str(LOCALES), account, str(state), *also],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.splitlines()[-1])


def test_a_worker_never_loads_alembic_and_loads_twilios_rest_client_only_to_text(tmp_path):
    assert loaded(tmp_path) == []  # a new database: migrated in a child process
    assert loaded(tmp_path) == []  # already at the newest migration: nothing to load
    assert "twilio.rest" in loaded(tmp_path, "AC" + "a" * 32)


def test_a_worker_on_sqlite_loads_sqlalchemy_only_for_the_staff_pages(tmp_path):
    assert loaded(tmp_path) == []  # calls answered, their counts written and old hours folded
    assert (tmp_path / db.SQLITE_NAME).is_file()  # ... in the file, which was migrated
    assert loaded(tmp_path, "", "/staff") == ["sqlalchemy"]


def test_the_newest_migration_is_read_as_alembic_reads_it():
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    assert db.head_revision() == ScriptDirectory.from_config(config).get_current_head()
