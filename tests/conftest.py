"""Fixtures: an app on the fixture line, and a call driven as Twilio drives it.

Behaviour tests run on the fixture line in ``tests/fixture`` (``MENUS``, ``LOCALES``): services,
hours, tips and catalogues made for the tests, so an edit of the real content never breaks
them. Only ``tests/test_shipped_content.py`` reads the content the line ships
(``SHIPPED_MENUS``, ``SHIPPED_LOCALES``; ``IVR_MENUS``/``IVR_LOCALES`` point them elsewhere, as
``tests/content_edits.py`` does), and it asserts only what holds for any valid content.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from ivr import create_app
from ivr.hours import parse_now
from ivr.menus import load
from ivr.settings import Settings
from ivr.testing import AUTH_TOKEN, FakeTwilio

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixture"
#: The fixture line: what every behaviour test runs on.
MENUS = FIXTURE / "menus"
LOCALES = FIXTURE / "locales"
#: The content the line ships (or an edited copy of it): for the shipped-content tests only.
SHIPPED_MENUS = Path(os.environ.get("IVR_MENUS") or ROOT / "menus")
SHIPPED_LOCALES = Path(os.environ.get("IVR_LOCALES") or ROOT / "locales")


@pytest.fixture(scope="session", autouse=True)
def timing_cache(tmp_path_factory):
    """``ivr check`` remembers espeak-ng's timings; in tests, in a temporary folder, not ~/.cache."""
    import os

    os.environ["IVR_TIMING_CACHE"] = str(tmp_path_factory.mktemp("timing") / "speech-seconds.json")


@pytest.fixture
def no_cut(monkeypatch):
    """This process without a cut of Babel's data (ivr.cldr), and whatever a test installs
    undone after it: as a process that checked its menus itself."""
    from ivr import cldr

    monkeypatch.setattr(cldr, "_locales", {})
    monkeypatch.setattr(cldr, "_names", {})


@pytest.fixture(scope="session")
def menus():
    return load(MENUS)


def edited_menus(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """A copy of the fixture menus with one edit, as a maintainer might make it."""
    folder = tmp_path / "menus"
    if not folder.exists():
        shutil.copytree(MENUS, folder)
    path = folder / file
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return folder


def make_app(now: str | dt.datetime | None = None, **overrides):
    if isinstance(now, str):
        now = parse_now(now)
    fields = {"auth_token": AUTH_TOKEN, "menus_dir": MENUS, "locales_dir": LOCALES, "now": now, **overrides}
    settings = Settings(**fields)
    app = create_app(settings)
    app.testing = True
    return app


@pytest.fixture
def app_at():
    """``app_at("2026-11-30T10:00:00+00:00")``: the app with its clock frozen there."""
    return make_app


@pytest.fixture
def call_at(app_at):
    """``call_at(when)``: a fresh call to an app whose clock is frozen at ``when``."""

    def start(when: str, **kwargs) -> FakeTwilio:
        return FakeTwilio(app_at(when).test_client(), **kwargs)

    return start


@pytest.fixture(autouse=True)
def own_temporary_folder(tmp_path_factory, monkeypatch):
    """Each test's line keeps its state (the texts counted, the last good menus) in a folder of
    its own: the default state folder is under the temporary directory, which would otherwise
    carry counts from one test, or one run, to the next."""
    folder = tmp_path_factory.mktemp("tmpdir")
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server's URL for the whole run (see tests/databases.py)."""
    import os

    from tests.databases import IN_CI, pg_bin, throwaway_cluster

    given = os.environ.get("IVR_TEST_DATABASE_URL", "").strip()
    if given:
        yield given
        return
    if pg_bin() is None:
        if IN_CI:
            pytest.fail("PostgreSQL is not installed; in CI the PostgreSQL tests must run (.ci/run installs it)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    with throwaway_cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """Settings fields for a fresh, empty database of each kind."""
    if request.param == "sqlite":
        return {"state_dir": tmp_path / "state"}
    from tests.databases import fresh_database

    return {"database_url": fresh_database(request.getfixturevalue("pg_server"))}


@pytest.fixture(scope="session", autouse=True)
def no_caller_in_the_default_database_after_the_whole_run(tmp_path_factory):
    """After every test: the counts of all the apps the run made (each test's own state folder
    and the line's default SQLite file) name no caller and no call."""
    yield
    import gc
    import hashlib

    from ivr import db
    from ivr.tally import Tally
    from ivr.testing import CALLER

    for tally in [o for o in gc.get_objects() if isinstance(o, Tally)]:
        tally.flush()
    folder = tmp_path_factory.getbasetemp()
    files = [*folder.rglob(f"{db.SQLITE_NAME}*"), *Settings(menus_dir=MENUS).state_folder().glob(f"{db.SQLITE_NAME}*")]
    assert files, f"no database written under {folder}: this check would prove nothing"
    stored = b"".join(p.read_bytes() for p in files if p.is_file())
    forms = {CALLER, CALLER[1:], "0" + CALLER[3:], "+447911123456", "447911123456", "07911123456"}
    needles = {"7700900123", "7911123456", "7700 900123", "CA" + "0" * 32, "CA" + "2" * 32}
    needles |= {getattr(hashlib, a)(f.encode()).hexdigest() for f in forms for a in ("md5", "sha1", "sha256")}
    found = [n for n in needles if n.encode() in stored]
    assert not found, f"{found} in {folder}"
