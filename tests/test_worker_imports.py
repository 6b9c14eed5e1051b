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


WORKER = """
import html, json, re, sys, time
from pathlib import Path
from urllib.parse import quote, urljoin
from ivr import checked, create_app
checked.use_child_process()  # as ivr.server.Worker does, before the app loads
from twilio.request_validator import RequestValidator
from ivr.hours import parse_now
from ivr.settings import Settings
menus, locales, state, token, caller = sys.argv[1:6]
menus = Path(menus)
settings = Settings(auth_token=token, menus_dir=menus, locales_dir=Path(locales), state_dir=Path(state),
                    now=parse_now("2026-11-28T21:00:00+00:00"))  # Saturday night: most services closed
app = create_app(settings)
import datetime as dt
from ivr import bank_holidays
bank_holidays.preload_around(dt.datetime.now(dt.UTC), settings.clock())  # as ivr.server.post_worker_init
store = app.extensions["ivr"]["store"]
client = app.test_client()
bodies = []

def post(url, **fields):  # as Twilio posts (ivr.testing checks TwiML, with the voice table: not here)
    full = urljoin("http://localhost/", url)
    if url.startswith("/voice"):
        fields = {"CallSid": "CA" + "0" * 32, "From": caller, "To": "+441234567890", **fields}
    sig = RequestValidator(token).compute_signature(full, fields)
    body = client.post(url, data=fields, headers={"X-Twilio-Signature": sig}).get_data(as_text=True)
    bodies.append(body)
    return body

for lang in store.current().menus.line.voices:
    for key in ("1", "5", "2", "3", "4", "9"):
        body = post(f"/voice?at=menu%3Amain&lang={quote(lang)}", Digits=key)
        action = re.search(r'<Gather[^>]* action="([^"]+)"', body)
        if action:
            post(html.unescape(action.group(1)), Digits="1")
for words in ("ALL", "TIPS", "help", "Polski", "Romana", "TOATE", "WSZYSTKO", "1"):
    post("/sms", MessageSid="SM" + "1" * 32, From=caller, To="+441234567890", Body=words)
# An edit, checked in the background by a child, then served.
(menus / "line.yaml").write_text((menus / "line.yaml").read_text().replace("name: Fixture Line", "name: Edited Line"))
time.sleep(2.1)
post("/voice")
deadline = time.monotonic() + 20
while store.current().menus.line.name != "Edited Line" and time.monotonic() < deadline:
    time.sleep(0.05)
post("/voice")
import babel.core, babel.localedata
print(json.dumps({
    "modules": sorted(m for m in sys.modules if m.split(".")[0] in ("yaml", "jsonschema", "referencing", "holidays")
                      or m.startswith(("babel.messages", "ivr.inspect", "ivr.reading", "ivr.yamltree", "ivr.shape",
                                       "ivr.voices", "ivr.timing"))),
    "babel_data": sorted(babel.localedata._cache), "babel_global": babel.core._global_data is not None,
    "bodies": bodies,
}))
"""


def test_a_worker_never_loads_the_checkers_yaml_or_babel_s_whole_data(tmp_path):
    """Calls and texts in every language, with times and days said, and an edit served: the menus
    were checked by a child (ivr.checked), whose cut of Babel's data said every word."""
    import shutil

    from ivr.testing import AUTH_TOKEN, CALLER, parse_messaging_twiml, parse_twiml

    menus = tmp_path / "menus"
    shutil.copytree(MENUS, menus)
    out = subprocess.run(
        [sys.executable, "-c", WORKER, str(menus), str(LOCALES), str(tmp_path / "state"), AUTH_TOKEN, CALLER],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    found = json.loads(out.stdout.splitlines()[-1])
    voice, texts, edited = found["bodies"][:-10], found["bodies"][-10:-2], found["bodies"][-1]
    heard = " ".join(" ".join(el.text or "" for el in parse_twiml(b).iter("Say")) for b in voice)
    written = " ".join(" ".join(el.text or "" for el in parse_messaging_twiml(b).iter("Message")) for b in texts)
    assert "Edited Line" in edited  # the edit was checked by a child and served
    # Days and times were said in every language, and texts written with a week's hours.
    assert "Monday at 9 in the morning" in heard and "poniedziałek, o 9 rano" in heard
    assert "Mon" in written and "9:00" in written
    assert found["modules"] == [] and found["babel_data"] == [] and found["babel_global"] is False, found["modules"]
    assert "could not be checked" not in out.stderr and "was cut without" not in out.stderr, out.stderr[-2000:]
    assert CALLER not in out.stderr
